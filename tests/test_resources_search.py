import re
from datetime import date

import pytest
from django.urls import reverse

from directory import glossary
from resources.filters import ResourceFilter
from resources.models import Resource
from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = "/resources/"


def titles(response):
    """Titles of the hits, in order, without highlight tags or the marking of an English
    title on a Korean page (``<span lang="en">`` and its "(영어)")."""
    html = response.content.decode()
    found = re.findall(r'<h3 class="hit__title"><a [^>]*>(.*?)</a></h3>', html, re.S)
    found = [re.sub(r' <small class="lang-note">\(.*?\)</small>', "", title) for title in found]
    return [re.sub(r'</?mark>|<span lang="\w+">|</span>', "", title) for title in found]


def count_heading(response):
    html = response.content.decode()
    return re.search(r'<h2 id="results-title"[^>]*>\s*(.*?)\s*</h2>', html, re.S).group(1)


def notices(response):
    return re.findall(r'class="message message--warning">(.*?)</p>', response.content.decode())


@pytest.fixture
def library(db):
    covid = TopicFactory(name="COVID-19", slug="covid-19")
    health = TopicFactory(name="Public health", slug="public-health")
    business = TopicFactory(name="Business continuity", slug="business-continuity")
    dhankuta = OrganizationFactory(name="Dhankuta Municipality", country="Nepal")
    who = OrganizationFactory(name="World Health Organization", acronym="WHO", country="")
    undrr = OrganizationFactory(name="UN Office for Disaster Risk Reduction", acronym="UNDRR")
    return {
        "dhankuta": ResourceFactory(
            title="Measures and activities undertaken by Dhankuta Municipality to prevent "
            "COVID-19 infection",
            publishers=[dhankuta],
            topics=[covid, health],
            kind=Resource.Kind.CASE_STUDY,
            summary="Hand washing stations and **quarantine** measures in the municipality.",
            published_on=date(2020, 1, 1),
        ),
        "ffx": ResourceFactory(
            title="The First Few X (FFX) Cases and contact investigation protocol",
            publishers=[who],
            topics=[covid, health],
            kind=Resource.Kind.GUIDELINE,
            summary="A protocol to investigate the first cases of the novel coronavirus pandemic.",
            published_on=date(2019, 1, 1),
            languages=["en", "fr"],
        ),
        "business": ResourceFactory(
            title="Is Your Business Resilient to COVID-19; Planning Tool",
            publishers=[undrr],
            topics=[covid, business],
            kind=Resource.Kind.PLANNING_TOOL,
            summary="Business continuity planning for small firms during the pandemic.",
            published_on=date(2021, 1, 1),
        ),
        "ict": ResourceFactory(
            title="How Korea Responded to a Pandemic Using ICT",
            topics=[covid],
            kind=Resource.Kind.CASE_STUDY,
            summary="Data and ICT in the response.",
            countries=["Republic of Korea"],
            published_on=date(2020, 1, 1),
        ),
        "topics": {"covid": covid, "health": health, "business": business},
        "orgs": {"dhankuta": dhankuta, "who": who, "undrr": undrr},
    }


def test_search_page_without_words_lists_published_newest_first(client, library):
    ResourceFactory(title="A draft nobody sees", status=Resource.Status.DRAFT)

    response = client.get(SEARCH)

    assert response.status_code == 200
    assert count_heading(response) == "4 resources"
    assert titles(response) == [
        "Is Your Business Resilient to COVID-19; Planning Tool",
        "How Korea Responded to a Pandemic Using ICT",
        "Measures and activities undertaken by Dhankuta Municipality to prevent COVID-19 infection",
        "The First Few X (FFX) Cases and contact investigation protocol",
    ]


def test_search_stemming_measure_finds_measures(client, library):
    response = client.get(SEARCH, {"q": "measure"})

    assert titles(response) == [
        "Measures and activities undertaken by Dhankuta Municipality to prevent COVID-19 infection"
    ]
    assert "<mark>Measures</mark>" in response.content.decode()


def test_search_ranks_title_above_summary(client, library):
    response = client.get(SEARCH, {"q": "pandemic"})

    assert titles(response)[0] == "How Korea Responded to a Pandemic Using ICT"
    assert set(titles(response)) == {
        "How Korea Responded to a Pandemic Using ICT",
        "Is Your Business Resilient to COVID-19; Planning Tool",
        "The First Few X (FFX) Cases and contact investigation protocol",
    }


def test_search_publisher_name_finds_its_resources(client, library):
    response = client.get(SEARCH, {"q": "WHO protocol"})

    assert titles(response) == ["The First Few X (FFX) Cases and contact investigation protocol"]


