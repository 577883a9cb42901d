"""Reads that shape events for pages: the home page's pick, the list's groups, an event's
programme, and the events a worker keeps between requests (``common.snapshots``)."""

from datetime import datetime

from django.db.models import Case, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.snapshots import Snapshots
from events import programme
from events.models import (
    Event,
    Session,
    SessionSpeaker,
    organiser_rows,
    sessions_with_speaker_rows,
)


def home_events(*, now: datetime | None = None, limit: int = 3) -> tuple[Event | None, list]:
    """The forum the home page features and the next ``limit`` upcoming events, in two queries.

    The featured forum follows the dates: the event the secretariat marked as featured while
    it has not ended, else the network's next upcoming forum, else its latest forum that took
    place (which its card marks as past, with its outcomes and recordings). A partner's forum
    is listed among the events but never featured.
    """
    now = now or timezone.now()
    forums = Event.objects.published().filter(kind=Event.Kind.FORUM, hosted_by=Event.Host.NETWORK)
    next_forum = forums.filter(end__gt=now).order_by("start", "pk").values("pk")[:1]
    last_forum = forums.filter(end__lte=now).order_by("-end", "-pk").values("pk")[:1]
    candidates = Q(featured=True) | Q(pk=Subquery(next_forum)) | Q(pk=Subquery(last_forum))
    events = list(
        Event.objects.published()
        .filter(candidates | Q(end__gt=now))
        # The (at most three) candidates first, so the slice never cuts them off.
        .alias(candidate=Case(When(candidates, then=Value(0)), default=Value(1)))
        .with_organisers()
        .order_by("candidate", "start", "pk")[: limit + 3]
    )
    marked = next((e for e in events if e.featured and not e.has_ended(now)), None)
    own_forums = [
        e for e in events if e.kind == Event.Kind.FORUM and e.hosted_by == Event.Host.NETWORK
    ]
    upcoming_forum = next((e for e in own_forums if e.end and e.end > now), None)
    past_forums = [e for e in own_forums if e.has_ended(now)]
    latest_past = max(past_forums, key=lambda e: (e.end, e.pk), default=None)
    featured = marked or upcoming_forum or latest_past
    upcoming = sorted(
        (e for e in events if e.end and e.end > now and e is not featured),
        key=lambda e: (e.start, e.pk),
    )[:limit]
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


# --- The events a worker keeps (common.snapshots) ---------------------------------------------
# Keyed by the language too: an event keeps its ``when`` texts in the language they were first
# read in. Drafts are kept as well; the views decide who may see them.
_kept = Snapshots()


def event_for_page(slug: str) -> Event | None:
    """The event page's event: its facts and its programme's stamp (``with_programme_stamp``)."""
    return _kept.get(
        ("page", slug, get_language()),
        lambda: Event.objects.with_facts().with_programme_stamp().filter(slug=slug).first(),
    )


def event_by_slug(slug: str) -> Event | None:
    """The event's own row (the registration form and its submission)."""
    return _kept.get(("row", slug, get_language()), lambda: Event.objects.filter(slug=slug).first())


def event_with_streams(pk: int) -> Event | None:
    """The event with its stream links (a registration's result page)."""
    return _kept.get(
        ("streams", pk, get_language()),
        lambda: Event.objects.prefetch_related("stream_links").filter(pk=pk).first(),
    )


def event_for_messages(pk: int) -> Event | None:
    """The event as a registration message and its calendar file read it: its organisers,
    streams and programme, without what only the event page shows (series, featured links,
    topics). Kept by the mail worker, which renders many messages of one event."""
    return _kept.get(
        ("messages", pk, get_language()),
        lambda: (
            Event.objects.prefetch_related(
                organiser_rows(), "stream_links", sessions_with_speaker_rows()
            )
            .filter(pk=pk)
            .first()
        ),
    )


def forget_kept_events() -> None:
    _kept.clear()
