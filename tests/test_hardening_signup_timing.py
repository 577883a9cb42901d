"""Sign-up does not tell by its timing who has an account (issue 21, item 6)."""

import statistics
import time

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
    started = time.perf_counter()
    response = client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    return elapsed


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


def test_signup_takes_as_long_for_a_known_address_as_for_a_new_one(client):
    for number in range(3):
        UserFactory(email=f"known{number}@city.example")
    _sign_up(client, "warm-up@city.example")

    known = [_sign_up(client, f"known{number}@city.example") for number in range(3)]
    new = [_sign_up(client, f"new{number}@city.example") for number in range(3)]

    # Before: about 13 ms against 255 ms. The hash dominates both now; the bounds leave room
    # for a busy machine.
    ratio = statistics.median(known) / statistics.median(new)
    assert 0.6 < ratio < 1.6, (known, new)
