"""The admin's lists read like the portal: seats, confirmed and waiting on the event list (in
the event's own query), language names instead of codes."""

import pytest
from django.urls import reverse
from lxml import html

from events.models import Event
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

EVENTS = reverse("admin:events_event_changelist")
REGISTRATIONS = reverse("admin:registrations_registration_changelist")


def _cells(response, column):
    page = html.fromstring(response.content.decode())
    return [cell.text_content() for cell in page.cssselect(f"#result_list .field-{column}")]


def test_event_list_shows_seats_confirmed_and_waiting(staff_client):
    event = EventFactory(title="Full webinar", registration_mode="portal", seats=2)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status="waiting")
    RegistrationFactory(event=event, status="cancelled", cancelled_at=event.start)
    EventFactory(title="Open webinar", registration_mode="none")

    response = staff_client.get(EVENTS + "?o=1")

    assert _cells(response, "title") == ["Full webinar", "Open webinar"]
    assert _cells(response, "seats") == ["2", "-"]
    assert _cells(response, "confirmed") == ["2", "0"]
    assert _cells(response, "waiting") == ["1", "0"]


@pytest.mark.parametrize("events", [1, 50])
def test_event_list_runs_a_fixed_number_of_queries(staff_client, django_assert_num_queries, events):
    for _ in range(events):
        event = EventFactory(registration_mode=Event.Registration.PORTAL, seats=5)
        RegistrationFactory(event=event)
        RegistrationFactory(event=event, status="waiting")
    staff_client.get(EVENTS)

    with django_assert_num_queries(QUERIES_EVENT_LIST):
        response = staff_client.get(EVENTS)
    assert _cells(response, "confirmed") == ["1"] * events
    assert _cells(response, "waiting") == ["1"] * events


QUERIES_EVENT_LIST = 11


def test_registration_list_names_the_channel(staff_client):
    RegistrationFactory(channel="ko")

    response = staff_client.get(REGISTRATIONS)

    assert _cells(response, "channel_label") == ["Korean"]
    page = html.fromstring(response.content.decode())
    filter_links = [a.text_content().strip() for a in page.cssselect("#changelist-filter a")]
    assert "Korean" in filter_links
    assert "ko" not in filter_links


def test_registration_list_filters_by_channel(staff_client):
    RegistrationFactory(channel="ko", name="Listens in Korean")
    RegistrationFactory(channel="en", name="Listens in English")

    response = staff_client.get(REGISTRATIONS + "?channel=ko")

    assert _cells(response, "name") == ["Listens in Korean"]
