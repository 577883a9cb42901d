import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.utils import timezone

from resources.models import Resource
from tests.factories import EventFactory, OrganizationFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seoul(db):
    covid = TopicFactory(name="COVID-19", slug="covid-19")
    smg = OrganizationFactory(name="Seoul Metropolitan Government", acronym="SMG")
    wri = OrganizationFactory(name="World Resources Institute", acronym="WRI", country="")
    cac = ResourceFactory(
        title="CAC (Cities Against COVID-19)",
        publishers=[smg],
        topics=[covid],
        kind=Resource.Kind.CASE_STUDY,
        summary="A platform for **sharing** city responses. [More](https://cac.example.org)",
        cities=["Seoul"],
    )
    learning = ResourceFactory(
        title="Learning From Seoul to Control COVID-19",
        publishers=[wri, smg],
        topics=[covid],
        kind=Resource.Kind.ARTICLE,
        published_on=date(2020, 5, 1),
        date_precision=Resource.DatePrecision.MONTH,
    )
    return {"cac": cac, "learning": learning, "covid": covid, "smg": smg, "wri": wri}


def test_detail_shows_resource_publishers_and_related(client, seoul):
    response = client.get(seoul["learning"].get_absolute_url())

    html = response.content.decode()
    assert "<h1>Learning From Seoul to Control COVID-19</h1>" in html
    assert "Published May 2020" in html
    # Through the counter of links followed, which redirects to the stored link.
    opens = f"/resources/{seoul['learning'].pk}/open/"
    assert f'<a class="button" href="{opens}" rel="nofollow">' in html
    assert (
        f'<a href="/resources/?publisher={seoul["wri"].pk}">World Resources Institute</a>, '
        f'<a href="/resources/?publisher={seoul["smg"].pk}">Seoul Metropolitan Government</a>'
    ) in html
    # The publishers' other resources and the resources sharing a topic.
    assert html.count(f'<a href="{seoul["cac"].get_absolute_url()}">CAC (Cities Against') == 2
    assert "No other resources from this publisher yet." in html


def test_detail_renders_markdown_summary_sanitised(client, db):
    resource = ResourceFactory(
        title="Unsafe summary",
        summary="**Bold** <script>alert('x')</script> [click](javascript:alert(1)) "
        '<img src=x onerror="alert(2)"> [ok](https://ok.example.org)',
    )

    html = client.get(resource.get_absolute_url()).content.decode()

    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert 'href="https://ok.example.org"' in html


def test_detail_of_broken_link_shows_archive_copy(client, seoul):
    resource = seoul["cac"]
    Resource.objects.filter(pk=resource.pk).update(
        broken_since=timezone.now(), consecutive_failures=2, last_status=404
    )

    html = client.get(resource.get_absolute_url()).content.decode()

    assert "The original link has not answered since" in html
    assert f'href="https://web.archive.org/web/{resource.url}"' in html


def test_detail_of_resource_without_link_says_it_is_coming(client, db):
    resource = ResourceFactory(title="Link to come", url="")

    html = client.get(resource.get_absolute_url()).content.decode()

    assert "The secretariat is adding the link to this resource." in html
    assert Resource.objects.get(pk=resource.pk).needs_review is True


