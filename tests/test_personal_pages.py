"""My programme and My proposals."""

from datetime import UTC, datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Star
from resources.services import approve_submission, reject_submission, submit_resource
from tests.factories import EventFactory, SessionFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def at(hour, minute=0, day=9):
    return datetime(2030, 12, day, hour, minute, tzinfo=UTC)


def test_my_programme_lists_stars_by_day_in_the_readers_zone_with_overlaps(client):
    user = UserFactory(time_zone="Asia/Seoul")
    event = EventFactory(title="Forum", start=at(1), end=at(9), time_zone="Asia/Seoul")
    opening = SessionFactory(event=event, title="Opening", start=at(1), end=at(2))
    panel = SessionFactory(event=event, title="Panel", start=at(1, 30), end=at(3))
    # 23:00 UTC on the 9th is the 10th in Seoul.
    late = SessionFactory(event=event, title="Late talk", start=at(23), end=at(23, 30))
    for session in (opening, panel, late):
        Star.objects.create(user=user, session=session)
    Star.objects.create(user=UserFactory(), session=SessionFactory(event=event, title="Not mine"))
    client.force_login(user)

    html = client.get(reverse("personal:programme")).content.decode()

    assert "Times in Asia/Seoul." in html
    assert html.index("Opening") < html.index("Panel") < html.index("Late talk")
    assert '<time datetime="2030-12-09">Monday 9 December 2030</time>' in html
    assert '<time datetime="2030-12-10">Tuesday 10 December 2030</time>' in html
    assert "10:00\u201311:00 KST (GMT+9)" in html
    assert "08:00\u201308:30 KST (GMT+9)" in html
    assert html.count('my-programme__item--overlap"') == 2
    assert "Overlaps with: Panel" in html and "Overlaps with: Opening" in html
    assert "Not mine" not in html


def test_my_programme_downloads_as_ics(client):
    user = UserFactory()
    event = EventFactory(title="Starred event")
    session = SessionFactory(title="Starred session")
    Star.objects.create(user=user, event=event)
    Star.objects.create(user=user, session=session)
    client.force_login(user)

    response = client.get(reverse("personal:programme_calendar"))

    calendar = icalendar.Calendar.from_ical(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="my-programme.ics"'
    assert sorted(str(v["uid"]) for v in calendar.walk("VEVENT")) == sorted(
        [event.uid, session.uid]
    )


def test_my_programme_shows_the_feed_address(client):
    user = UserFactory()
    client.force_login(user)

    html = client.get(reverse("personal:programme")).content.decode()

    token = user.calendar_feeds.get().token
    assert f'value="http://testserver/me/calendar/{token}.ics"' in html
    assert f'href="webcal://testserver/me/calendar/{token}.ics"' in html


@pytest.mark.parametrize("count", [1, 6])
def test_my_programme_runs_a_constant_number_of_queries(client, django_assert_num_queries, count):
    user = UserFactory()
    for _ in range(count):
        Star.objects.create(user=user, event=EventFactory())
        Star.objects.create(user=user, session=SessionFactory())
    client.force_login(user)
    client.get(reverse("personal:programme"))

    # session + user, events + organisers + stream links, sessions + speakers, feed address
    with django_assert_num_queries(8):
        response = client.get(reverse("personal:programme"))
    assert response.content.decode().count('<li class="my-programme__item') == 2 * count


def test_my_proposals_show_status_and_the_moderators_reason(client, mailoutbox):
    user, moderator = UserFactory(), StaffFactory()
    waiting = submit_resource(user=user, title="Waiting plan", url="https://a.example/1")
    published = submit_resource(user=user, title="Published plan", url="https://a.example/2")
    declined = submit_resource(user=user, title="Declined plan", url="https://a.example/3")
    submit_resource(user=UserFactory(), title="Someone else's", url="https://a.example/4")
    approve_submission(resource=published, moderator=moderator)
    reject_submission(resource=declined, moderator=moderator, reason="Not about resilience.")
    client.force_login(user)

    html = client.get(reverse("personal:proposals")).content.decode()

    assert waiting.title in html and "Status: Waiting for a moderator" in html
    assert f'<a href="{published.get_absolute_url()}">Published plan</a>' in html
    assert "Status: Declined: Not about resilience." in html
    assert "Someone else" not in html
    assert sorted(message.subject for message in mailoutbox) == [
        "[Forum Portal] About the resource you proposed",
        "[Forum Portal] Your proposed resource is now in the library",
    ]
    assert {tuple(message.to) for message in mailoutbox} == {(user.email,)}


def test_personal_pages_need_signing_in(client):
    for name in ("personal:programme", "personal:programme_calendar", "personal:proposals"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_session_of_a_draft_event_is_not_in_my_programme(client):
    user = UserFactory()
    session = SessionFactory(title="Hidden draft", event=EventFactory(status="draft"))
    Star.objects.create(user=user, session=session)
    client.force_login(user)

    html = client.get(reverse("personal:programme")).content.decode()

    assert "Hidden draft" not in html


@pytest.mark.parametrize(
    ("profile_zone", "language", "event_zones", "shown"),
    [
        ("America/New_York", "en", ["Europe/London"], "America/New_York"),
        ("", "en", ["Europe/London", "Europe/London"], "Europe/London"),
        ("", "en", ["Europe/London", "Asia/Seoul"], "UTC"),
        ("", "ko", ["Europe/London"], "Asia/Seoul"),
    ],
)
def test_my_programme_zone_is_the_profiles_else_what_the_reader_expects(
    client, profile_zone, language, event_zones, shown
):
    user = UserFactory(time_zone=profile_zone)
    for n, zone in enumerate(event_zones):
        event = EventFactory(start=at(10 + n), end=at(11 + n), time_zone=zone)
        Star.objects.create(
            user=user, session=SessionFactory(event=event, start=at(10 + n), end=at(11 + n))
        )
    client.force_login(user)

    with translation.override(language):
        html = client.get(reverse("personal:programme")).content.decode()

    expected = f"시간대: {shown}." if language == "ko" else f"Times in {shown}."
    assert expected in html
