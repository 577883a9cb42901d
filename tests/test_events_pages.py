import html as html_lib
import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from tests.dates import FORUM_YEAR
from tests.factories import (
    EventFactory,
    EventSeriesFactory,
    OrganizationFactory,
    ResourceFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StreamLinkFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
LIST_URL = "/events/"


def _titles_in_order(html: str, titles: list[str]) -> list[str]:
    return sorted(titles, key=html.index)


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def _days(n: int) -> datetime:
    return timezone.now().replace(microsecond=0) + timedelta(days=n)


# --- The list -------------------------------------------------------------------------


def test_event_list_upcoming_first_then_past_by_year_then_undated(client):
    EventFactory(title="Past 2020", start=datetime(2020, 7, 1, 1, tzinfo=UTC))
    EventFactory(title="Later upcoming", start=_days(40))
    EventFactory(title="Undated item", schedule="tba", start=None, end=None)
    EventFactory(title="Past 2021", start=datetime(2021, 3, 24, 6, tzinfo=UTC))
    EventFactory(title="Soon upcoming", start=_days(3))

    html = client.get(LIST_URL).content.decode()

    titles = ["Past 2020", "Later upcoming", "Undated item", "Past 2021", "Soon upcoming"]
    assert _titles_in_order(html, titles) == [
        "Soon upcoming",
        "Later upcoming",
        "Past 2021",
        "Past 2020",
        "Undated item",
    ]
    headings = re.findall(r'<h2 id="group-[^"]+">([^<]+)</h2>', html)
    assert headings == [
        "Upcoming",
        "Past events in 2021",
        "Past events in 2020",
        "Date not announced",
    ]
    assert "5 events" in html


def test_event_list_never_shows_drafts(client):
    EventFactory(title="Published webinar")
    EventFactory(title="Secret draft webinar", status=Event.Status.DRAFT)

    html = client.get(LIST_URL).content.decode()

    assert "Published webinar" in html
    assert "Secret draft webinar" not in html
    assert "1 event" in html


def test_event_list_card_shows_time_organisers_and_status(client):
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    city = OrganizationFactory(name="Incheon")
    EventFactory(
        title="Cities and health",
        start=datetime(FORUM_YEAR, 12, 9, 1, 0, tzinfo=UTC),
        end=datetime(FORUM_YEAR, 12, 9, 8, 30, tzinfo=UTC),
        status=Event.Status.POSTPONED,
        organisers=[who, (city, "co_organiser")],
    )

    html = client.get(LIST_URL).content.decode()

    assert (
        f'<time datetime="{FORUM_YEAR}-12-09T10:00:00+09:00">9 December {FORUM_YEAR}, 10:00\u201317:30 KST (GMT+9)</time>'
        in html
    )
    assert '<abbr title="World Health Organization">WHO</abbr>, Incheon (co-organiser)' in html
    assert '<span class="badge badge--warning">Postponed</span>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "forum"}, {"Seoul forum"}),
        ({"kind": ["forum", "workshop"]}, {"Seoul forum", "Jeju workshop"}),
        ({"hosted": "partner"}, {"Jeju workshop", "Lessons webinar"}),
        ({"hosted": "network"}, {"Seoul forum"}),
        ({"series": "lessons"}, {"Lessons webinar"}),
        ({"topic": "social-protection"}, {"Jeju workshop"}),
        ({"language": "ko"}, {"Seoul forum", "Jeju workshop"}),
        ({"language": "en"}, {"Seoul forum"}),
        ({"q": "informal"}, {"Jeju workshop"}),
        ({"q": "CIFAL"}, {"Jeju workshop"}),
        ({"q": "seoul resilience"}, {"Seoul forum"}),
        ({"q": "lessons"}, {"Lessons webinar"}),
        ({"date_from": "2020-12-09", "date_to": "2020-12-09"}, {"Seoul forum"}),
        ({"date_from": "2021-01-01"}, {"Jeju workshop"}),
        ({"date_to": "2020-12-08"}, {"Lessons webinar"}),
        ({"hosted": "partner", "kind": "webinar"}, {"Lessons webinar"}),
        ({"hosted": "partner", "topic": "social-protection", "q": "workers"}, {"Jeju workshop"}),
        ({"kind": "interview"}, set()),
    ],
)
def test_event_list_filters_combine(client, query, expected):
    cifal = OrganizationFactory(name="UNITAR CIFAL Jeju", acronym="CIFAL Jeju")
    smg = OrganizationFactory(name="Seoul Metropolitan Government", acronym="SMG")
    social = TopicFactory(name="Social protection", slug="social-protection")
    series = EventSeriesFactory(name="Lessons from the COVID-19 pandemic series", slug="lessons")
    # 9 December 2020, 08:00 in Seoul is still 8 December in UTC: the date filter must use
    # the event's own day.
    EventFactory(
        title="Seoul forum",
        kind="forum",
        start=datetime(2020, 12, 9, 8, 0, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 17, 30, tzinfo=SEOUL),
        languages=["en"],
        interpretation_languages=["ko"],
        summary="Urban resilience in the new normal.",
        organisers=[smg],
    )
    EventFactory(
        title="Jeju workshop",
        kind="workshop",
        hosted_by="partner",
        start=datetime(2021, 3, 18, 15, 0, tzinfo=SEOUL),
        end=datetime(2021, 3, 18, 17, 0, tzinfo=SEOUL),
        languages=["ko"],
        summary="Social protection for informal workers.",
        organisers=[cifal],
        topics=[social],
    )
    EventFactory(
        title="Lessons webinar",
        kind="webinar",
        hosted_by="partner",
        series=series,
        start=datetime(2020, 7, 8, 6, 0, tzinfo=UTC),
        summary="What the pandemic teaches.",
    )

    response = client.get(LIST_URL, query)

    html = response.content.decode()
    shown = {
        title for title in ["Seoul forum", "Jeju workshop", "Lessons webinar"] if title in html
    }
    assert shown == expected
    assert "were not understood" not in html
    if not expected:
        assert "No events match these filters." in html


