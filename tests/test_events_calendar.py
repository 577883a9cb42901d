from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.sites.models import Site

from tests.factories import (
    EventFactory,
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StreamLinkFactory,
)

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
LONDON = ZoneInfo("Europe/London")


def _calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _vevents(calendar) -> dict:
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


def _seoul_forum(**fields):
    defaults = {
        "title": "International Urban Resilience Forum Seoul 2020",
        "slug": "iurf-seoul-2020",
        "start": datetime(2020, 12, 9, 10, 0, tzinfo=SEOUL),
        "end": datetime(2020, 12, 9, 17, 30, tzinfo=SEOUL),
        "summary": "Resilience in the context of the COVID-19 pandemic.",
        "organisers": [OrganizationFactory(name="Seoul Metropolitan Government")],
    }
    return EventFactory(**{**defaults, **fields})


def test_event_calendar_parses_back_with_the_forum_time_in_utc(client, settings):
    settings.SITE_URL = "https://forum.example.org"
    forum = _seoul_forum()
    StreamLinkFactory(event=forum, label="Seoul On", url="")
    opening = SessionFactory(
        event=forum,
        title="Opening ceremony",
        start=datetime(2020, 12, 9, 10, 0, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 10, 30, tzinfo=SEOUL),
    )
    SessionSpeakerFactory(
        session=opening, speaker=SpeakerFactory(name="Example Moderator"), role="moderator"
    )

    response = client.get("/events/iurf-seoul-2020/calendar.ics")
    calendar = _calendar(response)
    events = _vevents(calendar)

    assert response["Content-Disposition"] == 'attachment; filename="iurf-seoul-2020.ics"'
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Forum Portal//Events//EN"
    main = events[f"event-{forum.pk}@forum.example.org"]
    assert main.decoded("DTSTART").astimezone(UTC) == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)
    assert main.decoded("DTEND").astimezone(UTC) == datetime(2020, 12, 9, 8, 30, tzinfo=UTC)
    assert main["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert str(main["SUMMARY"]) == "International Urban Resilience Forum Seoul 2020"
    assert str(main["URL"]) == "http://testserver/events/iurf-seoul-2020/"
    assert str(main["STATUS"]) == "CONFIRMED"
    assert str(main["LOCATION"]) == "Online: Seoul On"
    description = str(main["DESCRIPTION"])
    assert "Resilience in the context of the COVID-19 pandemic." in description
    assert "Organised by Seoul Metropolitan Government." in description
    assert "http://testserver/events/iurf-seoul-2020/" in description
    session = events[f"session-{opening.pk}@forum.example.org"]
    assert str(session["SUMMARY"]) == (
        "Opening ceremony (International Urban Resilience Forum Seoul 2020)"
    )
    assert session.decoded("DTSTART").astimezone(UTC) == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)
    assert str(session["URL"]) == f"http://testserver/events/iurf-seoul-2020/#session-{opening.pk}"
    assert "Example Moderator (Moderator)" in str(session["DESCRIPTION"])


def test_event_calendar_uid_is_stable_across_edits_and_hosts(client):
    forum = _seoul_forum()
    first = _vevents(_calendar(client.get("/events/iurf-seoul-2020/calendar.ics")))

    forum.title = "Renamed forum"
    forum.save()
    second = _vevents(_calendar(client.get("/ko/events/iurf-seoul-2020/calendar.ics")))

    assert set(first) == set(second) == {f"event-{forum.pk}@127.0.0.1"}
    assert str(second[f"event-{forum.pk}@127.0.0.1"]["SUMMARY"]) == "Renamed forum"


def test_event_calendar_london_summer_event_has_daylight_rules(client):
    EventFactory(
        slug="london-summer",
        time_zone="Europe/London",
        start=datetime(2021, 7, 1, 14, 0, tzinfo=LONDON),
        end=datetime(2021, 7, 1, 15, 30, tzinfo=LONDON),
    )

    calendar = _calendar(client.get("/events/london-summer/calendar.ics"))
    (event,) = calendar.walk("VEVENT")
    (zone,) = calendar.walk("VTIMEZONE")

    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].to_ical() == b"20210701T140000"
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2021, 7, 1, 13, 0, tzinfo=UTC)
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_event_calendar_fixed_offset_zone(client):
    gmt9 = ZoneInfo("Etc/GMT-9")
    EventFactory(
        slug="main-forum-2021",
        time_zone="Etc/GMT-9",
        start=datetime(2021, 3, 24, 15, 50, tzinfo=gmt9),
        end=datetime(2021, 3, 24, 19, 0, tzinfo=gmt9),
    )

    (event,) = _calendar(client.get("/events/main-forum-2021/calendar.ics")).walk("VEVENT")

    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2021, 3, 24, 6, 50, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2021, 3, 24, 10, 0, tzinfo=UTC)


