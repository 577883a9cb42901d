"""The "Join" button goes live while a registrant keeps the event page open (static/js/site.js
reads the join box again when it opens); without JavaScript a reload shows it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from events.models.event import JOIN_OPENS_BEFORE
from tests.factories import EventFactory, RegistrationFactory, StreamLinkFactory, UserFactory
from tests.pages import sign_in

JOIN = re.compile(r"^Join\W+YouTube$")


@pytest.mark.django_db(transaction=True)
def test_the_join_button_appears_on_an_open_page_when_the_time_comes(live_server, browser):
    # Opens three seconds from now.
    start = timezone.now() + JOIN_OPENS_BEFORE + timedelta(seconds=3)
    event = EventFactory(start=start, end=start + timedelta(hours=1), registration_mode="portal")
    StreamLinkFactory(event=event, label="YouTube", url="https://www.youtube.com/watch?v=live")
    user = UserFactory()
    RegistrationFactory(event=event, user=user)
    client = Client()
    sign_in(client, user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + event.get_absolute_url())

    box = page.locator(".join-box")
    expect(box).to_contain_text("The Join button appears here 15 minutes before the start.")
    expect(box.get_by_role("link", name=JOIN)).to_have_count(0)

    # Within the half minute the page looks again after a clock running fast.
    join = box.get_by_role("link", name=JOIN)
    expect(join).to_be_visible(timeout=30_000)
    assert join.get_attribute("href") == "https://www.youtube.com/watch?v=live"
    assert page.url == live_server.url + event.get_absolute_url()  # not reloaded
    expect(box.locator("[data-join-opens]")).to_have_count(0)
    context.close()
