"""Stars and My programme in a real browser: with JavaScript off (a form post and a reload)
and on (sent in the background, no reload)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from events.models import Star
from tests.factories import EventFactory, SessionFactory, UserFactory


def star(label: str, title: str) -> re.Pattern:
    """The button's accessible name: its label, then the item (Chromium may put a space
    before the visually hidden part)."""
    return re.compile(rf"^{re.escape(label)}\s?: {re.escape(title)}$")


def _signed_in(browser, live_server, user, *, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


@pytest.mark.django_db(transaction=True)
def test_starring_and_my_programme_work_without_javascript(live_server, browser):
    user = UserFactory()
    event = EventFactory(title="Browser forum")
    SessionFactory(event=event, title="Resilient water systems")
    context = _signed_in(browser, live_server, user, javascript=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{event.get_absolute_url()}")

    page.get_by_role(
        "button", name=star("☆ Add to My programme", "Resilient water systems")
    ).click()

    expect(page.get_by_text("Added to My programme.")).to_be_visible()
    expect(
        page.get_by_role("button", name=star("★ In My programme", "Resilient water systems"))
    ).to_be_visible()
    page.goto(f"{live_server.url}/me/programme/")
    expect(page.get_by_role("heading", name="Resilient water systems")).to_be_visible()

    page.get_by_role("button", name=star("★ In My programme", "Resilient water systems")).click()

    expect(page.get_by_text("Removed from My programme.")).to_be_visible()
    expect(page.get_by_text("You have starred nothing yet.")).to_be_visible()
    assert Star.objects.filter(user=user).count() == 0
    context.close()


@pytest.mark.django_db(transaction=True)
def test_starring_with_javascript_changes_the_button_without_a_reload(live_server, browser):
    user = UserFactory()
    event = EventFactory(title="Browser forum")
    session = SessionFactory(event=event, title="Early warning")
    context = _signed_in(browser, live_server, user, javascript=True)
    page = context.new_page()
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    page.evaluate("window.__notReloaded = true")

    page.get_by_role("button", name=star("☆ Add to My programme", "Early warning")).click()

    expect(
        page.get_by_role("button", name=star("★ In My programme", "Early warning"))
    ).to_be_visible()
    assert page.evaluate("window.__notReloaded") is True
    assert list(Star.objects.filter(user=user).values_list("session_id", flat=True)) == [session.pk]
    page.get_by_role("button", name=star("★ In My programme", "Early warning")).click()
    expect(
        page.get_by_role("button", name=star("☆ Add to My programme", "Early warning"))
    ).to_be_visible()
    assert page.evaluate("window.__notReloaded") is True
    assert Star.objects.filter(user=user).count() == 0
    context.close()
