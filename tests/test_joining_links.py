"""Joining links reach only those who may join: an event whose registration runs through the
portal gives its meeting and stream addresses to its confirmed registrants alone, each for
their channel, on every path (page, JSON-LD, feeds, calendars, e-mails)."""

import json
import re
from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from registrations import emails, services
from registrations.models import Registration
from tests.factories import EventFactory, StreamLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

EN_URL = "https://meet.example/secret-en"
KO_URL = "https://meet.example/secret-ko"
ALL_URL = "https://meet.example/secret-all"
PUBLIC_URL = "https://youtube.example/public-live"
PROTECTED = (EN_URL, KO_URL, ALL_URL)


def webinar(**overrides):
    values = {
        "title": "Registration-only webinar",
        "registration_mode": Event.Registration.PORTAL,
        "languages": ["en"],
        "interpretation_languages": ["ko"],
        "is_online": True,
        "registration_opens": timezone.now() - timedelta(days=1),
        "seats": 1,
        "waiting_list": True,
    }
    values.update(overrides)
    event = EventFactory(**values)
    StreamLinkFactory(event=event, label="English room", url=EN_URL, channel="en", sort_order=0)
    StreamLinkFactory(event=event, label="Korean room", url=KO_URL, channel="ko", sort_order=1)
    StreamLinkFactory(event=event, label="Slides room", url=ALL_URL, channel="", sort_order=2)
    StreamLinkFactory(
        event=event, label="YouTube", url=PUBLIC_URL, channel="", sort_order=3, is_public=True
    )
    return event


def register(event, user, channel="ko"):
    registration, _ = services.register_attendee(
        event=event,
        user=user,
        attendee=services.Attendee(
            name=user.name, channel=channel, category="other", time_zone="Asia/Seoul"
        ),
        consent=True,
    )
    return registration


def protected_in(text: str) -> list[str]:
    return [url for url in PROTECTED if url in text]


def json_ld(html: str) -> dict:
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(body.group(1))


def everything_public(client, event) -> dict[str, str]:
    """Every public path that describes the event, as the client sees it."""
    page = client.get(event.get_absolute_url()).content.decode()
    return {
        "page": page,
        "json-ld": json.dumps(json_ld(page)),
        "feed": client.get(reverse("events:feed")).content.decode(),
        "calendar": client.get(reverse("events:calendar")).content.decode(),
        "event calendar": client.get(
            reverse("events:event_calendar", kwargs={"slug": event.slug})
        ).content.decode(),
    }


@pytest.fixture
def seated_and_waiting(db):
    """The webinar's one seat taken (Korean channel), a second person on the waiting list."""
    event = webinar()
    confirmed = register(event, UserFactory(), channel="ko")
    waiting = register(event, UserFactory(), channel="ko")
    assert (confirmed.status, waiting.status) == ("confirmed", "waiting")
    return event, confirmed, waiting


def test_anonymous_reader_receives_no_protected_link(client, seated_and_waiting):
    event, _, _ = seated_and_waiting

    seen = everything_public(client, event)

    assert {path: protected_in(text) for path, text in seen.items()} == {key: [] for key in seen}
    assert PUBLIC_URL in seen["page"]
    assert "Korean room" in seen["page"]
    assert "Register to get the link" in seen["page"]
    locations = json_ld(seen["page"])["location"]
    page_url = f"http://testserver{event.get_absolute_url()}"
    assert [(place["name"], place["url"]) for place in locations] == [
        ("English room", page_url),
        ("Korean room", page_url),
        ("Slides room", page_url),
        ("YouTube", PUBLIC_URL),
    ]


def test_registrant_of_another_event_receives_no_protected_link(client, seated_and_waiting):
    event, _, _ = seated_and_waiting
    other = UserFactory()
    another = EventFactory(registration_mode="portal", interpretation_languages=["ko"])
    StreamLinkFactory(event=another, label="Their room", url="https://meet.example/theirs")
    other_registration = register(another, other)
    client.force_login(other)

    seen = everything_public(client, event)
    seen["my registrations"] = client.get(reverse("registrations:list")).content.decode()

    assert {path: protected_in(text) for path, text in seen.items()} == {key: [] for key in seen}
    assert other_registration.status == "confirmed"
    assert "https://meet.example/theirs" in seen["my registrations"]
    assert "Your place" not in seen["page"]