def test_search_quoted_phrase_matches_words_in_order_only(client, library):
    ResourceFactory(title="Continuity of business in ports", summary="")

    response = client.get(SEARCH, {"q": '"business continuity"'})

    assert titles(response) == ["Is Your Business Resilient to COVID-19; Planning Tool"]


def test_search_minus_excludes_a_word(client, library):
    response = client.get(SEARCH, {"q": "pandemic -korea"})

    assert "How Korea Responded to a Pandemic Using ICT" not in titles(response)
    assert len(titles(response)) == 2


def test_search_or_finds_either_word(client, library):
    response = client.get(SEARCH, {"q": "Dhankuta or FFX"})

    assert count_heading(response) == "2 resources"


def test_search_korean_title_found_by_one_of_its_words(client, library):
    ResourceFactory(title="Seoul's COVID-19 response", title_ko="서울시 코로나19 대응 사례")

    response = client.get(SEARCH, {"q": "대응"})

    # and, through the glossary (대응 = response), the English resource about responding
    assert sorted(titles(response)) == [
        "How Korea Responded to a Pandemic Using ICT",
        "Seoul&#x27;s COVID-19 response",
    ]
    assert titles(client.get(SEARCH, {"q": "대응", "expand": "off"})) == [
        "Seoul&#x27;s COVID-19 response"
    ]


def test_search_korean_title_shown_to_korean_readers(client, library):
    ResourceFactory(title="Seoul's COVID-19 response", title_ko="서울시 코로나19 대응 사례")

    response = client.get("/ko" + SEARCH, {"q": "대응", "expand": "off"})

    assert titles(response) == [
        "서울시 코로나19 <mark>대응</mark> 사례".replace("<mark>", "").replace("</mark>", "")
    ]
    assert "<mark>대응</mark>" in response.content.decode()


@pytest.mark.parametrize("typo", ["pandamic", "Dankuta", "Dhankutta"])
def test_search_misspelt_word_is_corrected(client, library, typo):
    response = client.get(SEARCH, {"q": typo})

    html = response.content.decode()
    assert titles(response)
    assert "Nothing matched" in html
    if typo == "pandamic":
        assert "How Korea Responded to a Pandemic Using ICT" in titles(response)
    else:
        assert titles(response) == [
            "Measures and activities undertaken by Dhankuta Municipality to prevent "
            "COVID-19 infection"
        ]


def test_search_snippet_highlights_words_and_escapes_html(client, library):
    ResourceFactory(
        title="Escaping test",
        summary="Pandemic <script>alert(1)</script> & <b>bold</b> claims",
    )

    html = client.get(SEARCH, {"q": "claims"}).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<b>bold</b>" not in html
    assert "<mark>claims</mark>" in html


def test_search_facets_show_counts_over_other_facets(client, library):
    response = client.get(SEARCH, {"kind": "case_study"})

    html = response.content.decode()
    assert count_heading(response) == "2 resources"
    # The kind facet still offers the other kinds with their own counts.
    assert re.search(r"Guideline / protocol</span> <span class=\"facet__count\">1<", html)
    assert re.search(r"Planning tool</span> <span class=\"facet__count\">1<", html)
    # Other facets count only the case studies.
    assert re.search(r">COVID-19</span> <span class=\"facet__count\">2<", html)
    assert re.search(r">Public health</span> <span class=\"facet__count\">1<", html)
    assert re.search(r">2020</span> <span class=\"facet__count\">2<", html)


def test_search_facets_combine_and_show_chips(client, library):
    health = library["topics"]["health"]

    response = client.get(SEARCH, {"topic": health.slug, "year": "2019", "q": "protocol"})

    html = response.content.decode()
    assert titles(response) == ["The First Few X (FFX) Cases and contact investigation protocol"]
    assert "Remove filter </span>Topic: Public health" in html
    assert "Remove filter </span>Year: 2019" in html
    chip = re.search(
        r'<a class="chip" href="([^"]+)"><span class="visually-hidden">Remove '
        r"filter </span>Year: 2019",
        html,
    )
    assert chip.group(1) == "?q=protocol&amp;topic=public-health"


def test_search_values_of_one_facet_are_alternatives(client, library):
    response = client.get(SEARCH, {"kind": ["guideline", "planning_tool"]})

    assert count_heading(response) == "2 resources"


def test_search_country_language_and_publisher_facets(client, library):
    who = library["orgs"]["who"]

    assert count_heading(client.get(SEARCH, {"country": "Nepal"})) == "1 resource"
    assert count_heading(client.get(SEARCH, {"language": "fr"})) == "1 resource"
    assert titles(client.get(SEARCH, {"publisher": who.pk})) == [
        "The First Few X (FFX) Cases and contact investigation protocol"
    ]