def test_event_list_filters_by_organiser_including_co_organisers(client):
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    other = OrganizationFactory(name="Metropolis")
    EventFactory(title="Led by WHO", organisers=[who])
    EventFactory(title="Co-organised by WHO", organisers=[other, (who, "co_organiser")])
    EventFactory(title="Without WHO", organisers=[other])

    html = client.get(LIST_URL, {"organiser": who.pk}).content.decode()

    assert "Led by WHO" in html and "Co-organised by WHO" in html
    assert "Without WHO" not in html
    assert f'<option value="{who.pk}" selected>' in html


def test_event_list_filter_choices_offer_only_organisers_of_public_events(client):
    EventFactory(organisers=[OrganizationFactory(name="Public organiser")])
    EventFactory(status="draft", organisers=[OrganizationFactory(name="Draft-only organiser")])
    OrganizationFactory(name="Organises nothing")

    html = client.get(LIST_URL).content.decode()

    assert ">Public organiser</option>" in html
    assert "Draft-only organiser" not in html
    assert "Organises nothing" not in html


def test_event_list_filters_show_as_removable_chips(client):
    topic = TopicFactory(name="COVID-19", slug="covid-19")
    EventFactory(title="Forum", kind="forum", topics=[topic])

    html = client.get(
        LIST_URL, {"kind": ["forum", "webinar"], "topic": "covid-19", "q": "cities", "page": "1"}
    ).content.decode()

    chips = re.findall(
        r'<a class="chip" href="([^"]+)"><span class="chip__label">([^<]+)</span> ([^<]+) <', html
    )
    assert [(label, value) for _, label, value in chips] == [
        ("Keywords:", "cities"),
        ("Kind:", "Forum"),
        ("Kind:", "Webinar"),
        ("Topic:", "COVID-19"),
    ]
    hrefs = [html_lib.unescape(href) for href, _, _ in chips]
    assert hrefs[0] == "/events/?kind=forum&kind=webinar&topic=covid-19"
    assert hrefs[1] == "/events/?q=cities&kind=webinar&topic=covid-19"
    assert hrefs[3] == "/events/?q=cities&kind=forum&kind=webinar"
    assert 'href="/events/">Clear all filters</a>' in html
    # The form shows the same choices, so the page is shareable as its URL.
    assert 'name="q" value="cities"' in html
    assert 'value="forum" id="id_kind_0" checked' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"kind": "party"},
            "Kind: Select a valid choice. party is not one of the available choices.",
        ),
        ({"organiser": "abc"}, "Organiser: Select a valid choice."),
        ({"organiser": "99999999"}, "Organiser: Select a valid choice."),
        ({"organiser": "99999999999999999999999999"}, "Organiser: Select a valid choice."),
        ({"series": "no-such-series"}, "Series: Select a valid choice."),
        ({"topic": "<script>"}, "Topic: Select a valid choice."),
        ({"hosted": "aliens"}, "Hosted by: Select a valid choice."),
        ({"language": "xx"}, "Language: Select a valid choice."),
        ({"date_from": "not-a-date"}, "From: Enter a valid date."),
        ({"date_to": "2020-02-30"}, "Until: Enter a valid date."),
        (
            {"date_from": "2021-01-01", "date_to": "2020-01-01"},
            "Until: The end of the date range is before its start.",
        ),
        ({"q": "water\x00"}, "Keywords: Null characters are not allowed."),
        ({"q": "x" * 201}, "Keywords: Ensure this value has at most 200 characters"),
    ],
)
def test_event_list_malformed_filter_is_ignored_with_a_message(client, query, message):
    EventFactory(title="Still listed", kind="webinar")

    response = client.get(LIST_URL, {**query, "hosted": query.get("hosted", "network")})

    html = html_lib.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Some filters were not understood and were ignored:" in html
    assert message in html
    assert "Still listed" in html


