"""Reads for one person's pages and feed: their stars and registrations, in a constant number
of queries whatever their number."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language

from events import timefmt
from events.models import Event, Session, SessionSpeaker, organiser_rows
from registrations.models import Registration

# A cancelled registration stays in the feed, as STATUS:CANCELLED, this long; then it leaves.
CANCELLED_KEPT = timedelta(days=30)


def reader_zone(user, events: list[Event] = ()) -> zoneinfo.ZoneInfo:
    """The zone the reader expects to read times in.

    Their profile's zone (sign-up and registration store the zone the browser reports); with
    none, a Korean reader gets Seoul; otherwise the zone of the given events when they all share
    one (how their own pages show them), else UTC.
    """
    name = user.time_zone
    if not name and (get_language() or "").startswith("ko"):
        name = "Asia/Seoul"
    if not name:
        zones = {event.time_zone for event in events}
        name = zones.pop() if len(zones) == 1 else "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _speaker_rows() -> Prefetch:
    return Prefetch(
        "session_speakers",
        queryset=SessionSpeaker.objects.select_related("speaker", "speaker__organisation"),
        to_attr="prefetched_speaker_rows",
    )


def starred_events(user) -> list[Event]:
    return list(
        Event.objects.published()
        .filter(stars__user=user)
        .prefetch_related(organiser_rows(), "stream_links")
        .order_by("start", "pk")
    )


def starred_sessions(user) -> list[Session]:
    return list(
        Session.objects.filter(stars__user=user, event__in=Event.objects.published())
        .select_related("event")
        .prefetch_related(_speaker_rows())
        .order_by("start", "pk")
    )


def feed_registrations(user, *, now: datetime | None = None) -> list[Registration]:
    """The person's registrations for dated events: the active ones, and those cancelled
    lately (so a subscribed calendar learns of the cancellation before the event leaves)."""
    now = now or timezone.now()
    registrations = list(
        Registration.objects.filter(user=user, event__start__isnull=False)
        .filter(Q(status__in=["confirmed", "waiting"]) | Q(cancelled_at__gt=now - CANCELLED_KEPT))
        .select_related("event")
        .prefetch_related("event__stream_links")
        .order_by("event__start", "created_at", "pk")
    )
    # One entry per event: an active registration wins over an older cancelled one.
    by_event: dict[int, Registration] = {}
    for registration in registrations:
        kept = by_event.get(registration.event_id)
        if kept is None or (not kept.is_active and registration.is_active):
            by_event[registration.event_id] = registration
    kept = list(by_event.values())
    prefetch_related_objects([registration.event for registration in kept], organiser_rows())
    return kept


@dataclass
class ProgrammeItem:
    title: str
    url: str
    start: datetime | None
    end: datetime | None
    kind: str  # "event" or "session"
    context: str = ""  # the event a session belongs to
    star_action: str = ""
    name: str = ""
    overlaps: list = field(default_factory=list)
    time_text: str = ""
    start_iso: str = ""

    def describe(self, tz) -> None:
        """The item's times in the reader's zone: ``10:00-11:30`` (en dash), or with the dates when
        it runs past midnight there."""
        start, end = self.start.astimezone(tz), self.end.astimezone(tz)
        if start.date() == end.date():
            text = f"{timefmt.clock(start)}{timefmt.DASH}{timefmt.clock(end)}"
        else:
            text = (
                f"{timefmt.short_date(start.date())} {timefmt.clock(start)}{timefmt.DASH}"
                f"{timefmt.short_date(end.date())} {timefmt.clock(end)}"
            )
        self.time_text = f"{text} {timefmt.zone_label(start)}"
        self.start_iso = start.replace(microsecond=0).isoformat()


@dataclass
class ProgrammeDay:
    day: date | None
    items: list


def programme_days(events: list[Event], sessions: list[Session], tz) -> list[ProgrammeDay]:
    """Starred events and sessions by day in the reader's zone, each with the titles of the
    items it overlaps; events whose date is not announced come last."""
    items = [
        ProgrammeItem(
            title=event.display_title,
            url=event.get_absolute_url(),
            start=event.start,
            end=event.end,
            kind="event",
            star_action=f"{event.get_absolute_url()}star/",
        )
        for event in events
    ] + [
        ProgrammeItem(
            title=session.title,
            url=session.get_absolute_url(),
            start=session.start,
            end=session.end,
            kind="session",
            context=session.event.display_title,
            star_action=f"{session.event.get_absolute_url()}sessions/{session.pk}/star/",
        )
        for session in sessions
    ]
    dated = sorted((item for item in items if item.start), key=lambda item: (item.start, item.end))
    for index, item in enumerate(dated):
        for other in dated[index + 1 :]:
            if other.start >= item.end:
                break
            item.overlaps.append(other.title)
            other.overlaps.append(item.title)
    days: list[ProgrammeDay] = []
    for item in dated:
        item.describe(tz)
        day = item.start.astimezone(tz).date()
        if not days or days[-1].day != day:
            days.append(ProgrammeDay(day=day, items=[]))
        days[-1].items.append(item)
    undated = [item for item in items if not item.start]
    if undated:
        days.append(ProgrammeDay(day=None, items=undated))
    return days
