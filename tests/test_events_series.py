"""An event series' own page, feed and calendar; what the event page shows of its links and
organisers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from tests.factories import EventFactory, EventSeriesFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def _days(n: int) -> datetime:
    return timezone.now().replace(microsecond=0) + timedelta(days=n)


@pytest.fixture
def series():
    series = EventSeriesFactory(
        name="Consultation series: rapid responses to COVID-19",
        slug="consultation-series",
        description="Cities compare their first responses.",
    )
    EventFactory(series=series, title="Next consultation", start=_days(7))
    EventFactory(
        series=series,
        title="First consultation",
        start=datetime(2020, 4, 16, 15, tzinfo=SEOUL),
        end=datetime(2020, 4, 16, 17, tzinfo=SEOUL),
    )
    EventFactory(series=series, title="Draft consultation", start=_days(9), status="draft")
    EventFactory(title="Unrelated webinar", start=_days(8))
    return series


def test_series_page_lists_its_events_upcoming_then_past(client, series):
    html = client.get("/events/series/consultation-series/").content.decode()

    assert "<h1>Consultation series: rapid responses to COVID-19</h1>" in html
    assert '<p class="lead">Cities compare their first responses.</p>' in html
    upcoming = html.split('id="group-upcoming"')[1].split("</section>")[0]
    past = html.split('id="group-year-2020"')[1].split("</section>")[0]
    assert ">Next consultation</a>" in upcoming
    assert ">First consultation</a>" in past
    assert "Took place on Thursday 16 April 2020" in past
    assert "Draft consultation" not in html
    assert "Unrelated webinar" not in html
    assert '<a href="/events/series/consultation-series/feed/">RSS feed</a>' in html
    assert (
        '<a href="/events/series/consultation-series/calendar.ics">Download the calendar (.ics)</a>'
    ) in html


def test_series_page_in_korean(client, series):
    html = client.get("/ko/events/series/consultation-series/").content.decode()

    # No Korean name yet: the English is shown, marked as English.
    assert (
        '<h1><span lang="en">Consultation series: rapid responses to COVID-19</span>'
        ' <small class="lang-note">(영어)</small></h1>'
    ) in html
    assert '<html lang="ko">' in html
    assert "Follow this series" not in html
    assert 'href="/ko/events/series/consultation-series/feed/"' in html


def test_series_page_of_unknown_series_is_not_found(client):
    response = client.get("/events/series/no-such-series/")

    assert response.status_code == 404


def test_series_feed_holds_only_its_published_events(client, series):
    xml = client.get("/events/series/consultation-series/feed/").content.decode()

    assert "<title>Forum Portal: Consultation series: rapid responses to COVID-19</title>" in xml
    assert "<title>Next consultation</title>" in xml
    assert "<title>First consultation</title>" in xml
    assert "Draft consultation" not in xml
    assert "Unrelated webinar" not in xml


def test_series_calendar_holds_only_its_published_events(client, series):
    response = client.get("/events/series/consultation-series/calendar.ics")
    calendar = icalendar.Calendar.from_ical(response.content)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert str(calendar["X-WR-CALNAME"]) == "Consultation series: rapid responses to COVID-19"
    assert sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT")) == [
        "First consultation",
        "Next consultation",
    ]


def test_event_page_links_to_its_series_page(client, series):
    event = series.events.get(title="Next consultation")

    html = client.get(event.get_absolute_url()).content.decode()

    assert (
        '<a href="/events/series/consultation-series/">'
        "Consultation series: rapid responses to COVID-19</a>"
    ) in html


def test_series_page_runs_constant_queries(client, django_assert_num_queries):
    series = EventSeriesFactory(slug="many")
    organisers = [OrganizationFactory(), OrganizationFactory()]
    EventFactory(series=series, organisers=organisers)
    # The series, its events, their organisers.
    with django_assert_num_queries(3):
        client.get("/events/series/many/")

    for n in range(30):
        EventFactory(series=series, start=_days(2 + n), organisers=organisers)
    with django_assert_num_queries(3):
        response = client.get("/events/series/many/")
    assert response.content.decode().count('class="card event-card') == 31


@pytest.mark.parametrize(
    ("language", "also", "co_organiser", "partner"),
    [
        ("en", "Also featured on", "(co-organiser)", "(partner)"),
        ("ko", "함께 소개된 곳", "(공동 주최 기관)", "(협력 기관)"),
    ],
)
def test_event_page_shows_featured_links_and_organiser_roles(
    client, language, also, co_organiser, partner
):
    event = EventFactory(
        slug="roles-check",
        organisers=[
            OrganizationFactory(name="Seoul Metropolitan Government"),
            (OrganizationFactory(name="CityNet", acronym="CityNet"), "co_organiser"),
            (OrganizationFactory(name="UNDRR"), "partner"),
        ],
    )
    event.featured_links.create(label="CityNet news", url="https://citynet.example/iurf")
    prefix = "" if language == "en" else "/ko"

    html = client.get(f"{prefix}/events/roles-check/").content.decode()
    facts = html.split('id="facts-title"')[1].split("</dl>")[0]

    # Names and labels without Korean are shown in English, marked as such on a Korean page.
    en = (
        (lambda text: text)
        if language == "en"
        else (lambda text: f'<span lang="en">{text}</span> <small class="lang-note">(영어)</small>')
    )
    assert f"<li>{en('Seoul Metropolitan Government')}</li>" in facts
    assert f"<dt>{also}</dt>" in facts
    assert (
        '<a href="https://citynet.example/iurf" rel="noopener noreferrer">'
        f"{en('CityNet news')}</a>" in facts
    )
    assert f"<li>{en('CityNet')} {co_organiser}</li>" in facts
    assert f"<li>{en('UNDRR')} {partner}</li>" in facts


def test_sitemap_lists_series_with_published_events_in_both_languages(client, series):
    EventSeriesFactory(slug="announced-later")  # no event yet
    drafts_only = EventSeriesFactory(slug="drafts-only")
    EventFactory(series=drafts_only, status="draft")

    body = client.get("/sitemap.xml").content.decode()

    assert "/events/series/consultation-series/</loc>" in body
    assert "/ko/events/series/consultation-series/</loc>" in body
    assert "announced-later" not in body
    assert "drafts-only" not in body