def test_event_list_malformed_value_keeps_the_valid_filters(client):
    EventFactory(title="Kept forum", kind="forum")
    EventFactory(title="Filtered-out webinar", kind="webinar")

    html = client.get(LIST_URL, {"kind": "forum", "organiser": "abc"}).content.decode()

    assert "Kept forum" in html
    assert "Filtered-out webinar" not in html
    # The ignored value is not carried into the chips' links.
    chips = re.findall(r'<a class="chip" href="([^"]+)">', html)
    assert chips == ["/events/"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", ""])
def test_event_list_odd_page_numbers_show_a_page(client, page):
    EventFactory(title="Only event")

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    assert "Only event" in response.content.decode()


def test_event_list_paginates_and_keeps_filters_in_links(client):
    for n in range(23):
        EventFactory(title=f"Webinar number {n:02d}", start=_days(n + 1), kind="webinar")

    first = client.get(LIST_URL, {"kind": "webinar"}).content.decode()
    second = client.get(LIST_URL, {"kind": "webinar", "page": 2}).content.decode()

    assert "Webinar number 00" in first and "Webinar number 19" in first
    assert "Webinar number 20" not in first
    assert 'href="?kind=webinar&amp;page=2" rel="next"' in first
    assert "Page 1 of 2" in first
    assert "Webinar number 20" in second and "Webinar number 22" in second
    assert "Webinar number 00" not in second
    assert 'href="?kind=webinar&amp;page=1" rel="prev"' in second


def test_event_list_partner_filter_shows_the_compact_table(client):
    escap = OrganizationFactory(
        name="United Nations Economic and Social Commission for Asia and the Pacific",
        acronym="ESCAP",
    )
    osjd = OrganizationFactory(name="Organization for Cooperation between Railways", acronym="OSJD")
    event = EventFactory(
        title="Railway transport in the times of COVID-19",
        hosted_by="partner",
        schedule="date_only",
        time_zone="UTC",
        start=datetime(2020, 7, 7, tzinfo=UTC),
        end=datetime(2020, 7, 8, tzinfo=UTC),
        organisers=[escap, osjd],
    )
    EventFactory(title="Network webinar", hosted_by="network")

    html = client.get(LIST_URL, {"hosted": "partner"}).content.decode()

    assert "<h1>Partner webinars</h1>" in html
    assert '<th scope="col">Title</th>' in html and '<th scope="col">Organisers</th>' in html
    row = re.search(r"<tr>\s*<td><a href=\"([^\"]+)\">([^<]+)</a></td>(.*?)</tr>", html, re.S)
    assert row.group(1) == event.get_absolute_url()
    assert row.group(2) == "Railway transport in the times of COVID-19"
    assert '<abbr title="Organization for Cooperation between Railways">OSJD</abbr>' in row.group(3)
    assert '<time datetime="2020-07-07">7 July 2020</time>' in row.group(3)
    assert "Network webinar" not in html


def test_event_list_offers_feed_and_calendar_subscriptions(client):
    html = client.get(LIST_URL).content.decode()

    assert 'href="webcal://testserver/events/calendar.ics"' in html
    assert 'type="application/rss+xml"' in html and 'href="/events/feed/"' in html


def test_event_list_in_korean_uses_korean_titles(client):
    EventFactory(title="Resilience forum", title_ko="회복력 포럼")

    html = client.get("/ko/events/").content.decode()

    assert "회복력 포럼" in html
    assert 'href="/ko/events/' in html


def _list_with_organisers(count: int) -> None:
    topic = TopicFactory(slug=f"topic-for-{count}")
    for _ in range(count):
        EventFactory(
            hosted_by="partner",
            organisers=[OrganizationFactory(), (OrganizationFactory(), "partner")],
            topics=[topic],
        )


@pytest.mark.parametrize("query", [{}, {"hosted": "partner"}, {"q": "webinar", "kind": "webinar"}])
def test_event_list_runs_constant_queries(client, django_assert_num_queries, query):
    _list_with_organisers(1)
    with django_assert_num_queries(6):
        client.get(LIST_URL, query)

    _list_with_organisers(199)
    with django_assert_num_queries(6):
        client.get(LIST_URL, query)


def test_event_list_with_model_filters_runs_constant_queries(client, django_assert_num_queries):
    organiser = OrganizationFactory()
    topic = TopicFactory(slug="covid-19")
    series = EventSeriesFactory(slug="lessons")
    EventFactory(organisers=[organiser], topics=[topic], series=series)
    query = {"organiser": organiser.pk, "topic": "covid-19", "series": "lessons"}
    with django_assert_num_queries(9):
        client.get(LIST_URL, query)

    for _ in range(199):
        EventFactory(organisers=[organiser, OrganizationFactory()], topics=[topic], series=series)
    with django_assert_num_queries(9):
        response = client.get(LIST_URL, query)
    assert "200 events" in response.content.decode()


# --- The event page --------------------------------------------------------------------


def _forum(**fields):
    defaults = {
        "title": "International Urban Resilience Forum 2030",
        "slug": "iurf-2030",
        "kind": "forum",
        "start": datetime(FORUM_YEAR, 12, 9, 10, 0, tzinfo=SEOUL),
        "end": datetime(FORUM_YEAR, 12, 9, 17, 30, tzinfo=SEOUL),
        "languages": ["en"],
        "interpretation_languages": ["ko"],
        "theme": "Safe Cities in the New Normal",
        "summary": "Resilience after the pandemic.",
        "organisers": [
            OrganizationFactory(
                name="Seoul Metropolitan Government", website="https://seoul.example"
            )
        ],
    }
    return EventFactory(**{**defaults, **fields})


def test_event_page_shows_the_facts(client):
    event = _forum(
        description="First paragraph.\n\nSecond paragraph.",
        objectives=["Share practices", "Build channels"],
        audience=["Mayors and governors", "Academics"],
        website="https://forum.example.org",
    )
    StreamLinkFactory(event=event, label="Seoul On", url="", sort_order=0)
    StreamLinkFactory(
        event=event, label="YouTube", url="https://youtube.example/live", sort_order=1
    )
    event.featured_links.create(label="CityNet", url="https://citynet.example/iurf")

    html = client.get(event.get_absolute_url()).content.decode()

    assert '<h1 id="event-title">International Urban Resilience Forum 2030</h1>' in html
    assert "<li>Seoul Metropolitan Government</li>" in html
    assert f'<time datetime="{FORUM_YEAR}-12-09">Monday 9 December {FORUM_YEAR}</time>' in html
    assert (
        f'<time datetime="{FORUM_YEAR}-12-09T10:00:00+09:00" data-local="local-time" '
        f'data-local-end="{FORUM_YEAR}-12-09T17:30:00+09:00" data-zone="Asia/Seoul">'
        "10:00\u201317:30 KST (GMT+9)</time>"
    ) in html
    assert '<span class="local-time" data-local-wrapper hidden>' in html
    assert "<dd>English</dd>" in html
    assert "<dt>Simultaneous interpretation</dt>\n              <dd>Korean</dd>" in html
    assert "<li>Seoul On</li>" in html
    assert '<a href="https://youtube.example/live" rel="noopener noreferrer">YouTube</a>' in html
    assert "<q>Safe Cities in the New Normal</q>" in html
    assert "<p>First paragraph.</p>\n<p>Second paragraph.</p>" in html
    assert "<li>Share practices</li><li>Build channels</li>" in html
    assert "<li>Mayors and governors</li><li>Academics</li>" in html
    assert '<a class="bare-url" href="https://forum.example.org" rel="noopener noreferrer">' in html
    assert '<a href="https://citynet.example/iurf" rel="noopener noreferrer">CityNet</a>' in html
    assert 'href="/events/iurf-2030/calendar.ics"' in html


def test_event_page_description_is_sanitised(client):
    event = _forum(
        description='Hello <script>alert("x")</script> [click](javascript:alert(1)) <b onclick="x()">b</b>'
    )

    html = client.get(event.get_absolute_url()).content.decode()
    body = html.split('<div class="prose">')[1].split("</div>")[0]

    assert "<script" not in body
    assert "javascript:" not in body
    assert "onclick" not in body
    assert "Hello" in body


def test_event_page_json_ld_describes_the_event(client):
    event = _forum(
        registration_mode="portal",
        registration_closes=datetime(FORUM_YEAR, 12, 1, tzinfo=SEOUL),
    )
    # Marked public by the secretariat: its address stays in the JSON-LD.
    StreamLinkFactory(
        event=event, label="YouTube", url="https://youtube.example/live", is_public=True
    )
    StreamLinkFactory(event=event, label="Seoul On", url="", sort_order=1)

    html = client.get(event.get_absolute_url(), HTTP_HOST="testserver").content.decode()
    data = _json_ld(html)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "International Urban Resilience Forum 2030"
    assert data["startDate"] == f"{FORUM_YEAR}-12-09T10:00:00+09:00"
    assert data["endDate"] == f"{FORUM_YEAR}-12-09T17:30:00+09:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"] == "http://testserver/events/iurf-2030/"
    assert data["location"] == [
        {"@type": "VirtualLocation", "name": "YouTube", "url": "https://youtube.example/live"},
        {
            "@type": "VirtualLocation",
            "name": "Seoul On",
            "url": "http://testserver/events/iurf-2030/",
        },
    ]
    assert data["organizer"] == [
        {
            "@type": "Organization",
            "name": "Seoul Metropolitan Government",
            "url": "https://seoul.example",
        }
    ]
    assert data["inLanguage"] == "en"
    assert data["description"] == "Resilience after the pandemic."
    assert data["offers"] == {
        "@type": "Offer",
        "url": "http://testserver/events/iurf-2030/register/",
        "availability": "https://schema.org/InStock",
        "validThrough": f"{FORUM_YEAR}-12-01T00:00:00+09:00",
    }


