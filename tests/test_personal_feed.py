"""The personal calendar feed: one secret, revocable address per person."""

import threading
from datetime import timedelta

import icalendar
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from events.models import Event, Star
from personal.models import CalendarFeed
from personal.services import current_feed, renew_feed
from registrations import services as registration_services
from tests.factories import EventFactory, SessionFactory, StreamLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

KO_URL = "https://meet.example/feed-ko"
EN_URL = "https://meet.example/feed-en"


def register(event, user, channel="ko"):
    registration, _ = registration_services.register_attendee(
        event=event,
        user=user,
        attendee=registration_services.Attendee(
            name=user.name, channel=channel, category="other", time_zone="Asia/Seoul"
        ),
        consent=True,
    )
    return registration


def webinar(**overrides):
    values = {
        "title": "Feed webinar",
        "registration_mode": Event.Registration.PORTAL,
        "interpretation_languages": ["ko"],
        "languages": ["en"],
    }
    values.update(overrides)
    event = EventFactory(**values)
    StreamLinkFactory(event=event, label="Korean room", url=KO_URL, channel="ko")
    StreamLinkFactory(event=event, label="English room", url=EN_URL, channel="en")
    return event


def feed_url(user):
    return reverse("personal:feed", kwargs={"token": current_feed(user=user).token})


def vevents(body: bytes) -> dict:
    return {str(v["uid"]): v for v in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_feed_holds_registrations_with_their_links_and_starred_sessions(client):
    user = UserFactory()
    event = webinar()
    registration = register(event, user)
    session = SessionFactory(title="Starred talk")
    Star.objects.create(user=user, session=session)
    SessionFactory(title="Not starred", event=session.event)

    response = client.get(feed_url(user))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    items = vevents(response.content)
    assert sorted(items) == sorted([event.uid, session.uid])
    description = str(items[event.uid]["description"])
    assert f"Join Korean room: {KO_URL}" in description
    assert EN_URL not in response.content.decode().replace("\r\n ", "")
    assert str(items[session.uid]["summary"]) == f"Starred talk ({session.event.title})"
    assert [int(item["sequence"]) for item in items.values()] == [0, 0]
    assert registration.status == "confirmed"
    # A second parser reads the same feed.
    parsed = vobject.readOne(response.content.decode())
    assert sorted(v.uid.value for v in parsed.vevent_list) == sorted([event.uid, session.uid])
    assert {v.uid.value: int(v.sequence.value) for v in parsed.vevent_list} == {
        event.uid: 0,
        session.uid: 0,
    }


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence(client):
    user = UserFactory()
    session = SessionFactory()
    Star.objects.create(user=user, session=session)
    url = feed_url(user)
    first = vevents(client.get(url).content)[session.uid]

    assert int(vevents(client.get(url).content)[session.uid]["sequence"]) == 0  # unchanged
    session.start += timedelta(hours=1)
    session.end += timedelta(hours=1)
    session.save()
    moved = vevents(client.get(url).content)[session.uid]

    assert int(first["sequence"]) == 0
    assert int(moved["sequence"]) == 1
    assert moved.decoded("dtstart") == first.decoded("dtstart") + timedelta(hours=1)
    parsed = vobject.readOne(client.get(url).content.decode())
    assert [(v.uid.value, int(v.sequence.value)) for v in parsed.vevent_list] == [(session.uid, 1)]


def test_a_cancelled_registration_is_cancelled_then_leaves(client):
    user = UserFactory()
    event = webinar()
    registration = register(event, user)
    url = feed_url(user)
    client.get(url)

    registration_services.cancel_registration(registration=registration)
    cancelled = vevents(client.get(url).content)[event.uid]

    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) == 1
    assert KO_URL not in client.get(url).content.decode().replace("\r\n ", "")

    registration.refresh_from_db()
    type(registration).objects.filter(pk=registration.pk).update(
        cancelled_at=timezone.now() - timedelta(days=31)
    )
    assert vevents(client.get(url).content) == {}


def test_conditional_get_answers_304(client):
    user = UserFactory()
    Star.objects.create(user=user, session=SessionFactory())
    url = feed_url(user)
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=etag)
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert by_date.status_code == 304
    Star.objects.create(user=user, session=SessionFactory())
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    stale = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=stale).status_code == 200


def test_a_new_address_ends_the_old_one_with_410(client):
    user = UserFactory()
    old = current_feed(user=user)
    client.force_login(user)

    response = client.post(reverse("personal:renew_feed"))

    new = current_feed(user=user)
    assert response.status_code == 302
    assert new.token != old.token
    client.logout()
    assert client.get(reverse("personal:feed", kwargs={"token": old.token})).status_code == 410
    assert client.get(reverse("personal:feed", kwargs={"token": new.token})).status_code == 200
    assert client.get(reverse("personal:feed", kwargs={"token": "nonsense"})).status_code == 404
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 1


def test_renewing_needs_a_post_by_the_signed_in_person(client):
    user = UserFactory()
    old = current_feed(user=user)

    assert client.post(reverse("personal:renew_feed")).status_code == 302  # to sign in
    client.force_login(user)
    assert client.get(reverse("personal:renew_feed")).status_code == 405
    assert current_feed(user=user) == old


def test_two_first_visits_at_once_make_one_address(transactional_db):
    user = UserFactory()
    tokens, barrier = [], threading.Barrier(2)

    def visit():
        from django.db import connection

        barrier.wait()
        tokens.append(current_feed(user=user).token)
        connection.close()

    threads = [threading.Thread(target=visit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(tokens)) == 1
    assert CalendarFeed.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("count", [1, 8])
def test_feed_costs_a_constant_number_of_queries(client, django_assert_num_queries, count):
    user = UserFactory()
    for _ in range(count):
        register(webinar(), user)
        Star.objects.create(user=user, session=SessionFactory())
    url = feed_url(user)
    client.get(url)  # the first read stores the sequences

    # feed + registrations + stream links + organisers + sessions + speakers + sequences
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(vevents(response.content)) == 2 * count


def test_renew_feed_service_keeps_one_current_address():
    user = UserFactory()
    first = current_feed(user=user)
    second = renew_feed(user=user)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
