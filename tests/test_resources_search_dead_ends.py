"""A search that finds nothing leads somewhere: partial matches, topics and kinds with counts,
glossary terms, "propose a resource"; never an empty Refine column or export of nothing."""

import re

import pytest
from django.urls import reverse

from directory import glossary
from resources.models import Resource
from tests.factories import ResourceFactory, TopicFactory
from tests.test_resources_search import SEARCH, titles

pytestmark = pytest.mark.django_db


def partial_titles(response):
    html = response.content.decode()
    section = re.search(r'<section class="partial-matches".*?</section>', html, re.S)
    if not section:
        return []
    found = re.findall(r'<h3 class="hit__title"><a [^>]*>(.*?)</a></h3>', section.group(), re.S)
    return [re.sub(r"</?mark>", "", title) for title in found]


def suggestion_lists(response):
    html = response.content.decode()
    return [
        re.findall(r"<li><a [^>]*>(.*?)</a>(?: \((\d+)\))?</li>", block)
        for block in re.findall(r'<ul class="suggestion-list">(.*?)</ul>', html, re.S)
    ]


@pytest.fixture
def library(db):
    covid = TopicFactory(name="COVID-19", slug="covid-19")
    drr = TopicFactory(name="Disaster risk reduction", slug="disaster-risk-reduction")
    return {
        "korea": ResourceFactory(
            title="Korea's recovery from the pandemic",
            kind=Resource.Kind.REPORT,
            topics=[covid],
        ),
        "plan": ResourceFactory(
            title="A city recovery plan for floods", kind=Resource.Kind.GUIDELINE, topics=[drr]
        ),
        "tracing": ResourceFactory(
            title="Contact tracing in Korea",
            kind=Resource.Kind.CASE_STUDY,
            topics=[covid],
        ),
        "other": ResourceFactory(title="Heat in cities", kind=Resource.Kind.REPORT, topics=[drr]),
    }


def test_a_partial_query_shows_the_resources_matching_most_words(client, library):
    response = client.get(SEARCH, {"q": "recovery plan Korea", "expand": "off"})
    html = response.content.decode()

    assert titles(response) == partial_titles(response)  # the only hits are the partial ones
    assert "No resource matches all of “recovery plan Korea”." in html
    assert "3 resources match some of your words" in html
    # the two matching two words first, then the one matching one
    assert set(partial_titles(response)[:2]) == {
        "Korea&#x27;s recovery from the pandemic",
        "A city recovery plan for floods",
    }
    assert partial_titles(response)[2] == "Contact tracing in Korea"
    topics, kinds = suggestion_lists(response)
    assert topics == [("COVID-19", "2"), ("Disaster risk reduction", "1")]
    assert sorted(kinds) == [
        ("Case study / best practice", "1"),
        ("Guideline / protocol", "1"),
        ("Report", "1"),
    ]


def test_an_impossible_query_offers_the_library_and_a_proposal(client, library):
    response = client.get(SEARCH, {"q": "zzzxqv"})
    html = response.content.decode()

    assert titles(response) == []
    assert "No resource matches all of “zzzxqv”." in html
    assert "partial-matches" not in html
    topics, kinds = suggestion_lists(response)
    assert topics == [("COVID-19", "2"), ("Disaster risk reduction", "2")]
    assert kinds == [
        ("Report", "2"),
        ("Case study / best practice", "1"),
        ("Guideline / protocol", "1"),
    ]
    assert 'href="?topic=covid-19"' in html
    # no Refine column and no export of an empty list; a proposal instead
    assert 'id="facets-title"' not in html
    assert "export" not in re.search(r'<ul class="library-links">.*?</ul>', html, re.S).group()
    assert 'Know a resource that belongs here? <a href="/resources/submit/">' in html


def test_an_unknown_word_near_a_glossary_term_suggests_the_term(client, library):
    response = client.get(SEARCH, {"q": "resilence"})

    terms = suggestion_lists(response)[0]
    assert terms == [("resilience", ""), ("회복력", "")]
    assert '<a href="?q=%ED%9A%8C%EB%B3%B5%EB%A0%A5" lang="ko">회복력</a>' in (
        response.content.decode()
    )


def test_the_korean_page_leads_somewhere_too(client, library):
    response = client.get("/ko" + SEARCH, {"q": "zzzxqv"})

    assert 'id="suggestions-title"' in response.content.decode()
    assert len(suggestion_lists(response)) == 2


def test_a_search_with_hits_keeps_refine_and_exports(client, library):
    html = client.get(SEARCH, {"q": "tracing"}).content.decode()

    assert 'id="facets-title"' in html
    assert "Download these results (CSV)" in html
    assert "suggestions-title" not in html


@pytest.mark.parametrize("count", [1, 30])
def test_dead_ends_run_constant_queries(client, django_assert_num_queries, count):
    topic = TopicFactory()
    for number in range(count):
        ResourceFactory(title=f"Recovery report {number}", topics=[topic])
    glossary.terms()  # read once a minute by each process, not by each search

    # the search, the correction (nothing like "zzzxqv"), the words ORed, their page of hits,
    # the search noted for the figures
    with django_assert_num_queries(5):
        response = client.get(SEARCH, {"q": "recovery zzzxqv", "expand": "off"})
    assert len(partial_titles(response)) == min(count, 5)

    # the search, the correction, the library's counts, the search noted
    with django_assert_num_queries(4):
        response = client.get(SEARCH, {"q": "zzzxqv"})
    assert suggestion_lists(response)[0] == [(topic.name, str(count))]


def test_a_signed_in_reader_can_ask_to_be_told_when_one_is_added(user_client, user, library):
    html = user_client.get(SEARCH, {"q": "zzzxqv"}).content.decode()
    assert "Tell me when one is added" in html
    assert f'<form method="post" action="{reverse("personal:save_search")}">' in html
    assert '<input type="hidden" name="query" value="q=zzzxqv">' in html

    response = user_client.post(
        reverse("personal:save_search"),
        {
            "kind": "resources",
            "query": "q=zzzxqv",
            "next": "/resources/?q=zzzxqv",
            "name": "zzzxqv",
            "frequency": "weekly",
        },
    )

    assert response.status_code == 302
    saved = user.saved_searches.get()
    assert (saved.name, saved.query, saved.frequency) == ("zzzxqv", "q=zzzxqv", "weekly")


def test_anonymous_readers_are_not_offered_an_alert(client, library):
    assert "Tell me when one is added" not in client.get(SEARCH, {"q": "zzzxqv"}).content.decode()
