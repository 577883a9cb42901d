"""Reads that shape events for pages: the home page's pick and the list's groups."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event


def home_events(*, now: datetime | None = None, limit: int = 3) -> tuple[Event | None, list]:
    """The featured event and the next ``limit`` upcoming ones, in two queries."""
    now = now or timezone.now()
    events = list(
        Event.objects.published()
        .filter(Q(featured=True) | Q(end__gt=now))
        .with_organisers()
        .order_by("-featured", "start", "pk")[: limit + 1]
    )
    featured = next((event for event in events if event.featured), None)
    upcoming = [event for event in events if not event.featured][:limit]
    return featured, upcoming


def listing_groups(events, *, now: datetime) -> list[dict]:
    """Split events (already in listing order) into upcoming, past years and undated."""
    groups: list[dict] = []
    for event in events:
        if event.start is None:
            key, title = "tba", _("Date not announced")
        elif event.end > now:
            key, title = "upcoming", _("Upcoming")
        else:
            year = event.local_start.year
            key, title = f"year-{year}", _("Past events in %(year)s") % {"year": year}
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "title": title, "events": []})
        groups[-1]["events"].append(event)
    return groups
