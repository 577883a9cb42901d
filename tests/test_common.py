"""The helpers every app shares: the Markdown sanitiser and the rate limiter (common/)."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from common.markdown import DESCRIPTION, SUMMARY, markdown_to_text, render_markdown
from common.ratelimit import RateLimit, client_key
from tests.factories import EventFactory, ResourceFactory
from tests.hostile import MARKUP, active_content

TABLE = "Hall | Seats\n--- | ---\nA | 300\n\n*[KST]: Korea Standard Time\n\nDoors at 9 KST."


# --- Markdown --------------------------------------------------------------------------------


def test_description_keeps_tables_and_abbreviations():
    html = render_markdown(TABLE, DESCRIPTION)

    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Hall</th>\n<th>Seats</th>\n</tr>\n</thead>\n<tbody>\n"
        "<tr>\n<td>A</td>\n<td>300</td>\n</tr>\n</tbody>\n</table>\n"
        '<p>Doors at 9 <abbr title="Korea Standard Time">KST</abbr>.</p>'
    )


def test_summary_keeps_the_words_of_a_table_but_not_the_table():
    html = render_markdown(TABLE, SUMMARY)

    assert "<table" not in html and "<td" not in html and "<abbr" not in html
    assert "<p>Hall | Seats\n--- | ---\nA | 300</p>" in html


@pytest.mark.parametrize("allowed", [SUMMARY, DESCRIPTION], ids=["summary", "description"])
def test_markdown_keeps_safe_markup_and_drops_the_rest(allowed):
    html = render_markdown(
        "**Bold** [site](https://seoul.example.org) [mail](mailto:a@example.org)\n\n"
        + "\n\n".join(MARKUP.values()),
        allowed,
    )

    assert html.startswith(
        '<p><strong>Bold</strong> <a href="https://seoul.example.org" '
        'rel="noopener noreferrer nofollow">site</a> <a href="mailto:a@example.org" '
        'rel="noopener noreferrer nofollow">mail</a></p>'
    )
    assert active_content(html) == []
    for tag in ("<script", "<img", "<svg", "<iframe", "<style", "<form", "<input"):
        assert tag not in html.lower()


def test_markdown_of_nothing_is_empty():
    assert render_markdown("", SUMMARY) == ""
    assert render_markdown(None, DESCRIPTION) == ""
    assert markdown_to_text("") == ""


def test_markdown_to_text_gives_the_words_only():
    text = markdown_to_text(
        "## Heat &amp; health\n\n* **Cooling** shelters <script>alert(1)</script>\n"
        "* [Map](https://busan.example.org/map)",
        SUMMARY,
    )

    assert text == "Heat & health Cooling shelters Map"


def test_event_description_and_resource_summary_use_their_allow_lists(client, db):
    event = EventFactory(description=TABLE)
    resource = ResourceFactory(summary=TABLE)

    event_page = client.get(event.get_absolute_url()).content.decode()
    resource_page = client.get(resource.get_absolute_url()).content.decode()

    assert "<td>300</td>" in event_page
    assert '<abbr title="Korea Standard Time">KST</abbr>' in event_page
    assert "<td>300</td>" not in resource_page
    assert "A | 300" in resource_page
    resource.refresh_from_db()
    # The summary's Markdown has no abbreviations: their definition stays as written.
    assert resource.summary_text == (
        "Hall | Seats --- | --- A | 300 *[KST]: Korea Standard Time Doors at 9 KST."
    )


# --- Rate limits -----------------------------------------------------------------------------


def _request(address="203.0.113.7", user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user or type("Anonymous", (), {"is_authenticated": False})()
    return request


def test_rate_limit_allows_the_limit_then_refuses_that_client_only(db):
    limit = RateLimit(scope="test", limit=3, window=600)
    first, second = client_key(_request("203.0.113.7")), client_key(_request("203.0.113.8"))

    allowed = [limit.hit(first) for _ in range(4)]

    assert allowed == [True, True, True, False]
    assert limit.reached(first) is True
    assert limit.reached(second) is False
    assert limit.hit(second) is True


def test_client_key_names_the_user_or_a_hash_of_the_address(user):
    assert client_key(_request(user=user)) == f"user:{user.pk}"
    key = client_key(_request("203.0.113.7"))
    assert key.startswith("ip:") and len(key) == 35
    assert "203.0.113.7" not in key
    assert key == client_key(_request("203.0.113.7")) != client_key(_request("203.0.113.8"))


def test_reached_counts_nothing(db):
    limit = RateLimit(scope="test", limit=1, window=600)

    for _ in range(3):
        assert limit.reached("user:1") is False

    assert limit.count("user:1") == 1
    assert limit.reached("user:1") is True


def test_rate_limit_starts_again_with_the_next_window(db, monkeypatch):
    clock = [1_800_000_000.0]  # the start of a 60-second window
    monkeypatch.setattr("common.ratelimit.time", SimpleNamespace(time=lambda: clock[0]))
    limit = RateLimit(scope="test", limit=1, window=60)
    assert [limit.hit("user:1"), limit.hit("user:1")] == [True, False]

    clock[0] += 59.9
    assert limit.reached("user:1") is True
    clock[0] += 0.1  # the next window

    assert limit.reached("user:1") is False
    assert limit.hit("user:1") is True


def test_counter_lives_until_its_window_ends(db, settings):
    """Django's database cache re-sets an entry's timeout to the default (300 s) on incr(): a
    counter must still expire with its window, or an hourly limit lasts five minutes."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
    }
    week = 7 * 24 * 3600
    limit = RateLimit(scope="test", limit=5, window=week)

    for _ in range(3):
        limit.count("user:1")

    key, remaining = limit._key_and_remaining("user:1")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value, expires FROM django_cache WHERE cache_key = %s",
            [cache.make_key(key)],
        )
        ((_value, expires),) = cursor.fetchall()
    assert cache.get(key) == 3
    window_end = (int(time.time()) // week + 1) * week
    assert abs(expires.timestamp() - window_end) <= 2
    assert abs(time.time() + remaining - window_end) <= 2