def test_waiting_list_registrant_receives_no_protected_link(client, seated_and_waiting, mailoutbox):
    event, _, waiting = seated_and_waiting
    client.force_login(waiting.user)

    seen = everything_public(client, event)
    seen["my registrations"] = client.get(reverse("registrations:list")).content.decode()
    seen["registration"] = client.get(waiting.get_absolute_url()).content.decode()
    seen["own calendar"] = client.get(
        reverse("registrations:calendar", kwargs={"pk": waiting.pk})
    ).content.decode()
    waiting_mail = [m for m in mailoutbox if m.to == [waiting.user.email]]
    seen["waiting e-mail"] = waiting_mail[0].body + waiting_mail[0].alternatives[0][0]
    seen["reminder"] = emails.prepare(waiting, "reminder_hour").body

    assert {path: protected_in(text) for path, text in seen.items()} == {key: [] for key in seen}
    assert PUBLIC_URL in seen["waiting e-mail"]


def test_confirmed_registrant_receives_exactly_their_channels_links(
    client, seated_and_waiting, mailoutbox
):
    event, confirmed, _ = seated_and_waiting
    client.force_login(confirmed.user)

    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get(reverse("registrations:list")).content.decode()
    own_calendar = client.get(reverse("registrations:calendar", kwargs={"pk": confirmed.pk}))
    confirmation = next(m for m in mailoutbox if m.to == [confirmed.user.email])
    reminder = emails.prepare(confirmed, "reminder_day")

    for text in (
        page,
        listing,
        own_calendar.content.decode(),
        confirmation.body,
        confirmation.alternatives[0][0],
        reminder.body,
    ):
        assert protected_in(text.replace("\r\n ", "")) == [KO_URL, ALL_URL]
    assert json_ld(page)["location"][1]["url"] == f"http://testserver{event.get_absolute_url()}"
    assert own_calendar["Content-Type"] == "text/calendar; charset=utf-8"
    assert own_calendar["Cache-Control"] == "private, no-store"
    vevent = icalendar.Calendar.from_ical(own_calendar.content).walk("VEVENT")[0]
    assert f"Join Korean room: {KO_URL}" in str(vevent["description"])
    attachment = icalendar.Calendar.from_ical(confirmation.attachments[0][1]).walk("VEVENT")[0]
    assert f"Join Slides room: {ALL_URL}" in str(attachment["description"])
    assert EN_URL not in str(attachment["description"])


def test_a_promoted_registrant_gets_the_links_and_a_cancelled_one_loses_them(
    client, seated_and_waiting
):
    event, confirmed, waiting = seated_and_waiting

    services.cancel_registration(registration=confirmed)
    waiting.refresh_from_db()
    cancelled = Registration.objects.get(pk=confirmed.pk)

    assert waiting.status == "confirmed"
    assert [link.url for link in waiting.stream_links()] == [KO_URL, ALL_URL, PUBLIC_URL]
    assert [link.url for link in cancelled.stream_links()] == [PUBLIC_URL]
    client.force_login(confirmed.user)
    assert protected_in(client.get(event.get_absolute_url()).content.decode()) == []


def test_another_persons_calendar_is_not_found(client, seated_and_waiting):
    _, confirmed, waiting = seated_and_waiting
    client.force_login(waiting.user)

    response = client.get(reverse("registrations:calendar", kwargs={"pk": confirmed.pk}))

    assert response.status_code == 404
    assert protected_in(response.content.decode()) == []


def test_links_of_events_without_portal_registration_stay_public(client):
    event = EventFactory(is_online=True, registration_mode=Event.Registration.NONE)
    StreamLinkFactory(event=event, label="Seoul On", url="https://tv.seoul.example/live")

    html = client.get(event.get_absolute_url()).content.decode()

    assert '<a href="https://tv.seoul.example/live" rel="noopener noreferrer">Seoul On</a>' in html
    assert "Register to get the link" not in html


@pytest.mark.parametrize(
    ("minutes_to_start", "live"), [(16, False), (15, True), (1, True), (-30, True)]
)
def test_join_button_is_live_from_fifteen_minutes_before_the_start(client, minutes_to_start, live):
    start = timezone.now() + timedelta(minutes=minutes_to_start)
    event = webinar(start=start, end=start + timedelta(hours=2), registration_opens=None)
    registration = register(event, UserFactory(), channel="en")
    client.force_login(registration.user)

    html = client.get(event.get_absolute_url()).content.decode()

    join = (
        f'<a class="button" href="{EN_URL}" rel="noopener noreferrer">Join'
        '<span class="visually-hidden">:</span> English room</a>'
    )
    assert (join in html) is live
    assert ("The Join button appears here 15 minutes before the start." in html) is not live
