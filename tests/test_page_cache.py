"""The shared cache of anonymous public pages (forum_site/page_cache.py)."""

import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import Client
from django.urls import path, reverse

from common import content_version
from events.models import Event
from feedback.models import PageFeedback
from forum_site import page_cache
from forum_site.page_cache import HIT_HEADER
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
NONCE_PAGE = Template(
    "<!DOCTYPE html><title>Nonce</title>{% csrf_token %}"
    '<script nonce="{{ request.csp_nonce }}">let a = 1;</script>'
    '<p data-nonce="{{ request.csp_nonce }}">nonce page</p>'
)


def nonce_page(request):
    return HttpResponse(NONCE_PAGE.render(RequestContext(request)))


# A page that uses the CSP nonce in its HTML (the site's own templates need none today); named
# like a cached page so that the middleware treats it as one.
urlpatterns = [path("about/", nonce_page, name="about")]


@pytest.fixture(autouse=True)
def _page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    # A worker trusts the version it read for a second; tests take their time, so longer.
    monkeypatch.setattr(content_version, "CHECK_SECONDS", 600)
    page_cache.local.clear()  # this process plays one worker; each test starts it afresh
    yield
    page_cache.local.clear()


@pytest.fixture
def committed(transactional_db):
    """Real commits (on_commit callbacks run); the cache table outlives the flush, so empty it."""
    page_cache.caches[page_cache.CACHE_ALIAS].clear()
    yield
    page_cache.caches[page_cache.CACHE_ALIAS].clear()


def as_another_worker():
    """Forget what this process holds, as a worker that has not served the page yet."""
    page_cache.local.clear()


@pytest.fixture
def event(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as in production
        return EventFactory(title="Coastal flooding webinar", slug="coastal-flooding")


def csrf_token_in(response) -> str:
    tokens = set(CSRF_INPUT.findall(response.content.decode()))
    assert len(tokens) == 1
    return tokens.pop()


def test_page_cache_second_anonymous_request_is_a_hit_without_a_query(
    event, django_assert_num_queries
):
    first = Client().get("/events/coastal-flooding/")

    with django_assert_num_queries(0):  # this worker's copy, its version read just now
        second = Client().get("/events/coastal-flooding/")

    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")
    assert '<h1 id="event-title">Coastal flooding webinar</h1>' in second.content.decode()
    assert CSRF_INPUT.sub("", first.content.decode()) == CSRF_INPUT.sub("", second.content.decode())
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Security-Policy" in second


def test_page_cache_another_worker_gets_the_page_from_the_shared_cache_in_one_query(
    event, django_assert_num_queries
):
    Client().get("/events/coastal-flooding/")
    as_another_worker()

    with django_assert_num_queries(1):  # the page and the content version together
        response = Client().get("/events/coastal-flooding/")

    assert response[HIT_HEADER] == "hit"
    assert '<h1 id="event-title">Coastal flooding webinar</h1>' in response.content.decode()


def test_page_cache_another_workers_change_shows_once_the_version_is_read_again(event, monkeypatch):
    Client().get("/events/coastal-flooding/")
    page_cache.caches[page_cache.CACHE_ALIAS].set(page_cache.VERSION_KEY, "changed", None)
    served_within_the_second = Client().get("/events/coastal-flooding/")

    monkeypatch.setattr(content_version, "CHECK_SECONDS", 0)
    after_the_second = Client().get("/events/coastal-flooding/")

    assert served_within_the_second[HIT_HEADER] == "hit"
    assert after_the_second[HIT_HEADER] == "miss"


def test_page_cache_head_request_is_served_from_the_cache(event):
    Client().get("/events/coastal-flooding/")

    response = Client().head("/events/coastal-flooding/")

    assert response[HIT_HEADER] == "hit"


@pytest.mark.urls("tests.test_page_cache")
def test_page_cache_nonce_is_fresh_on_every_hit_and_matches_the_header():
    nonces = []
    for _ in range(3):
        response = Client().get("/about/")
        html = response.content.decode()
        (nonce,) = set(re.findall(r'nonce="([^"]+)"', html))
        assert f'data-nonce="{nonce}"' in html
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)

    assert response[HIT_HEADER] == "hit"
    assert len(set(nonces)) == 3
    assert "\x00" not in html


def test_page_cache_feedback_form_on_a_cached_page_passes_csrf(event):
    filler = Client().get("/events/coastal-flooding/")
    reader = Client(enforce_csrf_checks=True)

    page = reader.get("/events/coastal-flooding/")
    token = csrf_token_in(page)
    response = reader.post(
        reverse("feedback:vote"),
        {"csrfmiddlewaretoken": token, "path": "/events/coastal-flooding/", "useful": "yes"},
    )

    assert page[HIT_HEADER] == "hit"
    assert token != csrf_token_in(filler)
    assert settings.CSRF_COOKIE_NAME in page.cookies
    assert response.status_code == 302
    feedback = PageFeedback.objects.get()
    assert (feedback.path, feedback.useful) == ("/events/coastal-flooding/", True)


