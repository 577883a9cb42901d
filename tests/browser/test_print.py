"""An event page on paper: the content without the site's chrome, the addresses of external
links written out, no session cut in two; and it prints."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.dates import FORUM_YEAR
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    StreamLinkFactory,
)

SEOUL = ZoneInfo("Asia/Seoul")
HIDDEN_ON_PAPER = [
    ".site-header",
    ".site-nav",
    ".skip-link",
    ".page-feedback",
    ".share",
    ".site-footer",
    ".event-facts .button",
]


def _forum_with_programme():
    start = datetime(FORUM_YEAR, 12, 9, 9, 0, tzinfo=SEOUL)
    event = EventFactory(
        slug="print-forum",
        title="International Urban Resilience Forum (print)",
        kind="forum",
        start=start,
        end=start + timedelta(hours=9),
        website="https://forum.example.org/2030",
        organisers=[OrganizationFactory(name="Seoul Metropolitan Government")],
        description="Urban safety is a **fundamental value**.",
    )
    StreamLinkFactory(event=event, label="Seoul On", url="https://tv.seoul.example/live")
    for hour in range(8):
        session = SessionFactory(
            event=event,
            title=f"Session {hour + 1}: resilient cities after the pandemic",
            description="Mayors and experts share what worked. " * 6,
            start=start + timedelta(hours=hour),
            end=start + timedelta(hours=hour, minutes=50),
        )
        SessionSpeakerFactory(session=session)
        SessionSpeakerFactory(session=session)
    return event


def _style(page, selector, prop, pseudo=None):
    return page.evaluate(
        "([selector, prop, pseudo]) => getComputedStyle(document.querySelector(selector), pseudo)"
        ".getPropertyValue(prop)",
        [selector, prop, pseudo],
    )


@pytest.mark.django_db(transaction=True)
def test_event_page_prints_content_only(live_server, page):
    event = _forum_with_programme()
    page.goto(live_server.url + event.get_absolute_url())

    page.emulate_media(media="print")

    for selector in HIDDEN_ON_PAPER:
        assert page.locator(selector).count() >= 1, selector
        assert _style(page, selector, "display") == "none", selector
    assert page.locator("h1").is_visible()
    assert page.get_by_role("heading", name="Programme").is_visible()
    assert _style(page, ".session", "break-inside") == "avoid"
    assert _style(page, ".programme h3", "break-after") == "avoid"
    stream = 'a[href="https://tv.seoul.example/live"]'
    assert _style(page, stream, "content", "::after") == '" (https://tv.seoul.example/live)"'
    # The website's link text is its address: written once.
    website = 'a[href="https://forum.example.org/2030"]'
    assert page.locator(website).inner_text() == "https://forum.example.org/2030"
    assert _style(page, website, "content", "::after") == "none"
    assert _style(page, ".session__speakers a", "content", "::after") == "none"
    assert page.pdf(format="A4").startswith(b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_event_list_prints_without_filters(live_server, page):
    EventFactory(title="Printed webinar")
    page.goto(live_server.url + "/events/")

    page.emulate_media(media="print")

    assert _style(page, ".filters", "display") == "none"
    assert page.get_by_role("link", name="Printed webinar").is_visible()
