"""The figures as pictures: each chart valid SVG (no script, under its own policy) with one bar
or point per value, beside a table and a CSV file of the same numbers; nobody identified."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree, html

from events.models import Event
from feedback.models import PageFeedback
from resources.models import LinkHealthSnapshot, Resource
from tests.factories import EventFactory, RegistrationFactory, ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SVG = {"svg": "http://www.w3.org/2000/svg"}


def _svg(response):
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    root = etree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.xpath("//svg:script", namespaces=SVG) == []
    return root


def _marks(root, serie: int) -> int:
    """The bars or points of one series."""
    return len(
        root.xpath(
            f"//svg:g[contains(concat(' ', @class, ' '), ' serie-{serie} ')]"
            "//*[contains(@class, 'rect') or contains(@class, 'dot')]"
            "[contains(@class, 'tooltip-trigger')]",
            namespaces=SVG,
        )
    )


def _csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def _table(response, key):
    page = html.fromstring(response.content.decode())
    (table,) = page.cssselect(f"section[aria-labelledby=figure-{key}] table")
    return [
        [cell.text_content() for cell in row.cssselect("th, td")] for row in table.cssselect("tr")
    ]


def _at(registration, when):
    type(registration).objects.filter(pk=registration.pk).update(created_at=when)


@pytest.fixture
def event():
    day = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    event = EventFactory(
        slug="forum-figures",
        registration_mode=Event.Registration.PORTAL,
        seats=3,
        registration_opens=day - timedelta(days=1),
        registration_closes=day + timedelta(days=10),
        start=day + timedelta(days=20),
        end=day + timedelta(days=20, hours=8),
    )
    plan = [
        (0, "Republic of Korea", "academic", "ko", "confirmed"),
        (0, "Japan", "academic", "en", "confirmed"),
        (2, "Republic of Korea", "ngo", "ko", "confirmed"),
        (5, "Republic of Korea", "ngo", "en", "waiting"),
    ]
    for offset, country, category, channel, status in plan:
        registration = RegistrationFactory(
            event=event, country=country, category=category, channel=channel, status=status
        )
        _at(registration, day + timedelta(days=offset))
    cancelled = RegistrationFactory(event=event, status="cancelled", cancelled_at=day)
    _at(cancelled, day)
    return event


def test_registrations_over_time_add_up_with_opening_and_deadline_marked(staff_client, event):
    svg = _svg(staff_client.get(f"/admin/figures/event/{event.pk}/over-time.svg"))
    rows = _csv(staff_client.get(f"/admin/figures/event/{event.pk}/over-time.csv"))
    table = _table(staff_client.get(f"/admin/figures/event/{event.pk}/"), "over-time")

    assert rows == [
        ["Day", "Registrations, added up", "Registration opens", "Registration closes"],
        ["2026-11-01", "0", "0", ""],
        ["2026-11-02", "2", "", ""],
        ["2026-11-04", "3", "", ""],
        ["2026-11-07", "4", "", ""],
        ["2026-11-12", "4", "", "4"],
    ]
    assert table == [[cell or "\N{EN DASH}" for cell in row] for row in rows]
    assert (_marks(svg, 0), _marks(svg, 1), _marks(svg, 2)) == (5, 1, 1)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "by-country",
            [
                ["Country", "Confirmed", "Waiting"],
                ["Japan", "1", "0"],
                ["Republic of Korea", "2", "1"],
            ],
        ),
        (
            "by-category",
            [
                ["Category", "Confirmed", "Waiting"],
                ["Professor or academic", "2", "0"],
                ["Non-governmental organisation", "1", "1"],
            ],
        ),
        (
            "by-channel",
            [["Channel", "Confirmed", "Waiting"], ["English", "1", "1"], ["Korean", "2", "0"]],
        ),
    ],
)
def test_registrations_by_country_category_and_channel(staff_client, event, key, expected):
    svg = _svg(staff_client.get(f"/admin/figures/event/{event.pk}/{key}.svg"))
    rows = _csv(staff_client.get(f"/admin/figures/event/{event.pk}/{key}.csv"))

    assert rows == expected
    assert _marks(svg, 0) == len(expected) - 1
    assert _table(staff_client.get(f"/admin/figures/event/{event.pk}/"), key) == expected


def test_a_library_search_appears_in_the_figures_without_who_made_it(staff_client):
    searcher = UserFactory(email="searcher@city.example", name="Searching Person")
    client = Client()
    client.force_login(searcher)
    ResourceFactory(title="Flood plan")
    client.get("/resources/?q=flood")
    client.get("/resources/?q=Flood")
    client.get("/resources/?q=zzzqqq")

    top = _csv(staff_client.get("/admin/figures/top-searches.csv"))
    empty = _csv(staff_client.get("/admin/figures/no-results.csv"))
    per_day = _csv(staff_client.get("/admin/figures/searches.csv"))
    svg = _svg(staff_client.get("/admin/figures/top-searches.svg"))
    page = staff_client.get("/admin/figures/").content.decode()

    assert top == [["Search words", "Searches"], ["flood", "2"], ["zzzqqq", "1"]]
    assert empty == [["Search words", "Searches"], ["zzzqqq", "1"]]
    assert per_day == [
        ["Day", "Searches", "Found nothing"],
        [timezone.localdate().isoformat(), "3", "1"],
    ]
    assert _marks(svg, 0) == 2
    for identity in ("searcher@city.example", "Searching Person", "127.0.0.1"):
        assert identity not in page
        assert identity not in str(top + empty + per_day)


def test_most_opened_resources_count_the_links_followed(staff_client):
    client = Client()
    often = ResourceFactory(title="Often read")
    once = ResourceFactory(title="Read once")
    for resource in (often, often, once):
        client.get(reverse("resources:open", args=[resource.pk]))

    rows = _csv(staff_client.get("/admin/figures/most-opened.csv"))
    svg = _svg(staff_client.get("/admin/figures/most-opened.svg"))

    assert rows == [["Resource", "Times opened"], ["Often read", "2"], ["Read once", "1"]]
    assert _marks(svg, 0) == 2


def test_proposals_per_month_and_link_health_over_time(staff_client):
    member = UserFactory()
    for when in [
        datetime(2026, 9, 3, tzinfo=UTC),
        datetime(2026, 9, 20, tzinfo=UTC),
        datetime(2026, 11, 1, tzinfo=UTC),
    ]:
        proposal = ResourceFactory(
            status=Resource.Status.DRAFT,
            moderation=Resource.Moderation.PENDING,
            submitted_by=member,
        )
        Resource.objects.filter(pk=proposal.pk).update(created_at=when)
    LinkHealthSnapshot.objects.create(day=datetime(2026, 11, 1).date(), working=8, broken=1)
    LinkHealthSnapshot.objects.create(day=datetime(2026, 11, 2).date(), working=9, failing=1)

    proposals = _csv(staff_client.get("/admin/figures/proposals.csv"))
    health = _csv(staff_client.get("/admin/figures/link-health.csv"))
    health_svg = _svg(staff_client.get("/admin/figures/link-health.svg"))

    assert proposals == [["Month", "Proposals"], ["2026-09", "2"], ["2026-11", "1"]]
    assert _marks(_svg(staff_client.get("/admin/figures/proposals.svg")), 0) == 2
    assert health == [
        ["Day", "Working", "Redirected", "Failed the last check", "Broken", "Not checked yet"],
        ["2026-11-01", "8", "0", "0", "1", "0"],
        ["2026-11-02", "9", "0", "1", "0", "0"],
    ]
    assert [_marks(health_svg, serie) for serie in range(5)] == [2, 2, 2, 2, 2]


def test_feedback_useful_or_not_per_page(staff_client):
    for path, useful in [
        ("/about/", True),
        ("/about/", False),
        ("/about/", True),
        ("/events/", False),
    ]:
        PageFeedback.objects.create(kind="vote", path=path, language="en", useful=useful)
    PageFeedback.objects.create(kind="issue", path="/privacy/", language="en")

    rows = _csv(staff_client.get("/admin/figures/feedback.csv"))
    svg = _svg(staff_client.get("/admin/figures/feedback.svg"))

    assert rows == [["Page", "Useful", "Not useful"], ["/about/", "2", "1"], ["/events/", "0", "1"]]
    assert (_marks(svg, 0), _marks(svg, 1)) == (2, 2)


def test_a_spreadsheet_formula_in_a_search_is_neutralised(staff_client):
    client = Client()
    client.get("/resources/?q=%3DHYPERLINK(1)")

    rows = _csv(staff_client.get("/admin/figures/no-results.csv"))

    assert rows[1] == ["'=hyperlink(1)", "1"]


def test_figures_need_the_permission_to_see_their_rows(client, event):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_pagefeedback"))
    client.force_login(clerk)

    page = client.get("/admin/figures/").content.decode()

    assert "figure-feedback" in page and "figure-top-searches" not in page
    assert "forum-figures" not in page and f"/admin/figures/event/{event.pk}/" not in page
    assert client.get("/admin/figures/top-searches.csv").status_code == 403
    assert client.get(f"/admin/figures/event/{event.pk}/").status_code == 403
    assert client.get(f"/admin/figures/event/{event.pk}/by-country.csv").status_code == 403
    assert client.get("/admin/figures/feedback.csv").status_code == 200


def test_figures_are_for_the_secretariat_only(client, event):
    for url in [
        "/admin/figures/",
        "/admin/figures/feedback.svg",
        f"/admin/figures/event/{event.pk}/by-country.csv",
    ]:
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")


def test_an_unknown_figure_is_not_found(staff_client, event):
    assert staff_client.get("/admin/figures/nonsense.svg").status_code == 404
    assert staff_client.get(f"/admin/figures/event/{event.pk}/nonsense.csv").status_code == 404
    assert staff_client.get("/admin/figures/event/999999/").status_code == 404
