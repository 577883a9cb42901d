"""Stars: a signed-in reader keeps the events and sessions they mean to follow."""

import pytest
from django.urls import reverse

from events.models import Event, Star
from tests.factories import EventFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

# session, user, the event (with its programme stamp), organisers, stream links, featured links,
# topics, the reader's stars, their confirmed registration, the programme's sessions and speakers
NUM_EVENT_PAGE_QUERIES = 11


def star_session_url(session):
    return reverse("events:star_session", kwargs={"slug": session.event.slug, "pk": session.pk})


def test_starring_a_session_without_javascript_saves_it_and_returns_to_the_page(client, user):
    session = SessionFactory(title="Smart safety")
    client.force_login(user)
    page = session.event.get_absolute_url()

    response = client.post(
        star_session_url(session), {"starred": "1", "next": f"{page}#session-{session.pk}"}
    )

    assert response.status_code == 302
    assert response.url == f"{page}#session-{session.pk}"
    assert list(Star.objects.values_list("user", "session", "event")) == [
        (user.pk, session.pk, None)
    ]
    html = client.get(page).content.decode()
    assert "Added to My programme." in html
    assert (
        '<input type="hidden" name="starred" value="0">'
        f'<input type="hidden" name="next" value="{page}#session-{session.pk}">'
        '<button type="submit" class="star-button star-button--on"'
    ) in html
    assert (
        '<span data-star-label>★ In My programme</span><span class="visually-hidden">: Smart safety</span>'
        in html
    )


def test_starring_twice_keeps_one_star_and_unstarring_removes_it(client, user):
    session = SessionFactory()
    client.force_login(user)

    client.post(star_session_url(session), {"starred": "1"})
    client.post(star_session_url(session), {"starred": "1"})
    assert Star.objects.filter(user=user, session=session).count() == 1

    client.post(star_session_url(session), {"starred": "0"})
    assert Star.objects.count() == 0


def test_starring_with_javascript_answers_json(client, user):
    event = EventFactory()
    client.force_login(user)

    response = client.post(
        reverse("events:star", kwargs={"slug": event.slug}),
        {"starred": "1"},
        HTTP_ACCEPT="application/json",
    )

    assert response.json() == {"starred": True}
    assert list(Star.objects.values_list("event", "session")) == [(event.pk, None)]


def test_starring_needs_a_signed_in_reader_and_a_published_event(client, user):
    draft = EventFactory(status=Event.Status.DRAFT)
    session = SessionFactory()

    response = client.post(star_session_url(session), {"starred": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response.url

    client.force_login(user)
    assert client.post(reverse("events:star", kwargs={"slug": draft.slug})).status_code == 404
    assert client.get(star_session_url(session)).status_code == 405
    assert Star.objects.count() == 0


def test_a_foreign_redirect_is_refused(client, user):
    session = SessionFactory()
    client.force_login(user)

    response = client.post(
        star_session_url(session), {"starred": "1", "next": "https://evil.example/"}
    )

    assert response.url == session.get_absolute_url()


def test_anonymous_readers_see_no_star_buttons(client):
    session = SessionFactory()

    html = client.get(session.event.get_absolute_url()).content.decode()

    assert "data-star-form" not in html


def test_one_readers_stars_are_not_anothers(client, user):
    session = SessionFactory()
    Star.objects.create(user=UserFactory(), session=session)
    client.force_login(user)

    html = client.get(session.event.get_absolute_url()).content.decode()

    assert html.count("data-star-form") == 2  # the event's and the session's
    assert "star-button--on" not in html


@pytest.mark.parametrize("count", [1, 12])
def test_event_page_for_a_signed_in_reader_runs_a_constant_number_of_queries(
    client, user, django_assert_num_queries, count
):
    event = EventFactory(registration_mode="portal", languages=["en"])
    sessions = [SessionFactory(event=event) for _ in range(count)]
    for session in sessions:
        Star.objects.create(user=user, session=session)
    client.force_login(user)
    client.get(event.get_absolute_url())

    with django_assert_num_queries(NUM_EVENT_PAGE_QUERIES):
        response = client.get(event.get_absolute_url())
    assert response.content.decode().count("star-button star-button--on") == count