def test_search_countries_default_to_publishers_countries(library):
    assert library["dhankuta"].countries == ["Nepal"]
    assert library["ict"].countries == ["Republic of Korea"]


def test_search_sort_by_title(client, library):
    response = client.get(SEARCH, {"sort": "title"})

    assert titles(response) == sorted(titles(response))
    assert len(titles(response)) == 4


def test_search_sort_newest_with_words(client, library):
    response = client.get(SEARCH, {"q": "covid", "sort": "newest"})

    assert titles(response)[0] == "Is Your Business Resilient to COVID-19; Planning Tool"


def test_search_paginates_twenty_per_page(client, db):
    for number in range(45):
        ResourceFactory(title=f"Flood report {number:02d}")

    first = client.get(SEARCH, {"q": "flood", "sort": "title"})
    third = client.get(SEARCH, {"q": "flood", "sort": "title", "page": "3"})

    assert len(titles(first)) == 20
    assert titles(third) == [f"Flood report {number}" for number in range(40, 45)]
    html = third.content.decode()
    assert "Showing 41–45 of 45" in html  # noqa: RUF001 - an en dash
    assert 'href="?q=flood&amp;sort=title&amp;page=2" rel="prev"' in html


def test_search_table_view_lists_title_link_and_source(client, library):
    html = client.get(SEARCH, {"view": "table", "country": "Nepal"}).content.decode()

    assert '<th scope="col">Source organisation</th>' in html
    url = library["dhankuta"].url
    assert f'<td><a href="{url}" rel="noopener">Measures and activities' in html
    assert "<td>Dhankuta Municipality</td>" in html


def test_search_empty_result_suggests_what_to_try(client, library):
    response = client.get(SEARCH, {"q": "xylophone", "kind": "video"})

    html = response.content.decode()
    assert count_heading(response) == "No resources found"
    assert "checking the spelling" in html
    assert "removing a filter" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": '"unbalanced quote'}, None),
        ({"q": "the and of"}, "contains only very common words"),
        ({"q": "x" * 10_000}, "Your search was shortened to its first 200 characters."),
        ({"q": "'; DROP TABLE resources_resource; --"}, None),
        ({"q": "<script>alert(1)</script>"}, None),
        ({"q": "a & | ! :* <-> ( ) )"}, None),
        ({"topic": "no-such-topic"}, "There is no topic “no-such-topic”."),
        ({"kind": "poem"}, "There is no kind of resource “poem”."),
        ({"publisher": "abc"}, "Publisher:"),
        ({"publisher": "999999"}, "Publisher:"),
        ({"year": "20x0"}, "“20x0” is not a year."),
        ({"language": "xx"}, "There is no language “xx”."),
        ({"country": "y" * 500}, "A value is too long."),
        ({"page": "abc"}, "“abc” is not a page number"),
        ({"page": "99999999999999999999"}, "There is no page"),
        ({"page": "-3"}, "There is no page"),
        ({"sort": "price"}, "Sort by:"),
        ({"q": "nul\x00byte"}, "Search words:"),
    ],
)
def test_search_malformed_input_gives_normal_page_with_message(client, library, params, message):
    response = client.get(SEARCH, params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Resource library</h1>" in html
    assert "<script>alert(1)</script>" not in html
    if message:
        assert message in html
    assert Resource.objects.count() == 4


def test_search_unknown_facet_value_keeps_valid_ones(client, library):
    response = client.get(SEARCH, {"topic": "no-such-topic", "kind": "guideline"})

    assert titles(response) == ["The First Few X (FFX) Cases and contact investigation protocol"]
    assert notices(response) == ["Topic: There is no topic “no-such-topic”. It was ignored."]


def test_search_facet_choices_are_read_afresh_by_every_search(client, library):
    """The form class is made once (``ResourceFilter.get_form_class``); its topics are not."""
    first = client.get(SEARCH, {"topic": "heatwaves"})
    assert notices(first) == ["Topic: There is no topic “heatwaves”. It was ignored."]
    heat = TopicFactory(name="Heatwaves", slug="heatwaves")
    ResourceFactory(title="Cooling centres for heatwaves", topics=[heat])

    second = client.get(SEARCH, {"topic": "heatwaves"})

    assert notices(second) == []
    assert titles(second) == ["Cooling centres for heatwaves"]
    assert ResourceFilter({}).get_form_class() is ResourceFilter({"q": "x"}).get_form_class()


def _many(count, topic, publisher):
    for number in range(count):
        ResourceFactory(
            title=f"Resilience plan {number}",
            summary="Resilience measures for the city.",
            topics=[topic],
            publishers=[publisher],
        )


@pytest.mark.parametrize("count", [1, 200])
def test_search_runs_constant_queries(client, django_assert_num_queries, count):
    topic = TopicFactory(slug="urban-resilience")
    publisher = OrganizationFactory()
    _many(count, topic, publisher)

    glossary.terms()  # read once a minute by each process, not by each search
    # topic and publisher lookups, facets and total, page of hits with their publishers,
    # the search noted for the figures
    with django_assert_num_queries(5):
        response = client.get(
            SEARCH, {"q": "resilience", "topic": topic.slug, "publisher": publisher.pk}
        )

    assert len(titles(response)) == min(count, 20)


@pytest.mark.parametrize("count", [1, 200])
def test_search_typo_correction_runs_constant_queries(client, django_assert_num_queries, count):
    _many(count, TopicFactory(), OrganizationFactory())

    glossary.terms()  # read once a minute by each process, not by each search
    # facets, correction, facets again, page of hits with their publishers, the search noted
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "mesures"})

    assert len(titles(response)) == min(count, 20)


