"""What search engines and link previews read: schema.org Event JSON-LD, Open Graph."""

import json
from collections.abc import Callable
from datetime import timedelta

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from common.bilingual import OG_LOCALES, reader_language, shown_language
from events.models import Event

SCHEMA = "https://schema.org/"
ATTENDANCE = {
    "online": SCHEMA + "OnlineEventAttendanceMode",
    "offline": SCHEMA + "OfflineEventAttendanceMode",
    "mixed": SCHEMA + "MixedEventAttendanceMode",
}
EVENT_STATUS = {
    Event.Status.PUBLISHED: SCHEMA + "EventScheduled",
    Event.Status.DRAFT: SCHEMA + "EventScheduled",
    Event.Status.POSTPONED: SCHEMA + "EventPostponed",
    Event.Status.CANCELLED: SCHEMA + "EventCancelled",
}
# Link previews show about this much of a description; longer ones end in an ellipsis.
PREVIEW_DESCRIPTION_LENGTH = 200
# Keeps "</script>" and friends from closing the script element early.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _dates(event: Event) -> dict:
    when = event.when
    if not when.start_iso:
        return {}
    if event.schedule == Event.Schedule.START_ONLY:
        # Only the last day is known: schema.org accepts a plain date.
        last_day = (event.local_end - timedelta(microseconds=1)).date()
        return {"startDate": when.start_iso, "endDate": last_day.isoformat()}
    return {"startDate": when.start_iso, "endDate": when.end_iso}


def _text(event: Event, field: str, text: str):
    """``text`` as it stands, or, where it is in another language than the page's (the English
    a Korean reader is shown), a JSON-LD value object that says so. ``inLanguage`` stays the
    language the event is held in."""
    language = shown_language(event, field)
    if language == reader_language():
        return text
    return {"@value": text, "@language": language}


def event_json_ld(event: Event, *, absolute: Callable[[str], str], now=None) -> dict:
    """The schema.org Event for the page; ``absolute`` turns a path into a full URL."""
    page_url = absolute(event.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": _text(event, "title", event.display_title),
        "url": page_url,
        "eventStatus": EVENT_STATUS[event.status],
        **_dates(event),
    }
    if event.display_summary:
        data["description"] = _text(event, "summary", event.display_summary)
    elif event.theme:
        data["description"] = _text(event, "theme", event.theme)
    mode = event.attendance_mode
    if mode:
        data["eventAttendanceMode"] = ATTENDANCE[mode]
    locations = []
    if event.is_online:
        streams = list(event.stream_links.all())
        for link in streams:
            # A stream without a known address points to the event page, which lists it; so
            # does one only registrants may follow (the page gives it to them).
            url = page_url if link.is_protected else link.url or page_url
            locations.append({"@type": "VirtualLocation", "name": link.label, "url": url})
        if not streams:
            locations.append({"@type": "VirtualLocation", "url": page_url})
    if event.venue_name:
        place = {"@type": "Place", "name": event.venue_name}
        if event.venue_address:
            place["address"] = event.venue_address
        locations.append(place)
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    organisers = []
    for row in event.organiser_rows:
        organiser = {"@type": "Organization", "name": row.organisation.name}
        if row.organisation.website:
            organiser["url"] = row.organisation.website
        organisers.append(organiser)
    if organisers:
        data["organizer"] = organisers
    if event.languages:
        data["inLanguage"] = event.languages[0] if len(event.languages) == 1 else event.languages
    if event.image:
        data["image"] = [absolute(event.image.url)]
    if event.website:
        data["sameAs"] = event.website
    if event.registration_state(now) in {"open", "external"}:
        registration_url = event.registration_url_for_visitors
        offer = {
            "@type": "Offer",
            "url": absolute(registration_url),
            "availability": SCHEMA + "InStock",
        }
        if event.registration_opens:
            offer["validFrom"] = event.registration_opens.astimezone(event.tz).isoformat()
        if event.registration_closes:
            offer["validThrough"] = event.registration_closes.astimezone(event.tz).isoformat()
        data["offers"] = offer
    return data


def json_ld_script_body(data: dict) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element, safe against ``</script>``."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES))  # noqa: S308


def link_preview(event: Event, *, absolute: Callable[[str], str]) -> dict[str, str]:
    """What link previews show (Open Graph and Twitter cards), in the reader's language."""
    preview = {
        "title": event.display_title,
        # og:locale: the language of the title shown (the English where Korean is missing).
        "locale": OG_LOCALES[shown_language(event, "title")],
        "url": absolute(event.get_absolute_url()),
        "description": Truncator(event.display_summary or event.theme or event.when.summary).chars(
            PREVIEW_DESCRIPTION_LENGTH
        ),
    }
    if event.image:
        preview["image"] = absolute((event.image_thumbnail or event.image).url)
        preview["image_alt"] = event.image_alt
    return preview
