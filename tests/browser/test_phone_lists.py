"""Phone-first lists: at 375 px the first result of the library and of the event list is on
the first screen (900 px), the filters wait behind one "Filter (n active)" disclosure that
works without JavaScript, and the header is the site's name, a menu button and the language
switch. At 1280 px both keep their two columns."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    EventFactory,
    EventSeriesFactory,
    OrganizationFactory,
    ResourceFactory,
    TopicFactory,
)

PHONE = {"width": 375, "height": 900}
DESKTOP = {"width": 1280, "height": 900}
FIRST_SCREEN = 900


@pytest.fixture
def lists(db):
    """A library and an event list with many facet values and filter choices."""
    topics = [TopicFactory(name=f"Topic {n}", slug=f"topic-{n}") for n in range(12)]
    publishers = [
        OrganizationFactory(name=f"Publisher {n}", country=f"Country {n}") for n in range(12)
    ]
    for n in range(24):
        ResourceFactory(
            title=f"Resilience resource {n:02d}",
            topics=[topics[n % 12]],
            publishers=[publishers[n % 12]],
        )
    for n in range(6):
        EventSeriesFactory(name=f"Series {n}")
    now = timezone.now()
    for n in range(24):
        EventFactory(
            title=f"Resilience webinar {n:02d}",
            start=now + timedelta(days=n + 1),
            organisers=[publishers[n % 12]],
            topics=[topics[n % 12]],
        )


def _first_result_top(page, selector) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "first_result"),
    [("/resources/", ".hit-list > li"), ("/events/", ".event-results .card-list > li")],
)
def test_first_result_is_on_a_phones_first_screen(live_server, browser, lists, path, first_result):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    page.goto(live_server.url + path)

    assert _first_result_top(page, first_result) < FIRST_SCREEN
    expect(page.locator(".filter-disclosure__toggle")).to_have_text("Filter")
    expect(page.locator(".filter-disclosure form, .filter-disclosure .facets").first).to_be_hidden()
    # The header: the site's name, the menu button and the language switch; no links until
    # the menu opens.
    expect(page.locator(".site-menu__toggle")).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("#language-select")).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] < 150
    page.locator(".site-menu__toggle").click()
    expect(page.get_by_role("link", name="Resource library")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_filter_disclosure_works_without_javascript(live_server, browser, lists):
    context = browser.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/events/")

    page.locator(".filter-disclosure__toggle").click()
    page.get_by_label("Webinar").check()
    page.get_by_role("button", name="Apply filters").click()

    assert page.url.endswith("/events/?q=&kind=webinar") or "kind=webinar" in page.url
    expect(page.locator(".filter-disclosure__toggle")).to_have_text("Filter (1 active)")
    expect(page.locator(".chip")).to_contain_text("Webinar")
    assert _first_result_top(page, ".event-results .card-list > li") < FIRST_SCREEN
    # The chip removes the filter.
    page.locator(".chip").first.click()
    expect(page.locator(".filter-disclosure__toggle")).to_have_text("Filter")

    page.goto(live_server.url + "/resources/")
    page.locator(".filter-disclosure__toggle").click()
    expect(page.locator(".facets")).to_be_visible()
    page.locator(".facets a", has_text="Topic 3").first.click()
    expect(page.locator(".filter-disclosure__toggle")).to_have_text("Filter (1 active)")
    assert _first_result_top(page, ".hit-list > li") < FIRST_SCREEN
    page.locator(".site-menu__toggle").click()
    expect(page.get_by_role("link", name="Programme")).to_be_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_desktop_keeps_two_columns_and_the_header_bar(live_server, browser, lists, javascript):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    page = context.new_page()

    for path, side, results in [
        ("/resources/", ".facets", ".hit-list > li"),
        ("/events/", ".filters", ".event-results .card-list > li"),
    ]:
        page.goto(live_server.url + path)
        expect(page.locator(".filter-disclosure__toggle")).to_be_hidden()
        expect(page.locator(side)).to_be_visible()
        side_box = page.locator(side).bounding_box()
        result_box = page.locator(results).first.bounding_box()
        assert side_box["x"] + side_box["width"] <= result_box["x"]  # side by side
        expect(page.locator(".site-menu__toggle")).to_be_hidden()
        expect(page.get_by_role("link", name="Resource library")).to_be_visible()
    context.close()
