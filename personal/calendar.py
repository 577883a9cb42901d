"""A person's own calendar: their registrations (with their channel's joining links) and
starred sessions, with SEQUENCE raised whenever an item changes (RFC 5545 3.8.7.4)."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import ics
from personal import selectors
from personal.models import FeedSequence

# Lines that change without the item changing: they do not count towards SEQUENCE.
VOLATILE = (b"DTSTAMP", b"SEQUENCE")


def _fingerprint(component) -> str:
    lines = component.to_ical().splitlines()
    kept = b"\n".join(line for line in lines if not line.startswith(VOLATILE))
    return hashlib.sha256(kept).hexdigest()


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def feed_components(user, *, now=None) -> tuple[list, list]:
    """The feed's VEVENTs (without SEQUENCE yet) and the events they need zones for."""
    components, events = [], []
    for registration in selectors.feed_registrations(user, now=now):
        event = registration.event
        component = ics.event_component(
            event, url=_absolute(event.get_absolute_url()), links=registration.stream_links()
        )
        if not registration.is_active:
            component["status"] = "CANCELLED"
            component["summary"] = _("Cancelled: %(title)s") % {"title": event.display_title}
        components.append(component)
        events.append(event)
    for session in selectors.starred_sessions(user):
        components.append(
            ics.session_component(session, url=_absolute(session.event.get_absolute_url()))
        )
        events.append(session.event)
    return components, events


def sequenced(user, components: list) -> None:
    """Give each component its SEQUENCE: 0 when first seen, one more each time it changed
    since the last time this person's feed was read. Two queries (one when nothing changed)."""
    now = timezone.now()
    known = {row.uid: row for row in FeedSequence.objects.filter(user=user)}
    changed = []
    for component in components:
        uid = str(component["uid"])
        fingerprint = _fingerprint(component)
        row = known.get(uid)
        if row is None:
            row = FeedSequence(user=user, uid=uid, fingerprint=fingerprint, changed_at=now)
            changed.append(row)
        elif row.fingerprint != fingerprint:
            row.fingerprint, row.sequence, row.changed_at = fingerprint, row.sequence + 1, now
            changed.append(row)
        component.add("sequence", row.sequence)
    if changed:
        with transaction.atomic():
            FeedSequence.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["user", "uid"],
                update_fields=["fingerprint", "sequence", "changed_at"],
            )


def personal_calendar(user, *, name: str) -> bytes:
    components, events = feed_components(user)
    sequenced(user, components)
    calendar = ics.new_calendar(name)
    for component in components:
        calendar.add_component(component)
    return ics.finish(calendar, events)


def programme_calendar(user, *, name: str) -> bytes:
    """My programme as a file to download: the starred events and sessions."""
    calendar = ics.new_calendar(name)
    events = selectors.starred_events(user)
    for event in events:
        calendar.add_component(ics.event_component(event, url=_absolute(event.get_absolute_url())))
    sessions = selectors.starred_sessions(user)
    for session in sessions:
        calendar.add_component(
            ics.session_component(session, url=_absolute(session.event.get_absolute_url()))
        )
    return ics.finish(calendar, events + [session.event for session in sessions])
