import html as html_lib
import io
import json
import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.management import call_command

from events import demo
from events.models import Event, EventSeries, Session
from registrations import demo as registrations_demo

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
FORUM_URL = "/events/international-urban-resilience-forum-seoul-2020/"


@pytest.fixture
def demo_data():
    call_command("load_demo", stdout=io.StringIO())


def _roles(event):
    return [(row.organisation.short_name, row.role) for row in event.event_organisers.all()]


def _partner_rows():
    return Event.objects.filter(
        hosted_by="partner",
        start__gte=datetime(2020, 5, 21, tzinfo=UTC),
        start__lt=datetime(2020, 7, 30, tzinfo=UTC),
    )


def test_load_demo_creates_the_forum_with_every_seed_fact(demo_data):
    forum = Event.objects.get(slug="international-urban-resilience-forum-seoul-2020")

    assert forum.title == "International Urban Resilience Forum Seoul 2020"
    assert (forum.kind, forum.hosted_by, forum.status, forum.featured) == (
        "forum",
        "network",
        "published",
        True,
    )
    assert forum.start == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)
    assert forum.end == datetime(2020, 12, 9, 8, 30, tzinfo=UTC)
    assert forum.time_zone == "Asia/Seoul"
    assert forum.is_online is True and forum.venue_name == ""
    # Public: the seed page names them for everyone to watch.
    assert [(link.label, link.url, link.is_public) for link in forum.stream_links.all()] == [
        ("Seoul On", "", True),
        ("YouTube", "", True),
    ]
    assert (forum.languages, forum.interpretation_languages) == (["en"], ["ko"])
    assert _roles(forum) == [("UNDRR ONEA & GETI", "organiser"), ("SMG", "organiser")]
    assert forum.event_organisers.first().organisation.name == (
        "United Nations Office for Disaster Risk Reduction - Office in Incheon for Northeast Asia "
        "and Global Education and Training Institute for Disaster Risk Reduction"
    )
    assert forum.theme == (
        "Safe Cities in the New Normal: Resilience, Sustainability, and Adaptability"
    )
    assert len(forum.description.strip().split("\n\n")) == 6
    assert forum.description.startswith("Urban safety is a fundamental value")
    assert len(forum.objectives) == 4
    assert forum.audience == [
        "Mayors and governors",
        "Executives involved in disaster management",
        "Professors and academics",
        "Experts (in disaster preparedness, urban planning, and civil society)",
        "Non-governmental organizations",
    ]
    assert forum.programme_is_illustrative is True
    assert forum.website == ""


def test_load_demo_forum_programme_is_illustrative_without_speakers(demo_data):
    forum = Event.objects.get(slug="international-urban-resilience-forum-seoul-2020")
    sessions = list(forum.sessions.all())

    assert [session.kind for session in sessions] == [
        "opening",
        "plenary",
        "break",
        "plenary",
        "plenary",
        "break",
        "plenary",
        "closing",
    ]
    assert sessions[0].start == forum.start and sessions[-1].end == forum.end
    assert "psychological" in sessions[3].title.lower()
    assert "smart safety" in sessions[4].title.lower()
    assert "governance" in sessions[6].title.lower()
    assert not any(session.speakers.exists() for session in sessions)