def test_event_page_json_ld_for_cancelled_hybrid_event_without_open_registration(client):
    event = _forum(status="cancelled", venue_name="Seoul City Hall", registration_mode="none")

    data = _json_ld(client.get(event.get_absolute_url()).content.decode())

    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"][-1] == {"@type": "Place", "name": "Seoul City Hall"}
    assert "offers" not in data


def test_event_page_json_ld_cannot_close_its_script_element(client):
    event = _forum(title="</script><script>alert(1)</script>")

    html = client.get(event.get_absolute_url()).content.decode()

    assert "</script><script>alert(1)" not in html
    assert _json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_event_page_has_open_graph_tags(client):
    event = _forum()

    html = client.get(event.get_absolute_url(), HTTP_HOST="testserver").content.decode()

    assert '<meta property="og:title" content="International Urban Resilience Forum 2030">' in html
    assert '<meta property="og:url" content="http://testserver/events/iurf-2030/">' in html
    assert '<meta property="og:description" content="Resilience after the pandemic.">' in html
    assert '<link rel="canonical" href="http://testserver/events/iurf-2030/">' in html


@pytest.mark.parametrize("page", ["detail", "list", "partner-table", "speaker", "home"])
def test_event_pages_have_no_inline_styles_or_scripts(client, page):
    event = _forum(description="Some *text*")
    session = SessionFactory(event=event)
    speaker = SessionSpeakerFactory(session=session).speaker
    url = {
        "detail": event.get_absolute_url(),
        "list": LIST_URL,
        "partner-table": f"{LIST_URL}?hosted=partner",
        "speaker": speaker.get_absolute_url(),
        "home": "/",
    }[page]

    html = client.get(url).content.decode()

    assert "style=" not in html
    assert " on" + "click=" not in html
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert attributes == ' type="application/ld+json"' or " src=" in attributes