def test_event_calendar_date_only_event_is_all_day(client):
    EventFactory(
        slug="date-only",
        schedule="date_only",
        time_zone="UTC",
        start=datetime(2020, 7, 29, tzinfo=UTC),
        end=datetime(2020, 7, 30, tzinfo=UTC),
    )

    (event,) = _calendar(client.get("/events/date-only/calendar.ics")).walk("VEVENT")

    assert event.decoded("DTSTART") == date(2020, 7, 29)
    assert event.decoded("DTEND") == date(2020, 7, 30)
    assert "Time of day not announced." in str(event["DESCRIPTION"])


def test_event_calendar_start_only_event_has_no_invented_end(client):
    EventFactory(
        slug="start-only",
        schedule="start_only",
        start=datetime(2021, 3, 18, 15, 0, tzinfo=SEOUL),
        end=datetime(2021, 3, 26, 0, 0, tzinfo=SEOUL),
    )

    (event,) = _calendar(client.get("/events/start-only/calendar.ics")).walk("VEVENT")

    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2021, 3, 18, 6, 0, tzinfo=UTC)
    assert "DTEND" not in event
    assert "End time not announced." in str(event["DESCRIPTION"])


def test_event_calendar_cancelled_event_says_so(client):
    _seoul_forum(status="cancelled")

    (event,) = _calendar(client.get("/events/iurf-seoul-2020/calendar.ics")).walk("VEVENT")

    assert str(event["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize(
    "fields",
    [{"status": "draft"}, {"schedule": "tba", "start": None, "end": None}],
)
def test_event_calendar_of_draft_or_undated_event_is_404(client, staff_client, fields):
    EventFactory(slug="hidden", **fields)

    assert client.get("/events/hidden/calendar.ics").status_code == 404


def test_all_events_calendar_lists_published_dated_events_only(client):
    forum = _seoul_forum()
    webinar = EventFactory(title="Partner webinar")
    EventFactory(title="Draft event", status="draft")
    EventFactory(title="Undated item", schedule="tba", start=None, end=None)
    SessionFactory(event=forum, title="Opening ceremony")

    response = client.get("/events/calendar.ics")
    calendar = _calendar(response)

    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == ["International Urban Resilience Forum Seoul 2020", "Partner webinar"]
    assert set(_vevents(calendar)) == {
        f"event-{forum.pk}@127.0.0.1",
        f"event-{webinar.pk}@127.0.0.1",
    }
    assert str(calendar["X-WR-CALNAME"]) == "Forum Portal events"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=12)
    assert response["Content-Disposition"] == 'inline; filename="events.ics"'
    assert b"Draft event" not in response.content


def test_all_events_calendar_runs_constant_queries(client, django_assert_num_queries):
    organisation = OrganizationFactory()
    StreamLinkFactory(event=EventFactory(organisers=[organisation]))
    with django_assert_num_queries(3):
        client.get("/events/calendar.ics")

    for _ in range(199):
        StreamLinkFactory(event=EventFactory(organisers=[organisation]))
    with django_assert_num_queries(3):
        response = client.get("/events/calendar.ics")
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 200


def _feed_items(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    return root.findall("./channel/item")


def test_feed_lists_published_events_newest_first(client):
    older = EventFactory(title="Older webinar", summary="First.")
    newer = _seoul_forum()
    EventFactory(title="Draft webinar", status="draft")

    items = _feed_items(client.get("/events/feed/"))

    assert [item.findtext("title") for item in items] == [newer.title, older.title]
    first = items[0]
    assert first.findtext("link") == "http://example.com/events/iurf-seoul-2020/"
    assert first.findtext("guid") == f"event-{newer.pk}@127.0.0.1"
    assert first.find("guid").get("isPermaLink") == "false"
    assert first.findtext("description") == (
        "9 December 2020, 10:00\u201317:30 KST (GMT+9)\n\n"
        "Resilience in the context of the COVID-19 pandemic."
    )
    assert first.findtext("category") == "Webinar"


def test_feed_never_includes_drafts(client):
    EventFactory(title="Secret draft", status="draft")

    response = client.get("/events/feed/")

    assert _feed_items(response) == []
    assert b"Secret draft" not in response.content


def test_feed_runs_constant_queries(client, django_assert_num_queries):
    # The feed reads the current Site once per process; start each count from a cold cache.
    EventFactory()
    Site.objects.clear_cache()
    with django_assert_num_queries(2):
        client.get("/events/feed/")

    for _ in range(60):
        EventFactory()
    Site.objects.clear_cache()
    with django_assert_num_queries(2):
        response = client.get("/events/feed/")
    assert len(_feed_items(response)) == 50