def test_load_demo_forum_page_shows_the_seed_page(client, demo_data):
    html = html_lib.unescape(client.get(FORUM_URL).content.decode())
    forum = Event.objects.get(slug="international-urban-resilience-forum-seoul-2020")

    for fact in [
        "International Urban Resilience Forum Seoul 2020",
        "United Nations Office for Disaster Risk Reduction - Office in Incheon for Northeast Asia "
        "and Global Education and Training Institute for Disaster Risk Reduction",
        "Seoul Metropolitan Government",
        "Wednesday 9 December 2020",
        "10:00\u201317:30 KST (GMT+9)",
        "Online",
        "<li>Seoul On</li>",
        "<li>YouTube</li>",
        "<dd>English</dd>",
        "<dt>Simultaneous interpretation</dt>",
        "<dd>Korean</dd>",
        "Safe Cities in the New Normal: Resilience, Sustainability, and Adaptability",
        "Illustrative programme",
        "Plenary 2: Psychological preparedness and social safety networks",
        "This portal takes no registrations for this event.",
    ]:
        assert fact in html, fact
    for paragraph in forum.description.strip().split("\n\n"):
        assert f"<p>{paragraph}</p>" in html
    for item in forum.objectives + forum.audience:
        assert f"<li>{item}</li>" in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["startDate"] == "2020-12-09T10:00:00+09:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert [organizer["name"] for organizer in data["organizer"]][1] == (
        "Seoul Metropolitan Government"
    )


def test_load_demo_forum_calendar_starts_at_one_utc(client, demo_data):
    response = client.get(f"{FORUM_URL}calendar.ics")

    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    forum = next(event for event in events if str(event["UID"]).startswith("event-"))
    assert forum.decoded("DTSTART").astimezone(UTC) == datetime(2020, 12, 9, 1, 0, tzinfo=UTC)
    assert len(events) == 1 + 8


def test_load_demo_has_the_24_partner_rows(demo_data):
    rows = _partner_rows()

    assert rows.count() == 24
    assert {event.local_start.date() for event in rows} >= {date(2020, 5, 21), date(2020, 7, 29)}
    assert all(event.schedule == "date_only" for event in rows)
    assert all(event.website == "" for event in rows)
    assert rows.filter(status="published").count() == 23


@pytest.mark.parametrize(
    ("title_start", "roles"),
    [
        (
            "Lessons from the COVID-19 pandemic series",
            [
                ("UNDRR ONEA & GETI", "organiser"),
                ("WHO", "organiser"),
                ("UCLG", "co_organiser"),
                ("ICLEI", "co_organiser"),
            ],
        ),
        (
            "Building back better: Lessons",
            [("UNDRR ONEA & GETI", "organiser"), ("WHO", "organiser"), ("IPU", "organiser")],
        ),
        (
            "Webinar: Disaster-Responsive Social Protection",
            [("UNDRR", "organiser"), ("FAO", "organiser"), ("ESCAP", "organiser")],
        ),
        ("The Case for the Ocean", [("WRI", "organiser")]),
        (
            "Build Back Better: How Climate Action",
            [("WRI", "organiser"), ("Government of the Kingdom of the Netherlands", "organiser")],
        ),
        ("Adaptation Finance", [("ICLEI Africa", "organiser"), ("CoMSSA", "organiser")]),
    ],
)
def test_load_demo_joint_organisers_have_roles(demo_data, title_start, roles):
    event = _partner_rows().get(title__startswith=title_start)

    assert _roles(event) == roles


def test_load_demo_untitled_row_is_a_flagged_draft(client, demo_data):
    untitled = Event.objects.get(slug=demo.UNTITLED_SLUG)

    assert (untitled.status, untitled.needs_review) == ("draft", True)
    assert "without its title" in untitled.review_notes
    assert untitled.local_start.date() == date(2020, 6, 30)
    assert _roles(untitled) == [
        ("MOEJ", "organiser"),
        ("Cabinet Office Japan", "organiser"),
        ("UNDRR", "organiser"),
    ]
    assert client.get(untitled.get_absolute_url()).status_code == 404
    assert "Untitled" not in client.get("/events/", {"hosted": "partner"}).content.decode()


def test_load_demo_network_items_are_undated_and_flagged(demo_data):
    items = (
        Event.objects.filter(hosted_by="network")
        .exclude(kind="forum")
        .exclude(slug=registrations_demo.SLUG)
    )
    series = EventSeries.objects.get(slug="consultation-series-rapid-responses-covid-19")

    assert items.count() == 5
    assert all(item.schedule == "tba" and item.start is None for item in items)
    assert all(item.needs_review and item.status == "published" for item in items)
    assert set(series.events.values_list("kind", flat=True)) == {"webinar", "interview"}
    assert items.get(kind="launch").title.startswith("CityNet Special Publication")
    interview = items.get(kind="interview")
    assert _roles(interview) == [("CityNet", "organiser"), ("SMG", "partner")]


