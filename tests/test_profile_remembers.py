"""A profile that remembers: the first registration offers to keep the person's details, the
next form starts from them, and nothing is kept without their say."""

import re

import pytest

from accounts.models import User
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "Example Registrant",
    "organisation": "Seoul Metropolitan Government",
    "position": "Resilience officer",
    "city": "Seoul",
    "country": "Republic of Korea",
}
OFFER = 'name="save_to_profile"'


def _event(slug):
    return EventFactory(
        slug=slug,
        registration_mode="portal",
        languages=["en"],
        interpretation_languages=["ko"],
    )


def _registration(**extra):
    return {
        **DETAILS,
        "category": "executive",
        "channel": "en",
        "time_zone": "Asia/Seoul",
        "consent": "on",
        **extra,
    }


def _profile(user) -> dict:
    user = User.objects.get(pk=user.pk)
    return {field: getattr(user, field) for field in DETAILS}


def test_registering_twice_the_second_form_starts_from_the_saved_profile(client):
    user = UserFactory(name="", organisation="", position="", city="", country="")
    client.force_login(user)
    _event("first-webinar")
    _event("second-webinar")

    first_form = client.get("/events/first-webinar/register/").content.decode()
    response = client.post("/events/first-webinar/register/", _registration(save_to_profile="on"))
    second_form = client.get("/events/second-webinar/register/").content.decode()

    assert OFFER in first_form
    offer_input = re.search(r'<input[^>]*name="save_to_profile"[^>]*>', first_form).group(0)
    assert "checked" not in offer_input
    assert response.status_code == 302
    assert _profile(user) == DETAILS
    assert OFFER not in second_form  # the profile is complete: nothing more to offer
    for value in DETAILS.values():
        assert f'value="{value}"' in second_form


def test_nothing_reaches_the_profile_without_consent(client):
    user = UserFactory(name="", organisation="", position="", city="", country="")
    client.force_login(user)
    _event("first-webinar")
    _event("second-webinar")

    client.post("/events/first-webinar/register/", _registration())
    second_form = client.get("/events/second-webinar/register/").content.decode()

    assert user.registrations.count() == 1
    assert _profile(user) == dict.fromkeys(DETAILS, "")
    assert OFFER in second_form
    assert 'value="Example Registrant"' not in second_form


def test_a_refused_registration_saves_nothing_to_the_profile(client):
    user = UserFactory(name="", organisation="", position="", city="", country="")
    client.force_login(user)
    _event("first-webinar")

    response = client.post(
        "/events/first-webinar/register/", _registration(save_to_profile="on", consent="")
    )

    assert response.status_code == 200
    assert user.registrations.count() == 0
    assert _profile(user) == dict.fromkeys(DETAILS, "")


def test_sign_up_asks_only_an_e_mail_address_and_a_password(client):
    response = client.get("/accounts/signup/")

    fields = response.context["form"].fields
    # (A hidden field carries the browser's time zone, which the person never fills in.)
    visible = [name for name, field in fields.items() if not field.widget.is_hidden]
    assert visible == ["email", "password1", "password2"]


def test_the_registration_service_saves_the_details_only_with_consent():
    from registrations.services import Attendee, register_attendee

    agreed, declined = UserFactory(name=""), UserFactory(name="")
    details = {**DETAILS, "category": "executive", "channel": "en", "time_zone": "Asia/Seoul"}

    register_attendee(
        event=_event("service-yes"),
        user=agreed,
        attendee=Attendee(**details),
        consent=True,
        save_to_profile=True,
    )
    register_attendee(
        event=_event("service-no"), user=declined, attendee=Attendee(**details), consent=True
    )

    assert _profile(agreed) == DETAILS
    assert _profile(declined) != DETAILS
