"""Reads that shape events for pages: the home page's pick, the list's groups and an event's
programme."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events import programme
from events.models import Event, Session, SessionSpeaker


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


def programme_by_day(event: Event) -> list[dict]:
    """The event's sessions grouped by their day in its zone, as ``events.programme.days``
    shapes them for ``events/includes/_programme.html``.

    Two queries of plain values (why: ``events.programme``), so the event page loads the
    event with ``with_facts()`` and no session instances.
    """
    # A programme may hold hundreds of sessions: labels are translated once, not per row.
    kinds = {value: str(label) for value, label in Session.Kind.choices}
    roles = {value: str(label).lower() for value, label in SessionSpeaker.Role.choices}
    sessions = Session.objects.filter(event=event).values_list(*programme.SESSION_FIELDS)
    speaker_rows = (
        SessionSpeaker.objects.filter(session__event=event)
        .order_by("sort_order", "pk")
        .values_list(*programme.SPEAKER_FIELDS)
    )
    return programme.days(event, sessions, speaker_rows, kinds=kinds, roles=roles)