def test_load_demo_announcements(client, demo_data):
    cifal = Event.objects.get(title__startswith="Virtual Workshop Series on Social Protection")
    icdi = Event.objects.get(slug="sustainable-city-main-forum-2021")

    assert cifal.start == datetime(2021, 3, 18, 15, 0, tzinfo=SEOUL)
    assert cifal.when.date_text == "Thursday 18 March 2021 \u2013 Thursday 25 March 2021"
    assert cifal.when.time_text == "Starts at 15:00 KST (GMT+9); end time not announced"
    assert cifal.registration_url == (
        "http://www.cifaljeju.org/bbs/board.php?bo_table=sub05_3&wr_id=105"
    )
    assert cifal.registration_closes == datetime(2021, 3, 12, 0, 0, tzinfo=SEOUL)
    assert _roles(cifal) == [("CIFAL Jeju", "organiser")]
    assert icdi.when.time_text == "15:50\u201319:00 GMT+9"
    assert icdi.start == datetime(2021, 3, 24, 6, 50, tzinfo=UTC)
    assert (icdi.registration_mode, icdi.registration_url) == (
        "external",
        "https://reurl.cc/DvXD7O",
    )
    assert _roles(icdi) == [("ICDI", "organiser")]
    assert "Vijay Jagannathan" in client.get(icdi.get_absolute_url()).content.decode()


def test_load_demo_events_are_idempotent(demo_data):
    before = (
        Event.objects.count(),
        EventSeries.objects.count(),
        sorted(Session.objects.values_list("pk", flat=True)),
    )

    output = io.StringIO()
    call_command("load_demo", stdout=output)

    after = (
        Event.objects.count(),
        EventSeries.objects.count(),
        sorted(Session.objects.values_list("pk", flat=True)),
    )
    assert after == before
    # The forum, 5 network items, 24 partner rows, 2 announcements; and the registrations
    # app's sample upcoming event.
    assert before[0] == 1 + 5 + 24 + 2 + 1
    assert "events.demo: 0 events created" in output.getvalue()


def test_load_demo_dry_run_creates_no_events():
    call_command("load_demo", "--dry-run", stdout=io.StringIO())

    assert Event.objects.count() == 0


def test_load_demo_home_features_the_forum(client, demo_data):
    html = client.get("/").content.decode()

    featured = html.split('id="featured-title"')[1].split("</section>")[0]
    assert f'href="{FORUM_URL}">International Urban Resilience Forum Seoul 2020</a>' in featured


@pytest.mark.parametrize(
    ("language", "badge", "details"),
    [
        ("en", "Took place on Wednesday 9 December 2020", "Programme and details"),
        ("ko", "2020년 12월 9일 수요일 개최", "프로그램 및 세부 정보"),
    ],
)
def test_home_on_demo_data_features_the_past_forum_without_empty_afterwards_links(
    client, demo_data, language, badge, details
):
    """The seed gives the 2020 forum no outcomes or recordings addresses: the home page marks
    it as past and offers its page, with no empty list or dangling label where the links go."""
    page = client.get("/" if language == "en" else f"/{language}/").content.decode()
    featured = page[page.index('id="featured-title"') : page.index('id="upcoming-title"')]

    assert featured.count('class="card event-card event-card--featured"') == 1
    assert f'<span class="badge badge--past">{badge}</span>' in featured
    assert f'href="{"" if language == "en" else "/ko"}{FORUM_URL}"' in featured
    assert details in featured
    assert "afterwards" not in featured
    assert "Outcomes" not in featured and "Recordings" not in featured
    assert not re.search(r"<ul[^>]*>\s*</ul>", featured)
