"""Fixing a broken link in one screen: replace the address, use the archived copy, or
unpublish; the link is checked again at once and the result shown."""

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from resources import links
from resources.models import Resource
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(httpserver):
    httpserver.expect_request("/gone").respond_with_data("not here", status=404)
    httpserver.expect_request("/new-home").respond_with_data("found it")
    httpserver.expect_request("/web/" + httpserver.url_for("/gone")).respond_with_data("copy")
    resource = ResourceFactory(title="Lost report", url=httpserver.url_for("/gone"))
    Resource.objects.filter(pk=resource.pk).update(
        last_checked_at=timezone.now(),
        last_status=404,
        consecutive_failures=2,
        broken_since=timezone.now(),
    )
    return resource


def _fix_url(resource):
    return reverse("admin:resources_resource_fix_link", args=[resource.pk])


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_broken_links_list_links_to_the_fix_screen(staff_client, broken):
    response = staff_client.get(reverse("admin:resources_resource_changelist") + "?link=broken")

    page = html.fromstring(response.content.decode())
    assert [a.get("href") for a in page.cssselect("a.resources-fix-link")] == [_fix_url(broken)]


def test_fix_screen_shows_the_link_and_its_health(staff_client, broken):
    response = staff_client.get(_fix_url(broken))

    page = html.fromstring(response.content.decode())
    assert page.cssselect("h1")[0].text_content() == "Fix the link of “Lost report”"
    assert page.cssselect(".fix-link-health strong")[0].text_content().endswith("(404)")
    assert [i.get("value") for i in page.cssselect("input[name=action]")] == [
        "replace",
        "archive",
        "unpublish",
    ]


def test_replacing_the_address_checks_it_at_once(staff_client, broken, httpserver):
    new_url = httpserver.url_for("/new-home")

    response = staff_client.post(
        _fix_url(broken), {"action": "replace", "new_url": new_url}, follow=True
    )

    broken.refresh_from_db()
    assert (broken.url, broken.last_status, broken.broken_since) == (new_url, 200, None)
    assert broken.consecutive_failures == 0
    assert _messages(response) == [f"The link now goes to {new_url} and works (HTTP 200)."]
    assert "Working (200)" in response.content.decode()


def test_using_the_archived_copy(staff_client, broken, httpserver, monkeypatch):
    # The Wayback Machine, played by the local server.
    monkeypatch.setattr(links, "ARCHIVE_PREFIX", httpserver.url_for("/web/"))
    from resources import services

    monkeypatch.setattr(services, "ARCHIVE_PREFIX", httpserver.url_for("/web/"))
    original = broken.url

    response = staff_client.post(_fix_url(broken), {"action": "archive"}, follow=True)

    broken.refresh_from_db()
    assert broken.url == httpserver.url_for("/web/") + original
    assert (broken.last_status, broken.broken_since) == (200, None)
    assert _messages(response) == [f"The link now goes to {broken.url} and works (HTTP 200)."]


def test_unpublishing_withdraws_the_resource(staff_client, broken):
    response = staff_client.post(_fix_url(broken), {"action": "unpublish"}, follow=True)

    broken.refresh_from_db()
    assert broken.status == Resource.Status.WITHDRAWN
    assert _messages(response) == ["The resource is no longer in the library."]


def test_a_failing_new_address_is_stored_and_reported(staff_client, broken, httpserver):
    still_gone = httpserver.url_for("/gone") + "?v=2"

    response = staff_client.post(
        _fix_url(broken), {"action": "replace", "new_url": still_gone}, follow=True
    )

    broken.refresh_from_db()
    assert (broken.url, broken.last_status, broken.consecutive_failures) == (still_gone, 404, 1)
    assert _messages(response) == [
        f"The link now goes to {still_gone}, but it failed its check (404)."
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"action": "replace"}, "new_url", "Give the new address."),
        (
            {"action": "replace", "new_url": "ftp://files.example.org/report.pdf"},
            "new_url",
            "Links must start with http:// or https://.",
        ),
        ({"action": "explode"}, "action", None),
    ],
)
def test_bad_input_changes_nothing(staff_client, broken, data, field, message):
    response = staff_client.post(_fix_url(broken), data)

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if message:
        assert message in errors
    broken.refresh_from_db()
    assert (broken.url, broken.status, broken.last_status) == (
        broken.url,
        Resource.Status.PUBLISHED,
        404,
    )


def test_an_address_already_in_the_library_is_refused(staff_client, broken):
    other = ResourceFactory(url="https://library.example.org/taken")
    before = broken.url

    response = staff_client.post(_fix_url(broken), {"action": "replace", "new_url": other.url})

    assert response.context["form"].errors["new_url"] == ["This link is already in the library."]
    broken.refresh_from_db()
    assert broken.url == before


def test_only_those_who_may_change_resources_can_fix(client, broken):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))

    assert client.get(_fix_url(broken)).status_code == 403
    assert client.post(_fix_url(broken), {"action": "unpublish"}).status_code == 403
    broken.refresh_from_db()
    assert broken.status == Resource.Status.PUBLISHED
