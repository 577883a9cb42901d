"""Sign-up does not tell by its timing who has an account (issue 21, item 6): the password hash,
which is nearly all of a sign-up's time, is computed for a known address as for a new one.
(The times themselves are a benchmark's business, not a test's: before, about 13 ms against
255 ms; after, the same.)"""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from accounts.models import User
from outbox.models import OutgoingMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


class CountingHasher(PBKDF2PasswordHasher):
    """Django's default hasher, counting the hashes it computes."""

    computed = 0

    def encode(self, password, salt, iterations=None):
        CountingHasher.computed += 1
        return super().encode(password, salt, iterations)


@pytest.fixture(autouse=True)
def _real_mail_and_hashing(settings):
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
    settings.PASSWORD_HASHERS = ["tests.test_hardening_signup_timing.CountingHasher"]
    CountingHasher.computed = 0


def _sign_up(client, email):
    response = client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


def test_signup_with_a_known_address_computes_the_same_hash_as_a_new_one(client):
    known = UserFactory(email="known@city.example")
    CountingHasher.computed = 0

    _sign_up(client, "known@city.example")
    known_hashes = CountingHasher.computed
    _sign_up(client, "new@city.example")
    new_hashes = CountingHasher.computed - known_hashes

    assert (known_hashes, new_hashes) == (1, 1)
    assert User.objects.count() == 2
    recipients = OutgoingMessage.objects.order_by("pk").values_list("recipients", flat=True)
    assert list(recipients) == [[known.email], ["new@city.example"]]