def test_search_url_of_home_search_box(client):
    assert reverse("resources:search") == SEARCH


def test_hit_shows_publishers_in_order_kind_year_and_its_page(client):
    first = OrganizationFactory(name="World Resources Institute", acronym="WRI")
    second = OrganizationFactory(name="Seoul Metropolitan Government", acronym="")
    resource = ResourceFactory(
        title="Learning From Seoul to Control COVID-19",
        kind=Resource.Kind.ARTICLE,
        published_on=date(2020, 4, 1),
        publishers=[first, second],
    )
    without_link = ResourceFactory(title="Seoul contact tracing notes", url="")

    html = client.get(SEARCH, {"q": "seoul", "sort": "title"}).content.decode()

    assert '<p class="hit__meta">WRI, Seoul Metropolitan Government · Article · 2020</p>' in html
    detail = reverse("resources:detail", kwargs={"slug": resource.slug})
    assert f'<a href="{resource.url}" rel="noopener">' in html
    assert f'<a href="{detail}">Details<span class="visually-hidden">: ' in html
    # Without a source link, the title leads to the resource's own page.
    own_page = reverse("resources:detail", kwargs={"slug": without_link.slug})
    assert f'<h3 class="hit__title"><a href="{own_page}">' in html


@pytest.mark.parametrize(
    ("q", "sort", "view"), [("", "", "list"), ("flood or heat", "title", "table")]
)
def test_facet_value_links_add_one_value_to_the_search(q, sort, view):
    """Each unselected facet value's link (built per facet by ``adding``) is the search's URL
    with that value added, back on page 1, for any value however it must be encoded."""
    from urllib.parse import parse_qsl

    from resources.search.facets import FACET_COLUMNS
    from resources.search.state import SearchState

    selected = {"topic": ["covid-19"], "country": ["Côte d'Ivoire", "A&B=C"], "year": ["2020"]}
    state = SearchState(q=q, sort=sort, view=view, selected=selected, page=4)
    for name in FACET_COLUMNS:
        for value in ("Nepal", "<b>&amp;</b> ?x=1", "42", "서울"):
            expected = state.url(
                selected={**selected, name: [*selected.get(name, []), value]}, page=1
            )
            assert state.adding(name)(value) == state.toggled(name, value) == expected
            assert (name, value) in parse_qsl(expected.removeprefix("?"))


def test_search_facet_beyond_twelve_values_keeps_the_rest_behind_n_more(client):
    # Fifteen years: the twelve newest are listed, the three oldest sit in a disclosure
    # whose summary counts them, in the reader's language.
    for year in range(2006, 2021):
        ResourceFactory(title=f"Resource of {year}", published_on=date(year, 6, 1))

    def year_block(path):
        html = client.get(path).content.decode()
        return re.search(
            r'<section class="facet" aria-labelledby="facet-year">(.*?)</section>', html, re.S
        ).group(1)

    block = year_block(SEARCH)
    shown, _sep, more = block.partition('<details class="facet__more">')
    years = r'<span class="facet__label">(\d{4})</span>'
    assert re.findall(years, shown) == [str(year) for year in range(2020, 2008, -1)]
    assert "<summary>3 more</summary>" in more
    assert re.findall(years, more) == ["2008", "2007", "2006"]
    assert "<summary>3개 더 보기</summary>" in year_block("/ko" + SEARCH)
