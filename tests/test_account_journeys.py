"""Signing in on the way somewhere: the page says what the person was about to do and brings
them back there, after signing in or after creating an account."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import EventFactory
from tests.mail import path_of_link

pytestmark = pytest.mark.django_db

PROPOSE = (
    "To propose a resource, sign in or create an account: you will then go straight back to "
    "your proposal."
)


def test_propose_a_resource_signed_out_says_why_and_returns_after_sign_in(client, user):
    redirect = client.get("/resources/submit/")
    assert redirect.url == "/accounts/login/?next=/resources/submit/"

    html = client.get(redirect.url).content.decode()
    assert f'<p class="banner sign-in-purpose" role="note">{PROPOSE}</p>' in html
    assert '<input type="hidden" name="next" value="/resources/submit/">' in html
    assert 'href="/accounts/signup/?next=%2Fresources%2Fsubmit%2F"' in html

    response = client.post(
        redirect.url, {"login": user.email, "password": PASSWORD, "next": "/resources/submit/"}
    )
    assert response.url == "/resources/submit/"
    assert "<h1>Propose a resource</h1>" in client.get(response.url).content.decode()


def test_sign_up_on_the_way_returns_there_once_the_address_is_confirmed(client, mailoutbox):
    html = client.get("/accounts/signup/", {"next": "/resources/submit/"}).content.decode()
    assert f'<p class="banner sign-in-purpose" role="note">{PROPOSE}</p>' in html

    client.post(
        "/accounts/signup/",
        {
            "email": "planner@incheon.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/resources/submit/",
        },
    )
    response = client.post(path_of_link(mailoutbox[0]))

    assert response.url == "/resources/submit/"


def test_register_for_an_event_signed_out_says_why_in_korean(client):
    event = EventFactory(slug="iurf-check", registration_mode="portal")

    redirect = client.get("/ko/events/iurf-check/register/")
    html = client.get(redirect.url).content.decode()

    assert redirect.url == "/ko/accounts/login/?next=/ko/events/iurf-check/register/"
    assert '<p class="banner sign-in-purpose" role="note">' in html
    assert "To register for this event" not in html
    assert event.registrations.count() == 0


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/resources/submit/", "//elsewhere.example/", "/nowhere/"]
)
def test_sign_in_page_says_nothing_of_a_foreign_or_unknown_next(client, next_url):
    html = client.get(reverse("account_login"), {"next": next_url}).content.decode()

    assert "sign-in-purpose" not in html


def test_sign_in_page_on_the_way_to_any_other_page_says_it_will_return(client):
    html = client.get(reverse("account_login"), {"next": "/events/"}).content.decode()

    assert "Sign in to continue: you will then go straight back to the page you asked for." in html
