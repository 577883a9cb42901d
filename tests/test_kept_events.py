"""The events a worker keeps between requests while the public content is unchanged
(common.snapshots, events.selectors): a change shows at once, each language keeps its own
texts, and what only staff may see stays theirs."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common import content_version
from events.models import Event
from events.selectors import event_for_page, forget_kept_events
from outbox.deferred import render
from registrations import services
from tests.factories import EventFactory, StaffFactory, StreamLinkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    # A worker trusts the version it read for a second; tests take their time, so longer.
    monkeypatch.setattr(content_version, "CHECK_SECONDS", 600)
    content_version.forget()
    forget_kept_events()


def signed_in(user=None) -> Client:
    client = Client()
    client.force_login(user or UserFactory())
    return client


def test_a_kept_event_is_read_once_and_a_saved_change_shows_at_once(django_assert_num_queries):
    event = EventFactory(title="Resilient water systems")
    client = signed_in()
    url = event.get_absolute_url()
    assert "Resilient water systems" in client.get(url).content.decode()

    # The session, the user, the reader's stars and registration: the event is kept.
    with django_assert_num_queries(4):
        page = client.get(url).content.decode()
    assert "Resilient water systems" in page

    event.title = "Resilient energy systems"
    event.save()
    page = client.get(url).content.decode()
    assert "Resilient energy systems" in page
    assert "Resilient water systems" not in page


def test_a_change_in_another_worker_shows_once_its_version_is_read_again():
    event = EventFactory(title="Heat action plans")
    client = signed_in()
    client.get(event.get_absolute_url())
    # Another worker's change: the shared version is replaced, this worker's copy is stale
    # as soon as it reads the version again (here at once, its trust forgotten).
    Event.objects.filter(pk=event.pk).update(title="Heat and health plans")
    content_version.bump()
    content_version.forget()
    assert "Heat and health plans" in client.get(event.get_absolute_url()).content.decode()


def test_each_language_keeps_its_own_texts():
    start = datetime(timezone.now().year + 1, 9, 8, 1, 0, tzinfo=UTC)  # 10:00 in Seoul
    event = EventFactory(
        title="Seoul dialogue", start=start, end=start + timedelta(hours=2), time_zone="Asia/Seoul"
    )
    url = event.get_absolute_url()
    korean = signed_in().get(f"/ko{url}").content.decode()
    english = signed_in().get(url).content.decode()  # another reader
    assert f"{start.year}년 9월 8일" in korean
    assert f"8 September {start.year}" in english
    assert "년 9월 8일" not in english


def test_a_draft_kept_for_staff_is_still_not_found_by_others():
    draft = EventFactory(status=Event.Status.DRAFT, title="Unannounced summit")
    staff_page = signed_in(StaffFactory()).get(draft.get_absolute_url())
    assert "Unannounced summit" in staff_page.content.decode()
    assert event_for_page(draft.slug) is not None  # kept, draft and all

    assert signed_in().get(draft.get_absolute_url()).status_code == 404
    assert Client().get(draft.get_absolute_url()).status_code == 404
    form = reverse("registrations:register", kwargs={"slug": draft.slug})
    assert signed_in().get(form).status_code == 404


def test_registration_messages_in_two_languages_of_one_kept_event(settings):
    start = datetime(timezone.now().year + 1, 9, 8, 1, 0, tzinfo=UTC)
    event = EventFactory(
        title="Flood drills",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Asia/Seoul",
        registration_mode=Event.Registration.PORTAL,
    )
    messages = {}
    for language in ("ko", "en"):
        registration, _created = services.register_attendee(
            event=event,
            user=UserFactory(),
            attendee=services.Attendee(
                name="Registrant",
                channel="en",
                category="other",
                time_zone="Asia/Seoul",
                language=language,
            ),
            consent=True,
        )
        sent = mail.outbox[-1]
        messages[language] = sent.body
        # The worker's side renders it again from the kept event: the same text.
        again = render(
            "registrations.emails.render_message",
            {"registration_id": registration.pk, "template": "confirmation"},
        )
        assert again.body == sent.body
    assert f"{start.year}년 9월 8일" in messages["ko"]
    assert f"8 September {start.year}" in messages["en"]
    assert "년 9월 8일" not in messages["en"]


def test_registration_calendars_from_one_kept_event_carry_each_registrants_own_links():
    start = datetime(timezone.now().year + 1, 9, 8, 1, 0, tzinfo=UTC)
    event = EventFactory(
        title="Flood drills",
        start=start,
        end=start + timedelta(hours=2),
        registration_mode=Event.Registration.PORTAL,
        languages=["en"],
        interpretation_languages=["ko"],
        is_online=True,
    )
    StreamLinkFactory(
        event=event, label="English room", url="https://meet.example/en", channel="en"
    )
    StreamLinkFactory(event=event, label="Korean room", url="https://meet.example/ko", channel="ko")

    def register(channel):
        registration, _created = services.register_attendee(
            event=event,
            user=UserFactory(),
            attendee=services.Attendee(
                name="Registrant", channel=channel, category="other", time_zone="Asia/Seoul"
            ),
            consent=True,
        )
        return registration

    def calendar_of(registration) -> str:
        message = render(
            "registrations.emails.render_message",
            {"registration_id": registration.pk, "template": "confirmation"},
        )
        (_name, content, _type) = message.attachments[0]
        return content.replace("\r\n ", "")

    english, korean, english_too = register("en"), register("ko"), register("en")
    calendars = {key: calendar_of(r) for key, r in [("en", english), ("ko", korean)]}

    assert "Join English room: https://meet.example/en" in calendars["en"]
    assert "https://meet.example/ko" not in calendars["en"]
    assert "Join Korean room: https://meet.example/ko" in calendars["ko"]
    assert "https://meet.example/en" not in calendars["ko"]
    assert calendar_of(english_too) == calendars["en"]
    assert "SUMMARY;LANGUAGE=en:Flood drills" in calendars["en"]

    event.title = "Flood and fire drills"
    event.save()

    assert "SUMMARY;LANGUAGE=en:Flood and fire drills" in calendar_of(english)