def test_page_cache_without_the_token_the_feedback_post_is_still_refused(event):
    Client().get("/events/coastal-flooding/")
    reader = Client(enforce_csrf_checks=True)
    reader.get("/events/coastal-flooding/")

    response = reader.post(
        reverse("feedback:vote"), {"path": "/events/coastal-flooding/", "useful": "yes"}
    )

    assert response.status_code == 403
    assert PageFeedback.objects.count() == 0


def test_page_cache_signed_in_reader_never_gets_nor_fills_the_cache(event, user):
    signed_in = Client()
    signed_in.force_login(user)

    own = signed_in.get("/events/coastal-flooding/")
    first_anonymous = Client().get("/events/coastal-flooding/")
    second_anonymous = Client().get("/events/coastal-flooding/")
    again = signed_in.get("/events/coastal-flooding/")

    assert HIT_HEADER not in own
    assert first_anonymous[HIT_HEADER] == "miss"
    assert second_anonymous[HIT_HEADER] == "hit"
    assert HIT_HEADER not in again
    assert "Sign out" in again.content.decode()
    assert "Sign out" not in second_anonymous.content.decode()


def test_page_cache_keeps_korean_and_english_apart(event):
    Client().get("/events/")
    english = Client().get("/events/")

    korean = Client().get("/ko/events/")
    korean_again = Client().get("/ko/events/")
    remembered = Client()
    remembered.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    redirected = remembered.get("/events/")

    assert (english[HIT_HEADER], korean[HIT_HEADER], korean_again[HIT_HEADER]) == (
        "hit",
        "miss",
        "hit",
    )
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="ko">' in korean_again.content.decode()
    assert "프로그램" in korean_again.content.decode()
    assert redirected.status_code == 302
    assert redirected["Location"] == "/ko/events/"


def test_page_cache_staff_edit_shows_on_the_next_anonymous_request(committed):
    event = EventFactory(title="Coastal flooding webinar", slug="coastal-flooding")
    Client().get("/events/coastal-flooding/")
    assert Client().get("/events/coastal-flooding/")[HIT_HEADER] == "hit"

    event.title = "Coastal flooding and storm surges"
    event.save()
    response = Client().get("/events/coastal-flooding/")
    as_another_worker()
    elsewhere = Client().get("/events/coastal-flooding/")

    assert response[HIT_HEADER] == "miss"
    assert (
        '<h1 id="event-title">Coastal flooding and storm surges</h1>' in response.content.decode()
    )
    assert elsewhere[HIT_HEADER] == "hit"  # the new page, from the shared cache
    assert "Coastal flooding and storm surges</h1>" in elsewhere.content.decode()


def test_page_cache_admin_bulk_action_shows_on_the_next_anonymous_request(event, staff_client):
    anonymous = Client()
    anonymous.get("/events/")
    assert "Coastal flooding webinar" in anonymous.get("/events/").content.decode()

    staff_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "unpublish", "_selected_action": [event.pk]},
    )
    listing = Client().get("/events/")
    detail = Client().get("/events/coastal-flooding/")

    assert Event.objects.get(pk=event.pk).status == Event.Status.DRAFT
    assert listing[HIT_HEADER] == "miss"
    assert "Coastal flooding webinar" not in listing.content.decode()
    assert detail.status_code == 404


def test_page_cache_never_serves_or_stores_a_page_with_messages(client):
    Client().get("/privacy/")  # fills the cache
    vote = client.post(reverse("feedback:vote"), {"path": "/privacy/", "useful": "no"})
    client.post(vote.url, {"reason": "incorrect", "comment": "The date is wrong."})

    with_message = client.get("/privacy/")
    after = Client().get("/privacy/")

    assert HIT_HEADER not in with_message
    assert "Thank you for helping us improve this page." in with_message.content.decode()
    assert after[HIT_HEADER] == "hit"
    assert "Thank you for helping us improve this page." not in after.content.decode()


def test_page_cache_pages_with_a_query_string_are_rendered_each_time(event):
    Client().get("/events/?page=1")

    response = Client().get("/events/?page=1")

    assert HIT_HEADER not in response
    assert "Coastal flooding webinar" in response.content.decode()


def test_page_cache_off_when_its_lifetime_is_zero(event, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/events/coastal-flooding/")

    response = Client().get("/events/coastal-flooding/")

    assert HIT_HEADER not in response
    assert '<h1 id="event-title">Coastal flooding webinar</h1>' in response.content.decode()


def test_page_cache_version_is_bumped_once_per_transaction(committed):
    Client().get("/events/")

    with transaction.atomic():
        EventFactory.create_batch(3)
        bumps = [entry for entry in connection.run_on_commit if entry[1] is page_cache.bump]
        in_the_transaction = Client().get("/events/")
    as_another_worker()
    response = Client().get("/events/")

    assert len(bumps) == 1
    assert in_the_transaction[HIT_HEADER] == "miss"
    assert in_the_transaction.content.decode().count("Resilience webinar") == 3
    assert response[HIT_HEADER] == "miss"  # the commit made the shared copy stale too
    assert response.content.decode().count("Resilience webinar") == 3
