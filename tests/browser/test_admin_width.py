"""The admin's tables fit a 1280 px window: long text is shortened in the lists (whole on the
detail page) and no column is squeezed to a word a line."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from events.models import Event
from feedback.models import PageFeedback
from tests.factories import EventFactory, RegistrationFactory, ResourceFactory, StaffFactory

LONG = (
    "The registration page did not say which interpretation channel the Korean stream uses, "
    "and the link to the programme of the second day opened the first day's sessions instead "
    "of the afternoon panel on urban flooding and community-led recovery."
)


def _longest_date():
    """30 September next year: the longest date text in English (and over 40 characters with
    its time), whatever today is."""
    year = timezone.localdate().year + 1
    return datetime.combine(datetime(year, 9, 30), time(10), tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.mark.django_db(transaction=True)
def test_admin_lists_fit_1280_pixels(live_server, browser):
    start = _longest_date()
    event = EventFactory(
        title="International Urban Resilience Forum Seoul 2020: Safe Cities in the New Normal",
        start=start,
        end=start.replace(hour=12),
        registration_mode=Event.Registration.PORTAL,
        seats=200,
    )
    RegistrationFactory(event=event, organisation="Seoul Metropolitan Government " * 3)
    ResourceFactory(title="Measures undertaken by a municipality to prevent COVID-19 " * 4)
    PageFeedback.objects.create(
        kind="issue", path="/events/iurf-seoul-2020/", language="en", comment=LONG
    )
    client = Client()
    client.force_login(StaffFactory())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    problems = []
    for path in [
        "/admin/feedback/pagefeedback/",
        "/admin/events/event/",
        "/admin/resources/resource/",
        "/admin/registrations/registration/",
    ]:
        page.goto(live_server.url + path)
        if path == "/admin/events/event/":
            # The date column is one of the long ones measured below.
            when = page.inner_text("#result_list td.field-when").strip()
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > 1280:
            problems.append(f"{path}: the page is {overflow} px wide")
        # No cell of text narrower than 9 em (a word a line).
        narrow = page.eval_on_selector_all(
            "#result_list td, #result_list th",
            """cells => cells.filter(c => c.innerText.trim().length > 40
                 && c.getBoundingClientRect().width < 9 * parseFloat(getComputedStyle(c).fontSize))
                 .map(c => c.className + ': ' + Math.round(c.getBoundingClientRect().width))""",
        )
        problems += [f"{path}: {cell}" for cell in narrow]
    # Shortened in the list, whole on the resource's page.
    page.goto(live_server.url + "/admin/resources/resource/")
    shown = page.inner_text("#result_list th.field-short_title")
    context.close()

    assert not problems, "\n".join(problems)
    assert when == event.when.summary and len(when) > 40
    assert shown == ("Measures undertaken by a municipality to prevent COVID-19 " * 4)[:89] + "…"
