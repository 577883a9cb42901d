"""Time zones start right (issue 17): a reader whose clock is the event's sees its times once,
a reader elsewhere also sees their own (on a 24-hour clock, as the event's), and the
registration form of someone who never chose a zone starts at their browser's."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.factories import EventFactory, SessionFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")


def _seoul_event():
    start = datetime(2031, 3, 12, 10, 0, tzinfo=SEOUL)
    event = EventFactory(
        slug="seoul-zone-check",
        title="Seoul zone check",
        time_zone="Asia/Seoul",
        start=start,
        end=start + timedelta(hours=7, minutes=30),
        registration_mode="portal",
        languages=["en"],
        interpretation_languages=["ko"],
    )
    SessionFactory(event=event, title="Opening", start=start, end=start + timedelta(minutes=30))
    return event


def _context(browser, live_server, zone, *, user=None, javascript=True):
    context = browser.new_context(timezone_id=zone, locale="en-GB", java_script_enabled=javascript)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_reader_in_seoul_sees_kst_and_no_second_time(live_server, browser, language):
    event = _seoul_event()
    context = _context(browser, live_server, "Asia/Seoul")
    page = context.new_page()

    page.goto(f"{live_server.url}{'/ko' if language == 'ko' else ''}/events/{event.slug}/")

    expect(page.get_by_text("10:00\u201317:30 KST (GMT+9)")).to_be_visible()
    expect(page.locator("#local-time")).to_be_hidden()
    # The script ran: it writes nothing only because the clocks agree.
    assert page.locator("#local-time").text_content() == ""
    assert page.locator("[data-local-wrapper]:visible").count() == 0
    context.close()


@pytest.mark.django_db(transaction=True)
def test_reader_in_new_york_sees_kst_and_their_own_time_on_a_24_hour_clock(live_server, browser):
    event = _seoul_event()
    context = _context(browser, live_server, "America/New_York")
    page = context.new_page()

    page.goto(f"{live_server.url}/events/{event.slug}/")

    expect(page.get_by_text("10:00\u201317:30 KST (GMT+9)")).to_be_visible()
    facts = page.locator(".facts__row", has=page.locator("#local-time"))
    expect(facts.locator("[data-local-wrapper]")).to_be_visible()
    # 10:00 in Seoul on 12 March 2031 is 21:00 on the 11th in New York (EDT from 9 March).
    expect(page.locator("#local-time")).to_have_text(
        re.compile(r"^Mar 11, 2031, 21:00 EDT\s\u2013\sMar 12, 2031, 04:30 EDT$")
    )
    session_time = page.locator(".session__time [data-local-wrapper]")
    expect(session_time).to_be_visible()
    expect(session_time).to_contain_text("21:00")
    assert "PM" not in session_time.text_content()
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Seoul", "Europe/Paris"])
def test_registration_form_starts_at_the_browsers_zone(live_server, browser, zone):
    event = _seoul_event()
    user = UserFactory()  # never chose a zone
    context = _context(browser, live_server, zone, user=user)
    page = context.new_page()

    page.goto(f"{live_server.url}/events/{event.slug}/register/")

    expect(page.get_by_label("Your time zone")).to_have_value(zone)
    # Submitted as it came, the zone becomes the registration's and the profile's.
    page.get_by_label("Other", exact=True).check()
    page.get_by_label("I agree that the secretariat").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.")).to_be_visible()
    user.refresh_from_db()
    assert user.time_zone == zone
    assert user.registrations.get().time_zone == zone
    context.close()


@pytest.mark.django_db(transaction=True)
def test_registration_form_without_javascript_starts_at_the_events_zone(live_server, browser):
    event = _seoul_event()
    event.time_zone = "Europe/Lisbon"
    event.save()
    context = _context(
        browser, live_server, "America/New_York", user=UserFactory(), javascript=False
    )
    page = context.new_page()

    page.goto(f"{live_server.url}/events/{event.slug}/register/")

    expect(page.get_by_label("Your time zone")).to_have_value("Europe/Lisbon")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_registration_form_keeps_a_zone_the_person_chose(live_server, browser):
    event = _seoul_event()
    user = UserFactory(time_zone="Asia/Tokyo")
    context = _context(browser, live_server, "America/New_York", user=user)
    page = context.new_page()

    page.goto(f"{live_server.url}/events/{event.slug}/register/")

    expect(page.get_by_label("Your time zone")).to_have_value("Asia/Tokyo")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_new_account_starts_in_the_browsers_zone(live_server, browser):
    from accounts.models import User

    context = _context(browser, live_server, "Asia/Seoul")
    page = context.new_page()
    page.goto(f"{live_server.url}/ko/accounts/signup/")
    expect(page.locator("input[name=time_zone]")).to_have_value("Asia/Seoul")

    page.locator("input[name=email]").fill("minji@seoul.example")
    page.locator("input[name=password1]").fill("correct-horse-battery")
    page.locator("input[name=password2]").fill("correct-horse-battery")
    page.locator("form[action$='/accounts/signup/'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/ko/accounts/confirm-email/$"))
    assert User.objects.get(email="minji@seoul.example").time_zone == "Asia/Seoul"
    context.close()
