""" "Share this" in a browser: the Copy button is an extra for browsers with the Clipboard API;
without JavaScript the link is still there to copy by hand, and the QR code shows either way."""

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory, ResourceFactory


@pytest.mark.django_db(transaction=True)
def test_copy_button_copies_the_page_address(live_server, browser):
    event = EventFactory(slug="copy-me")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + event.get_absolute_url())
    share = page.get_by_role("region", name="Share this")

    share.get_by_role("button", name="Copy link").click()

    expect(share.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/events/copy-me/"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_share_box_works_without_javascript(live_server, browser):
    resource = ResourceFactory(slug="no-script-plan", title="Heat plan")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + resource.get_absolute_url())
    share = page.get_by_role("region", name="Share this")

    expect(share.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(share.get_by_label("Link to this page")).to_have_value(
        f"{live_server.url}/resources/no-script-plan/"
    )
    expect(share.get_by_role("link", name="Share on LinkedIn")).to_be_visible()
    expect(share.get_by_role("link", name="Share by e-mail")).to_be_visible()
    qr = share.get_by_role("img", name="QR code with the address of this page")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    context.close()
