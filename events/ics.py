"""iCalendar (RFC 5545) files: one event with its sessions, or every published event."""

import functools
from collections.abc import Callable, Iterable
from datetime import date, timedelta

import icalendar
from django.utils.translation import gettext as _

from common.bilingual import shown_language
from events.models import Event, Session

PRODID = "-//Forum Portal//Events//EN"
STATUS = {
    Event.Status.PUBLISHED: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    return calendar


def _where(event: Event) -> str:
    places = [part for part in (event.venue_name, event.venue_address) if part]
    if event.is_online:
        streams = ", ".join(link.label for link in event.stream_links.all())
        places.append(_("Online: %(streams)s") % {"streams": streams} if streams else _("Online"))
    return "; ".join(places)


def _event_component(event: Event, url: str, links=()) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", event.updated)
    component.add("created", event.created)
    component.add("last-modified", event.updated)
    # LANGUAGE (RFC 5545): the language of the text, the English where Korean is missing.
    component.add(
        "summary", event.display_title, parameters={"LANGUAGE": shown_language(event, "title")}
    )
    local_start, local_end = event.local_start, event.local_end
    notes = []
    if event.schedule == Event.Schedule.DATE_ONLY:
        # All-day values: DTEND is the day after the last day, as RFC 5545 counts it.
        component.add("dtstart", local_start.date())
        last_day = (local_end - timedelta(microseconds=1)).date()
        component.add("dtend", max(last_day, local_start.date()) + timedelta(days=1))
        notes.append(_("Time of day not announced."))
    elif event.schedule == Event.Schedule.START_ONLY:
        component.add("dtstart", local_start)
        notes.append(_("End time not announced."))
    else:
        component.add("dtstart", local_start)
        component.add("dtend", local_end)
    component.add("status", STATUS.get(event.status, "CONFIRMED"))
    component.add("url", url)
    component.add("categories", [str(event.get_kind_display())])
    where = _where(event)
    if where:
        component.add("location", where)
    organisers = event.organiser_names
    lines = [event.display_summary or event.theme]
    if organisers:
        lines.append(_("Organised by %(organisers)s.") % {"organisers": organisers})
    lines.extend(notes)
    lines.extend(_joining_lines(links))
    lines.append(url)
    component.add("description", "\n\n".join(line for line in lines if line))
    return component


def _joining_lines(links) -> list[str]:
    """A registrant's own joining links (never in a calendar anyone else can fetch)."""
    return [
        _("Join %(label)s: %(url)s") % {"label": link.label, "url": link.url}
        for link in links
        if link.url
    ]


def _session_component(session: Session, event: Event, url: str) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", session.uid)
    component.add("dtstamp", event.updated)
    component.add(
        "summary",
        f"{session.title} ({event.display_title})",
        parameters={"LANGUAGE": shown_language(session, "title")},
    )
    component.add("dtstart", session.local_start)
    component.add("dtend", session.local_end)
    component.add("status", STATUS.get(event.status, "CONFIRMED"))
    component.add("url", f"{url}#session-{session.pk}")
    if session.channel:
        component.add("location", session.channel)
    lines = [session.description]
    speakers = [f"{row.speaker.name} ({row.get_role_display()})" for row in session.speaker_rows]
    if speakers:
        lines.append(_("Speakers: %(speakers)s") % {"speakers": ", ".join(speakers)})
    lines.append(url)
    component.add("description", "\n\n".join(line for line in lines if line))
    return component


def event_calendar(event: Event, *, url: str, links=()) -> bytes:
    """The event and its sessions (``event`` loaded with ``with_details()``); ``links`` are a
    registrant's own joining links, for their calendar alone."""
    calendar = _calendar(event.display_title)
    calendar.add_component(_event_component(event, url, links))
    for session in event.sessions.all():
        calendar.add_component(_session_component(session, event, url))
    _add_time_zones(calendar, [event])
    return calendar.to_ical()


def events_calendar(
    events: Iterable[Event], *, url_for: Callable[[Event], str], name: str = ""
) -> bytes:
    """A subscribable calendar of events (each loaded with ``with_organisers()``), named
    ``name`` (by default the portal's calendar of all events)."""
    calendar = _calendar(name or _("Forum Portal events"))
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", timedelta(hours=12))
    events = list(events)
    for event in events:
        calendar.add_component(_event_component(event, url_for(event)))
    _add_time_zones(calendar, events)
    return calendar.to_ical()


def _add_time_zones(calendar: icalendar.Calendar, events: list[Event]) -> None:
    """VTIMEZONE components for every zone the calendar uses, covering the years its events
    fall in (the library's default of 1970-2038 would cost tens of milliseconds a zone)."""
    years = [event.start.year for event in events if event.start] or [date.today().year]
    first, last = min(years) - 1, max(years) + 2
    position = len(calendar.timezones)
    for tzid in sorted(calendar.get_missing_tzids()):
        definition = _time_zone_definition(tzid, first, last)
        if definition:
            calendar.subcomponents.insert(position, icalendar.Timezone.from_ical(definition))
            position += 1


@functools.lru_cache(maxsize=128)
def _time_zone_definition(tzid: str, first_year: int, last_year: int) -> bytes | None:
    """One zone's VTIMEZONE, computed once per process (the zone rules do not change)."""
    try:
        return icalendar.Timezone.from_tzid(
            tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
        ).to_ical()
    except ValueError:  # a zone the library does not know is left out, as it would do
        return None


# --- For calendars built elsewhere (a person's own feed) ---------------------------------------


def new_calendar(name: str) -> icalendar.Calendar:
    return _calendar(name)


def event_component(event: Event, *, url: str, links=()) -> icalendar.Event:
    """One event as a VEVENT (``event`` with its organisers and stream links prefetched)."""
    return _event_component(event, url, links)


def session_component(session: Session, *, url: str) -> icalendar.Event:
    """One session as a VEVENT (``session.event`` loaded, speakers prefetched)."""
    return _session_component(session, session.event, url)


def finish(calendar: icalendar.Calendar, events: list[Event]) -> bytes:
    """Add the zones the calendar uses and serialise it."""
    _add_time_zones(calendar, events)
    return calendar.to_ical()
