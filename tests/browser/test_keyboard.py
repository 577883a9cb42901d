"""Keyboard only: no mouse, no programmatic focus; Tab, arrows, Space and Enter, as a person
who cannot use a pointer would."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from events.models import Event
from registrations.models import Registration
from tests.factories import EventFactory, OrganizationFactory, ResourceFactory, TopicFactory


def tab_to(page, accessible_text: str, limit: int = 120):
    """Press Tab until the focused element's text, label or value contains `accessible_text`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """text => {
                const el = document.activeElement;
                if (!el) return false;
                const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
                return [el.innerText, label, el.value, el.getAttribute("aria-label")]
                    .some(value => (value || "").includes(text));
            }""",
            accessible_text,
        )
        if found:
            return
    raise AssertionError(f"Tab never reached {accessible_text!r}")


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_registration(live_server, browser, user):
    event = EventFactory(
        title="Keyboard webinar",
        registration_mode=Event.Registration.PORTAL,
        languages=["en"],
        interpretation_languages=["ko"],
        seats=10,
    )
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + event.get_absolute_url())

    tab_to(page, "Register")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for Keyboard webinar")

    tab_to(page, "Mayor or governor")  # the first choice of the category group
    page.keyboard.press("ArrowDown")  # -> executive
    tab_to(page, "English (floor)")
    page.keyboard.press("ArrowDown")  # -> Korean (interpretation)
    tab_to(page, "I agree")
    page.keyboard.press("Space")
    tab_to(page, "Register")
    page.keyboard.press("Enter")

    expect(page.get_by_text("You are registered. A confirmation is on its way.")).to_be_visible()
    registration = Registration.objects.get(user=user)
    assert (registration.channel, registration.category, registration.status) == (
        "ko",
        "executive",
        "confirmed",
    )
    context.close()


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_filtered_library_search(live_server, page):
    topic = TopicFactory(name="Business continuity", slug="business-continuity")
    other = TopicFactory(name="Public health", slug="public-health")
    publisher = OrganizationFactory(name="UNDRR test office")
    ResourceFactory(
        title="Business continuity planning tool", topics=[topic], publishers=[publisher]
    )
    ResourceFactory(title="Business continuity for hospitals", topics=[other])

    page.goto(live_server.url + "/resources/")
    tab_to(page, "")  # the skip link comes first
    page.keyboard.press("Enter")  # skip to the main content
    tab_to(page, "", limit=1)
    page.keyboard.type("business continuity")
    page.keyboard.press("Enter")
    hospitals = page.get_by_role("link", name="Business continuity for hospitals", exact=True)
    expect(hospitals).to_be_visible()

    tab_to(page, "Business continuity")  # the topic facet
    page.keyboard.press("Enter")

    expect(page).to_have_url(
        f"{live_server.url}/resources/?q=business+continuity&topic=business-continuity"
    )
    tool = page.get_by_role("link", name="Business continuity planning tool", exact=True)
    expect(tool).to_be_visible()
    expect(hospitals).to_have_count(0)
