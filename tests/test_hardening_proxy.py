"""Rate limits behind a proxy (issue 21, item 8: the trusted proxy).

Behind nginx every request comes from nginx: keyed on REMOTE_ADDR, ten failed sign-ins a
minute from anyone locked everyone out. With TRUSTED_PROXY_COUNT the limits key on the
visitor's address as the proxy saw it.
"""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from common.clientip import client_ip
from feedback.models import PageFeedback
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
PROXY = "10.0.0.5"


def _request(forwarded=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", PROXY),  # no proxy trusted: the header is anyone's to write
        (1, None, PROXY),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's own
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (2, "203.0.113.9", PROXY),  # fewer entries than proxies
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_reads_only_what_trusted_proxies_wrote(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(_request(forwarded)) == expected


def _sign_in(client, email, password, address):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_failed_sign_ins_from_one_visitor_do_not_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    victim = UserFactory(email="planner@seoul.example")
    attacker = "203.0.113.66"
    for number in range(10):
        _sign_in(client, f"nobody{number}@city.example", "wrong-password", attacker)

    refused = _sign_in(client, "nobody@city.example", "wrong-password", attacker)
    allowed = _sign_in(client, victim.email, PASSWORD, "198.51.100.7")

    assert "Too many failed login attempts" in refused.content.decode()
    assert allowed.status_code == 302
    assert allowed["Location"] == "/accounts/profile/"


def test_a_stranger_failing_on_purpose_does_not_lock_the_owner_out(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    owner = UserFactory(email="planner@seoul.example")
    stranger = "203.0.113.66"
    for _ in range(5):
        _sign_in(client, owner.email, "wrong-password", stranger)

    refused = _sign_in(client, owner.email, PASSWORD, stranger)
    allowed = _sign_in(client, owner.email, PASSWORD, "198.51.100.7")

    # The stranger's own attempts on the account are limited, even with the right password.
    assert "Too many failed login attempts" in refused.content.decode()
    assert allowed.status_code == 302
    assert allowed["Location"] == "/accounts/profile/"


def test_feedback_votes_behind_a_proxy_are_counted_per_visitor(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()

    def vote(address):
        return client.post(
            "/feedback/",
            {"path": "/", "useful": "yes"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(20):
        vote("203.0.113.66")
    refused = vote("203.0.113.66")
    allowed = vote("198.51.100.7")

    assert refused.status_code == 429
    assert allowed.status_code != 429
    assert PageFeedback.objects.count() == 21