def test_event_page_draft_is_hidden_from_visitors(client, user_client):
    event = _forum(status="draft")

    assert client.get(event.get_absolute_url()).status_code == 404
    assert user_client.get(event.get_absolute_url()).status_code == 404


def test_event_page_draft_preview_for_staff_has_a_banner(staff_client):
    event = _forum(status="draft", needs_review=True, review_notes="The title is missing.")

    response = staff_client.get(event.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Draft</strong>: only the secretariat can see this page." in html
    assert "Flagged for review: The title is missing." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "calendar.ics" not in html


def test_event_page_unknown_slug_is_404(client):
    response = client.get("/events/no-such-event/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_event_page_programme_is_grouped_by_day_with_speakers(client):
    event = _forum(
        start=datetime(FORUM_YEAR, 12, 9, 10, 0, tzinfo=SEOUL),
        end=datetime(FORUM_YEAR, 12, 10, 17, 0, tzinfo=SEOUL),
        programme_is_illustrative=True,
    )
    opening = SessionFactory(
        event=event,
        title="Opening ceremony",
        kind="opening",
        start=datetime(FORUM_YEAR, 12, 9, 10, 0, tzinfo=SEOUL),
        end=datetime(FORUM_YEAR, 12, 9, 10, 30, tzinfo=SEOUL),
        channel="Main hall",
    )
    SessionFactory(
        event=event,
        title="Closing",
        kind="closing",
        start=datetime(FORUM_YEAR, 12, 10, 16, 0, tzinfo=SEOUL),
        end=datetime(FORUM_YEAR, 12, 10, 17, 0, tzinfo=SEOUL),
    )
    speaker = SpeakerFactory(name="Dr Example Speaker", slug="example-speaker", position="Director")
    SessionSpeakerFactory(session=opening, speaker=speaker, role="moderator")

    html = client.get(event.get_absolute_url()).content.decode()

    assert re.findall(r"<h3>([^<]+)</h3>", html) == [
        f"Monday 9 December {FORUM_YEAR}",
        f"Tuesday 10 December {FORUM_YEAR}",
    ]
    assert "Times in KST (GMT+9)" in html
    assert "Illustrative programme" in html
    assert html.index("Opening ceremony") < html.index("Closing")
    assert f'id="session-{opening.pk}"' in html
    assert (
        f'data-local-end="{FORUM_YEAR}-12-09T10:30:00+09:00" data-zone="Asia/Seoul">'
        "10:00\u201310:30</time>"
    ) in html
    assert '<a href="/events/speakers/example-speaker/">Dr Example Speaker</a>, Director' in html
    assert "(moderator)" in html
    assert "Main hall" in html


@pytest.mark.parametrize(
    ("fields", "text", "link"),
    [
        ({"registration_mode": "none"}, "This portal takes no registrations for this event.", ""),
        (
            {
                "registration_mode": "portal",
                "registration_closes": datetime(FORUM_YEAR, 12, 1, 18, tzinfo=SEOUL),
            },
            f"Registration is open until 1 December {FORUM_YEAR}, 18:00 KST (GMT+9).",
            '<a class="button" href="/events/iurf-2030/register/">Register</a>',
        ),
        (
            {
                "registration_mode": "portal",
                "registration_opens": datetime(FORUM_YEAR, 11, 1, 9, tzinfo=SEOUL),
            },
            f"Registration is not open yet. It opens on 1 November {FORUM_YEAR}, 09:00 KST (GMT+9).",
            "",
        ),
        (
            {
                "registration_mode": "portal",
                "registration_closes": datetime(2020, 1, 1, tzinfo=SEOUL),
            },
            "Registration closed on 1 January 2020, 00:00 KST (GMT+9).",
            "",
        ),
        (
            {"registration_mode": "external", "registration_url": "https://register.example/iurf"},
            "Register on the organiser's site.",
            '<a class="button" href="https://register.example/iurf" rel="noopener noreferrer">Register elsewhere',
        ),
        (
            {"registration_mode": "portal", "status": "cancelled"},
            "The event has been cancelled, so registration is closed.",
            "",
        ),
    ],
)
def test_event_page_registration_box(client, fields, text, link, settings):
    event = _forum(**fields)

    html = client.get(event.get_absolute_url()).content.decode()
    box = html.split('aria-labelledby="registration-title">')[1].split("</section>")[0]

    assert text in box
    if link:
        assert link in box
    else:
        assert "<a" not in box


def test_event_page_registration_box_after_the_event(client):
    event = _forum(
        start=datetime(2020, 12, 9, 10, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 17, tzinfo=SEOUL),
        registration_mode="external",
        registration_url="https://register.example",
    )

    html = client.get(event.get_absolute_url()).content.decode()

    assert "This event has ended; registration is closed." in html
    assert "https://register.example" not in html


def test_event_page_in_korean_shows_korean_title_and_summary(client):
    event = _forum(title_ko="국제 도시 회복력 포럼", summary_ko="팬데믹 이후의 회복력.")

    html = client.get(f"/ko{event.get_absolute_url()}").content.decode()

    assert '<h1 id="event-title">국제 도시 회복력 포럼</h1>' in html
    assert "팬데믹 이후의 회복력." in html
    assert _json_ld(html)["name"] == "국제 도시 회복력 포럼"


def _detail_with_sessions(event, count: int) -> None:
    for n in range(count):
        session = SessionFactory(
            event=event,
            start=event.start + timedelta(minutes=n),
            end=event.start + timedelta(minutes=n + 30),
        )
        SessionSpeakerFactory(session=session)
        SessionSpeakerFactory(session=session, role="moderator")


def test_event_page_runs_constant_queries(client, django_assert_num_queries):
    event = _forum()
    StreamLinkFactory(event=event)
    event.topics.add(TopicFactory())
    _detail_with_sessions(event, 1)
    with django_assert_num_queries(7):
        client.get(event.get_absolute_url())

    _detail_with_sessions(event, 199)
    with django_assert_num_queries(7):
        response = client.get(event.get_absolute_url())
    assert response.content.decode().count('class="session session--plenary"') == 200


# --- Speakers -----------------------------------------------------------------------------


def test_speaker_page_lists_public_sessions(client):
    organisation = OrganizationFactory(name="Busan Metropolitan City", acronym="BMC")
    speaker = SpeakerFactory(
        name="Example Director",
        slug="example-director",
        position="Director",
        organisation=organisation,
    )
    public = SessionFactory(
        title="Smart safety",
        event=_forum(),
        start=datetime(FORUM_YEAR, 12, 9, 14, 40, tzinfo=SEOUL),
        end=datetime(FORUM_YEAR, 12, 9, 15, 50, tzinfo=SEOUL),
    )
    hidden = SessionFactory(title="Secret session", event=EventFactory(status="draft"))
    SessionSpeakerFactory(session=public, speaker=speaker, role="discussant")
    SessionSpeakerFactory(session=hidden, speaker=speaker)

    html = client.get(speaker.get_absolute_url()).content.decode()

    assert '<h1 id="speaker-name">Example Director</h1>' in html
    assert "Director, BMC" in html
    assert f'<a href="/events/iurf-2030/#session-{public.pk}">Smart safety</a>' in html
    assert "Discussant" in html
    assert f"9 December {FORUM_YEAR}, 14:40\u201315:50 KST (GMT+9)" in html
    assert "Secret session" not in html


def test_speaker_page_of_speaker_only_in_drafts_is_404_except_for_staff(client, staff):
    speaker = SpeakerFactory(name="Not Announced", slug="not-announced")
    SessionSpeakerFactory(
        speaker=speaker, session=SessionFactory(event=EventFactory(status="draft"))
    )

    anonymous = client.get(speaker.get_absolute_url())
    client.force_login(staff)
    for_staff = client.get(speaker.get_absolute_url())

    assert anonymous.status_code == 404
    assert for_staff.status_code == 200
    assert '<h1 id="speaker-name">Not Announced</h1>' in for_staff.content.decode()


# --- Home page and header -------------------------------------------------------------------


def test_home_shows_featured_forum_and_upcoming_events(client):
    _forum(
        featured=True,
        start=datetime(2020, 12, 9, 10, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 17, tzinfo=SEOUL),
    )
    EventFactory(title="Next webinar", start=_days(5))
    EventFactory(title="Later webinar", start=_days(9))
    EventFactory(title="Draft webinar", start=_days(2), status="draft")
    EventFactory(title="Past webinar", start=_days(-30))

    html = client.get("/").content.decode()
    featured = html.split('id="featured-title"')[1].split("</section>")[0]
    upcoming = html.split('id="upcoming-title"')[1].split("</section>")[0]

    assert "event-card--featured" in featured
    assert 'href="/events/iurf-2030/">International Urban Resilience Forum 2030</a>' in featured
    assert "<q>Safe Cities in the New Normal</q>" in featured
    assert _titles_in_order(upcoming, ["Later webinar", "Next webinar"]) == [
        "Next webinar",
        "Later webinar",
    ]
    assert "Draft webinar" not in html and "Past webinar" not in html
    assert 'href="/events/">All events, upcoming and past</a>' in upcoming


def test_home_does_not_feature_a_draft(client):
    _forum(featured=True, status="draft")

    html = client.get("/").content.decode()

    assert "The featured forum will be announced here." in html


def test_home_runs_constant_event_queries(client, django_assert_num_queries):
    organisers = [OrganizationFactory(), OrganizationFactory()]
    _forum(featured=True)
    EventFactory(start=_days(3), organisers=organisers)
    ResourceFactory()
    # 2 for the featured and upcoming events, 2 for the newest resources.
    with django_assert_num_queries(4):
        client.get("/")

    for n in range(50):
        EventFactory(start=_days(4 + n), organisers=organisers)
    with django_assert_num_queries(4):
        client.get("/")


def test_header_links_to_programme_and_partner_webinars(client):
    html = client.get(reverse("events:list"), {"hosted": "partner"}).content.decode()

    assert '<a href="/events/">Programme</a>' in html
    assert '<a href="/events/?hosted=partner" aria-current="page">Partner webinars</a>' in html


@pytest.mark.parametrize("path", ["/events/", "/events/iurf-2030/", "/events/calendar.ics"])
def test_event_pages_answer_head_requests(client, path):
    _forum()

    response = client.head(path)

    assert response.status_code == 200
    assert response.content == b""


def test_cached_header_follows_the_section_the_language_and_the_signed_in_reader(client, user):
    # The header's language-only parts are kept per process ({% cache %} in _header.html):
    # each page still marks its own section, in its own language, for its own reader.
    current = re.compile(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>')
    pages = [
        ("/events/", ("/events/", "Programme")),
        ("/events/?hosted=partner", ("/events/?hosted=partner", "Partner webinars")),
        ("/resources/", ("/resources/", "Resource library")),
        ("/events/", ("/events/", "Programme")),
        ("/ko/events/", ("/ko/events/", "프로그램")),
        ("/", None),
    ]
    for path, expected in pages:
        header = client.get(path).content.decode().split("</nav>", 1)[0]
        assert current.findall(header) == ([expected] if expected else []), path

    assert "로그인" in client.get("/ko/").content.decode()
    client.force_login(user)
    signed_in = client.get("/ko/").content.decode()
    assert "로그아웃" in signed_in
    assert "로그인</a>" not in signed_in


# --- Past events say so, and the home page follows the dates ---------------------------------


@pytest.fixture
def clock(monkeypatch):
    """Moves the portal's clock (``django.utils.timezone.now``) to the given moment."""

    def move_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move_to


def _featured_section(client) -> str:
    html = client.get("/").content.decode()
    return html.split('id="featured-title"')[1].split("</section>")[0]


def test_past_event_shows_when_it_took_place_on_its_page_and_card(client):
    event = _forum(
        slug="iurf-2020",
        title="International Urban Resilience Forum 2020",
        start=datetime(2020, 12, 9, 10, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 17, tzinfo=SEOUL),
        outcomes_url="https://forum.example.org/outcomes",
        recordings_url="https://video.example.org/iurf-2020",
    )
    badge = '<span class="badge badge--past">Took place on Wednesday 9 December 2020</span>'

    page = client.get(event.get_absolute_url()).content.decode()
    listing = client.get("/events/").content.decode()

    assert badge in page
    assert "<dt>Afterwards</dt>" in page
    assert (
        '<a href="https://forum.example.org/outcomes" rel="noopener noreferrer">Outcomes'
        '<span class="visually-hidden"> of International Urban Resilience Forum 2020</span></a>'
    ) in page
    assert badge in listing
    korean = client.get("/ko/events/").content.decode()
    assert "badge--past" in korean and "Took place on" not in korean


def test_upcoming_event_has_no_took_place_badge(client):
    event = _forum(outcomes_url="https://forum.example.org/outcomes")

    page = client.get(event.get_absolute_url()).content.decode()

    assert "badge--past" not in page
    assert "<dt>Afterwards</dt>" not in page


def test_home_features_the_forum_the_dates_call_for(client, clock):
    """Before the 2030 forum it is featured; after it, with no forum announced, the page
    features it as past with its recordings; once the 2031 forum is announced, that one."""
    _forum(
        featured=False,
        start=datetime(2030, 12, 9, 10, tzinfo=SEOUL),
        end=datetime(2030, 12, 9, 17, tzinfo=SEOUL),
        recordings_url="https://video.example.org/iurf-2030",
    )
    EventFactory(
        slug="iurf-2020",
        title="Forum 2020",
        kind="forum",
        start=datetime(2020, 12, 9, 10, tzinfo=SEOUL),
        end=datetime(2020, 12, 9, 17, tzinfo=SEOUL),
        featured=True,
    )
    EventFactory(title="A webinar", start=datetime(2031, 3, 1, 10, tzinfo=SEOUL))
    # A partner's forum is listed, never featured, even when it is the latest to take place.
    EventFactory(
        title="A partner's forum",
        slug="partner-forum",
        kind="forum",
        hosted_by="partner",
        start=datetime(2030, 12, 20, 10, tzinfo=SEOUL),
        end=datetime(2030, 12, 20, 17, tzinfo=SEOUL),
    )

    clock(datetime(2030, 6, 1, tzinfo=SEOUL))
    before = _featured_section(client)
    clock(datetime(2031, 1, 5, tzinfo=SEOUL))
    after = _featured_section(client)
    EventFactory(
        title="Forum 2031",
        slug="iurf-2031",
        kind="forum",
        start=datetime(2031, 12, 8, 10, tzinfo=SEOUL),
        end=datetime(2031, 12, 8, 17, tzinfo=SEOUL),
    )
    announced = _featured_section(client)

    assert ">International Urban Resilience Forum 2030</a>" in before
    assert "badge--past" not in before
    assert "Recordings" not in before
    assert ">International Urban Resilience Forum 2030</a>" in after
    assert "Took place on Monday 9 December 2030" in after
    assert '<a href="https://video.example.org/iurf-2030" rel="noopener noreferrer">Recordings' in (
        after
    )
    assert ">Forum 2031</a>" in announced
    assert "badge--past" not in announced
    assert "Forum 2020" not in before + after + announced
    assert "A partner&#x27;s forum" not in before + after + announced


def test_event_json_ld_says_when_its_text_fell_back_to_english(client):
    translated = EventFactory(slug="translated", title="Heat forum", title_ko="폭염 포럼")
    translated.summary_ko = "폭염 대응."
    translated.save()
    english_only = EventFactory(slug="english-only", title="Flood forum", summary="Floods.")

    english = _json_ld(client.get(english_only.get_absolute_url()).content.decode())
    korean = _json_ld(client.get("/ko/events/translated/").content.decode())
    fallback = _json_ld(client.get("/ko/events/english-only/").content.decode())

    assert (korean["name"], korean["description"]) == ("폭염 포럼", "폭염 대응.")
    assert fallback["name"] == {"@value": "Flood forum", "@language": "en"}
    assert fallback["description"] == {"@value": "Floods.", "@language": "en"}
    assert (english["name"], english["description"]) == ("Flood forum", "Floods.")
