"""At 320 CSS pixels wide (WCAG 1.4.10 Reflow), every page type (home, event list and detail,
library search, resource detail, the registration form signed in, and the rest of
tests/pages.py, each checked to be the page it is meant to be): nothing scrolls sideways and
the main navigation stays within reach.
Wide data tables may scroll inside their own frame (`.table-wrap`), as 1.4.10 allows."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.pages import PAGE_TYPES, identity_problems, localised, resolve, sign_in

WIDTH = 320
PHONE = {"width": WIDTH, "height": 640}
MAIN_PAGE_TYPES = {
    "home",
    "event-list",
    "event-detail",
    "library-search-results",
    "resource-detail",
    "register-form",
}


def _past_the_edge(page) -> list[str]:
    """The first elements that reach past the right edge, for the failure message."""
    return page.evaluate(
        """width => Array.from(document.querySelectorAll("body *"))
            .filter(el => el.getBoundingClientRect().right > width + 0.5
                && !el.closest(".table-wrap, .visually-hidden, .hp"))
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))""",
        WIDTH,
    )


def _menu_out_of_reach(page) -> list[str]:
    """The main navigation's links that the menu button does not bring within the screen."""
    page.locator(".site-menu__toggle").click()
    names = []
    for link in page.locator(".site-nav a").all():
        box = link.bounding_box()
        if not link.is_visible() or box is None or box["x"] < 0 or box["x"] + box["width"] > WIDTH:
            names.append(link.inner_text())
    return names


@pytest.fixture
def phone(live_server, browser, user):
    """A phone-sized browser for visitors (False) and for a signed-in attendee (True)."""
    client = Client()
    sign_in(client, user)
    contexts = {
        signed_in: browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        for signed_in in (False, True)
    }
    contexts[True].add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    yield contexts
    for context in contexts.values():
        context.close()


def test_phone_check_covers_the_main_page_types():
    assert {page.name for page in PAGE_TYPES} >= MAIN_PAGE_TYPES
    assert ("register-form", True) in {(page.name, page.signed_in) for page in PAGE_TYPES}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_page_type_fits_a_320_pixel_screen(live_server, phone, user, language):
    # The language switcher's cookie: the admin, outside the /ko/ addresses, follows it.
    for context in phone.values():
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
    problems, wrong_pages = [], []
    for page_type in PAGE_TYPES:
        name = page_type.name
        page = phone[page_type.signed_in].new_page()
        url = live_server.url + localised(resolve(page_type.path, user), language)
        response = page.goto(url)
        if page.url != url:
            wrong_pages.append(f"{name} ({language}): went on to {page.url}")
        wrong_pages += identity_problems(
            page_type, language, status=response.status, html=page.content()
        )

        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > WIDTH:
            problems.append(f"{name}: {scroll_width}px wide; past the edge: {_past_the_edge(page)}")
        if unreachable := _menu_out_of_reach(page):
            problems.append(f"{name}: menu links out of reach: {unreachable}")
        page.close()

    assert not wrong_pages, "\n".join(wrong_pages)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_main_navigation_works_by_touch_on_a_phone(live_server, phone):
    page = phone[False].new_page()
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Main")

    page.get_by_text("Menu", exact=True).tap()
    menu.get_by_role("link", name="Resource library").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resource library")

    page.get_by_text("Menu", exact=True).tap()
    menu.get_by_role("link", name="Programme").tap()
    expect(page).to_have_url(live_server.url + "/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
