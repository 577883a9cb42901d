import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
@pytest.mark.browser_context_args(timezone_id="America/New_York", locale="en-US")
def test_visitor_filters_events_and_reads_the_forum_in_local_time(live_server, page):
    call_command("load_demo", stdout=io.StringIO())

    page.goto(live_server.url + "/events/")
    page.get_by_role("checkbox", name="Forum").check()
    page.get_by_label("Hosted by").select_option("network")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/events/\?.*kind=forum"))
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.get_by_text("1 event", exact=True)).to_be_visible()
    page.get_by_role("link", name="International Urban Resilience Forum Seoul 2020").click()

    expect(
        page.get_by_role("heading", level=1, name="International Urban Resilience Forum Seoul 2020")
    ).to_be_visible()
    expect(page.get_by_text("10:00\u201317:30 KST (GMT+9)")).to_be_visible()
    local_time = page.locator("#local-time")
    expect(local_time).to_be_visible()
    # 10:00 in Seoul on 9 December 2020 was 20:00 on 8 December in New York: on a 24-hour
    # clock, as the event's own times.
    expect(local_time).to_have_text(re.compile(r"^Dec 8, 2020, 20:00\sEST .* 03:30\sEST$"))