def test_detail_of_draft_is_hidden_from_public_and_shown_to_staff(client, staff):
    draft = ResourceFactory(title="Draft only", status=Resource.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Only the secretariat sees this page" in html


def test_detail_in_korean_falls_back_to_english(client, db):
    with_korean = ResourceFactory(title="Seoul response", title_ko="서울 대응")
    english_only = ResourceFactory(title="English only")

    korean = client.get(f"/ko/resources/{with_korean.slug}/").content.decode()
    fallback = client.get(f"/ko/resources/{english_only.slug}/").content.decode()
    english = client.get(f"/resources/{with_korean.slug}/").content.decode()

    assert "<h1>서울 대응</h1>" in korean
    # The English stands in for the missing Korean, marked as English (WCAG 3.1.2).
    assert (
        '<h1><span lang="en">English only</span> <small class="lang-note">(영어)</small></h1>'
        in fallback
    )
    assert "<h1>Seoul response</h1>" in english


@pytest.mark.parametrize("count", [1, 30])
def test_detail_runs_constant_queries(client, django_assert_num_queries, count):
    topic = TopicFactory()
    publisher = OrganizationFactory()
    resources = [
        ResourceFactory(publishers=[publisher], topics=[topic]) for _number in range(count)
    ]

    # resource, publishers, topics, publishers' other resources, related resources
    with django_assert_num_queries(5):
        response = client.get(resources[0].get_absolute_url())

    assert response.status_code == 200


def test_rss_feed_lists_newest_published_resources(client, seoul):
    ResourceFactory(title="Not yet", status=Resource.Status.DRAFT)

    response = client.get("/resources/feed/")

    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    items = [item.findtext("title") for item in channel.findall("item")]
    assert items == ["Learning From Seoul to Control COVID-19", "CAC (Cities Against COVID-19)"]
    first = channel.find("item")
    assert first.findtext("link").endswith(seoul["learning"].get_absolute_url())
    assert first.findtext("category") == "COVID-19"


def test_atom_feed_per_topic(client, seoul):
    ResourceFactory(title="Other topic", topics=[TopicFactory(slug="transport")])

    response = client.get("/resources/topics/covid-19/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert feed.findtext("a:title", namespaces=ns) == "Forum Portal: new resources on COVID-19"
    titles = [entry.findtext("a:title", namespaces=ns) for entry in feed.findall("a:entry", ns)]
    assert sorted(titles) == [
        "CAC (Cities Against COVID-19)",
        "Learning From Seoul to Control COVID-19",
    ]


def test_topic_feed_of_unknown_topic_is_404(client, db):
    assert client.get("/resources/topics/nope/feed/").status_code == 404


def test_export_csv_of_current_search(client, seoul):
    response = client.get("/resources/export.csv", {"q": "platform", "kind": "case_study"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["title"] == "CAC (Cities Against COVID-19)"
    assert rows[0]["publishers"] == "Seoul Metropolitan Government"
    assert rows[0]["topics"] == "COVID-19"
    assert rows[0]["url"] == seoul["cac"].url


def test_export_csv_neutralises_formulas(client, db):
    ResourceFactory(title='=HYPERLINK("http://evil.example")')

    rows = list(csv.reader(io.StringIO(client.get("/resources/export.csv").content.decode())))

    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_export_json_of_current_search(client, seoul):
    response = client.get("/resources/export.json", {"topic": "covid-19", "sort": "title"})

    data = json.loads(response.content)
    assert data["count"] == 2
    assert [row["title"] for row in data["results"]] == [
        "CAC (Cities Against COVID-19)",
        "Learning From Seoul to Control COVID-19",
    ]
    assert data["results"][1]["publishers"] == [
        "World Resources Institute",
        "Seoul Metropolitan Government",
    ]
    assert data["results"][1]["published"] == "2020-05-01"


def test_home_shows_newest_resources_with_constant_queries(client, django_assert_num_queries):
    for number in range(6):
        ResourceFactory(title=f"Home resource {number}", published_on=date(2010 + number, 1, 1))
    EventFactory(organisers=[OrganizationFactory()])

    # 2 for the newest resources, 2 for the featured and upcoming events.
    with django_assert_num_queries(4):
        response = client.get("/")

    html = response.content.decode()
    assert "Home resource 5" in html and "Home resource 2" in html
    assert "Home resource 1" not in html
    assert 'href="/resources/"' in html


def test_search_page_links_to_feeds_exports_and_submission(client, seoul):
    """With hits: an empty search offers no export (it offers proposing a resource)."""
    html = client.get("/resources/", {"q": "seoul"}).content.decode()

    assert 'href="/resources/export.csv?q=seoul"' in html
    assert 'href="/resources/export.json?q=seoul"' in html
    assert 'href="/resources/submit/"' in html
    assert 'type="application/rss+xml"' in html


def test_library_pages_have_no_inline_styles_or_scripts(client, seoul):
    for path in ["/resources/", "/resources/?q=seoul&view=table", seoul["cac"].get_absolute_url()]:
        html = client.get(path).content.decode()
        assert " style=" not in html
        assert "<script>" not in html
