"""E-mail addresses no one can trust or carry (issue 21, item 2).

A direction override, a zero-width space, a control character or a domain that is not a
valid internationalised name is refused on sign-up, password reset, login by code and adding
an address, before anything is written; a message that cannot be built never breaks the
request that queued it.
"""

import logging

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage

from accounts.models import User
from accounts.validators import validate_email_address
from outbox.models import OutgoingMessage
from tests.factories import UserFactory
from tests.hostile import BAD_EMAIL_ADDRESSES as BAD_ADDRESSES
from tests.hostile import GOOD_EMAIL_ADDRESSES as GOOD_ADDRESSES

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
MESSAGE = "Enter a valid email address."


@pytest.fixture(autouse=True)
def _queued_mail(settings):
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"


def _nothing_written(before_users: int):
    assert User.objects.count() == before_users
    assert OutgoingMessage.objects.count() == 0


@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_validator_refuses(address):
    with pytest.raises(Exception) as refused:
        validate_email_address(address)
    assert refused.value.messages == [MESSAGE]


@pytest.mark.parametrize("address", GOOD_ADDRESSES)
def test_validator_accepts(address):
    validate_email_address(address)


@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_signup_refuses_the_address_and_writes_nothing(client, address):
    response = client.post(
        "/accounts/signup/", {"email": address, "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    _nothing_written(0)
    assert EmailAddress.objects.count() == 0


@pytest.mark.parametrize("path", ["/accounts/password/reset/", "/accounts/login/code/"])
@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_mailing_forms_refuse_the_address_and_send_nothing(client, path, address):
    response = client.post(path, {"email": address})

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    _nothing_written(0)


@pytest.mark.parametrize(
    "address",
    [BAD_ADDRESSES[name] for name in ["rtl_override_in_domain", "zero_width_space_in_domain"]],
)
def test_adding_an_address_refuses_it(client, address):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/accounts/email/", {"action_add": "", "email": address})

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert list(EmailAddress.objects.values_list("email", flat=True)) == [user.email]
    assert OutgoingMessage.objects.count() == 0


def test_signup_with_an_internationalised_domain_works(client):
    response = client.post(
        "/accounts/signup/", {"email": "x@пример.рф", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert User.objects.get().email == "x@пример.рф"
    assert OutgoingMessage.objects.get().recipients == ["x@пример.рф"]


def test_message_that_cannot_be_built_is_logged_and_not_queued(caplog):
    with caplog.at_level(logging.ERROR, logger="outbox.backends"):
        sent = EmailMessage("Hello", "Body", to=[BAD_ADDRESSES["rtl_override_in_domain"]]).send()

    assert sent == 0
    assert OutgoingMessage.objects.count() == 0
    assert "cannot be built" in caplog.text


def test_request_that_queues_an_unbuildable_message_still_succeeds(client):
    # An account from before addresses were checked: signing in sends a verification e-mail.
    address = BAD_ADDRESSES["rtl_override_in_domain"]
    user = UserFactory(email=address, verified=False)
    EmailAddress.objects.create(user=user, email=address, verified=False, primary=True)

    response = client.post("/accounts/login/", {"login": address, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert OutgoingMessage.objects.count() == 0
    assert User.objects.count() == 1
