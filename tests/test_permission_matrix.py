"""Who may see what: every view that shows one person's data, as an anonymous reader,
another member, a waiting-list registrant of the same event, the owner and staff. Only the
owner sees it; anyone else signed in gets 404 (not 403: nothing says the row exists), and
an anonymous reader is sent to sign in."""

import json

import pytest
from django.urls import reverse

from events.models import Event, Star
from personal.services import current_feed, save_search
from registrations import services as registration_services
from resources.services import submit_resource
from tests.factories import (
    EventFactory,
    EventSeriesFactory,
    SessionFactory,
    StaffFactory,
    StreamLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example/owners-room"


def register(event, user):
    registration, _ = registration_services.register_attendee(
        event=event,
        user=user,
        attendee=registration_services.Attendee(
            name=user.name, channel="en", category="other", time_zone="UTC"
        ),
        consent=True,
    )
    return registration


@pytest.fixture
def world():
    event = EventFactory(
        title="One-seat webinar",
        registration_mode=Event.Registration.PORTAL,
        languages=["en"],
        seats=1,
        waiting_list=True,
    )
    StreamLinkFactory(event=event, label="Owner's room", url=SECRET, channel="en")
    owner = UserFactory(name="Owner")
    registration = register(event, owner)
    waiting_user = UserFactory(name="Waiting")
    waiting = register(event, waiting_user)
    assert (registration.status, waiting.status) == ("confirmed", "waiting")
    session = SessionFactory(title="Owner's starred session")
    Star.objects.create(user=owner, session=session)
    search = save_search(
        user=owner, kind="resources", query="q=owners", name="Owner's search", frequency="daily"
    )
    submit_resource(user=owner, title="Owner's proposal", url="https://owner.example/plan")
    return {
        "event": event,
        "owner": owner,
        "registration": registration,
        "search": search,
        "people": {
            "another member": UserFactory(),
            "waiting-list registrant": waiting_user,
            "staff": StaffFactory(),
        },
    }


# Pages whose address names the owner's row: the others get 404.
def owned_gets(world):
    registration = world["registration"]
    return {
        "registration": reverse("registrations:detail", kwargs={"pk": registration.pk}),
        "cancel": reverse("registrations:cancel", kwargs={"pk": registration.pk}),
        "registration calendar": reverse("registrations:calendar", kwargs={"pk": registration.pk}),
    }


def owned_posts(world):
    search = world["search"]
    return {
        "change search": reverse("personal:change_search", kwargs={"pk": search.pk}),
        "delete search": reverse("personal:delete_search", kwargs={"pk": search.pk}),
    }


# Pages about "me": each person sees only their own.
MINE = {
    "personal:programme": "Owner&#x27;s starred session",
    "personal:programme_calendar": "Owner's starred session",
    "personal:proposals": "Owner&#x27;s proposal",
    "personal:searches": "Owner&#x27;s search",
    "registrations:list": SECRET,
    "registrations:my_data": "Owner's proposal",
}


@pytest.mark.parametrize("who", ["another member", "waiting-list registrant", "staff"])
def test_another_person_gets_404_for_the_owners_rows(client, world, who):
    client.force_login(world["people"][who])

    for name, url in owned_gets(world).items():
        assert client.get(url).status_code == 404, name
    for name, url in owned_posts(world).items():
        assert client.post(url, {}).status_code == 404, name
    assert world["owner"].saved_searches.get().name == "Owner's search"


@pytest.mark.parametrize("who", ["another member", "waiting-list registrant", "staff"])
def test_pages_about_me_show_another_person_nothing_of_the_owners(client, world, who):
    client.force_login(world["people"][who])

    for name, owners_text in MINE.items():
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert owners_text not in response.content.decode(), name
    page = client.get(world["event"].get_absolute_url()).content.decode()
    assert SECRET not in page


def test_anonymous_readers_are_sent_to_sign_in(client, world):
    urls = list(owned_gets(world).values()) + [reverse(name) for name in MINE]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url
    for url in owned_posts(world).values():
        assert client.post(url, {}).status_code == 302, url
    assert SECRET not in client.get(world["event"].get_absolute_url()).content.decode()


def test_the_owner_sees_all_of_it(client, world):
    client.force_login(world["owner"])

    for name, url in owned_gets(world).items():
        assert client.get(url).status_code == 200, name
    for name, owners_text in MINE.items():
        assert owners_text in client.get(reverse(name)).content.decode(), name
    assert SECRET in client.get(world["event"].get_absolute_url()).content.decode()


def test_the_feed_answers_its_secret_address_only(client, world):
    token = current_feed(user=world["owner"]).token

    assert client.get(reverse("personal:feed", kwargs={"token": token})).status_code == 200
    guessed = reverse("personal:feed", kwargs={"token": token[:-1] + "x"})
    assert client.get(guessed).status_code == 404


def test_the_data_download_holds_the_personal_portal(client, world):
    client.force_login(world["owner"])

    data = json.loads(client.get(reverse("registrations:my_data")).content)

    assert [star["session"] for star in data["stars"]] == ["Owner's starred session"]
    assert [search["name"] for search in data["saved_searches"]] == ["Owner's search"]
    assert [proposal["title"] for proposal in data["proposals"]] == ["Owner's proposal"]
    assert data["calendar_feeds"] == []


def test_deleting_the_account_takes_the_personal_portal_with_it(client, world):
    from accounts.services import delete_account
    from personal.models import CalendarFeed, FeedSequence, SavedSearch

    owner = world["owner"]
    token = current_feed(user=owner).token
    client.get(reverse("personal:feed", kwargs={"token": token}))
    assert FeedSequence.objects.filter(user=owner).exists()
    # The seat is freed first, as the account page does (registrations are the owner's too).
    registration_services.cancel_registration(registration=world["registration"])

    delete_account(user=owner)

    assert Star.objects.count() == 0
    assert (CalendarFeed.objects.count(), FeedSequence.objects.count()) == (0, 0)
    assert SavedSearch.objects.count() == 0
    assert client.get(reverse("personal:feed", kwargs={"token": token})).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "another member", "owner", "staff"])
def test_series_page_feed_and_calendar_show_no_one_the_joining_links(client, world, who):
    series = EventSeriesFactory(slug="owners-series")
    Event.objects.filter(pk=world["event"].pk).update(series=series)
    if who == "owner":
        client.force_login(world["owner"])
    elif who != "anonymous":
        client.force_login(world["people"][who])

    for name in ["events:series", "events:series_feed", "events:series_calendar"]:
        response = client.get(reverse(name, kwargs={"slug": "owners-series"}))
        assert response.status_code == 200, name
        assert "One-seat webinar" in response.content.decode(), name
        assert SECRET not in response.content.decode(), name
