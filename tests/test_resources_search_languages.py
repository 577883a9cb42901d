"""The library search in the reader's language: topics, publishers and titles in Korean where
they have it, else in English marked ``lang="en"`` with its "(영어)", in the facets, the
chips, the hits and the dead end's suggestions; countries (stored in English) marked too."""

import re

import pytest

from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

ENGLISH = '<span lang="en">{}</span> <small class="lang-note">(영어)</small>'


@pytest.fixture
def library():
    resilience = TopicFactory(name="Urban resilience", name_ko="도시 회복력", slug="resilience")
    heat = TopicFactory(name="Heatwaves", slug="heat")
    seoul = OrganizationFactory(
        name="Seoul Metropolitan Government",
        acronym="SMG",
        name_ko="서울특별시",
        acronym_ko="서울시",
        country="Republic of Korea",
    )
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    ResourceFactory(
        title="Flood recovery",
        title_ko="홍수 복구",
        publishers=[seoul, who],
        topics=[resilience, heat],
        countries=["Republic of Korea"],
    )
    return {"resilience": resilience, "heat": heat, "seoul": seoul, "who": who}


def facet_labels(html):
    return re.findall(
        r'<span class="facet__label">(?:<span class="visually-hidden">[^<]*</span>)?(.*?)</span> <span class="facet__count">',
        html,
    )


def test_korean_facets_show_korean_names_and_mark_english_ones(client, library):
    html = client.get("/ko/resources/").content.decode()

    labels = facet_labels(html)
    assert "도시 회복력" in labels
    assert ENGLISH.format("Heatwaves") in labels
    assert "서울특별시 (서울시)" in labels
    assert ENGLISH.format("World Health Organization (WHO)") in labels
    assert ENGLISH.format("Republic of Korea") in labels
    assert "Urban resilience" not in html


def test_korean_hit_meta_and_title_in_korean_with_english_marked(client, library):
    html = client.get("/ko/resources/", {"q": "flood"}).content.decode()

    meta = re.search(r'<p class="hit__meta">(.*?)</p>', html).group(1)
    assert meta.startswith(f"서울시, {ENGLISH.format('WHO')} · ")
    title = re.search(r'<h3 class="hit__title"><a [^>]*>(.*?)</a></h3>', html).group(1)
    assert re.sub(r"</?mark>", "", title) == "홍수 복구"


def test_korean_hit_without_korean_title_marks_the_english(client, library):
    ResourceFactory(title="Drought atlas")

    html = client.get("/ko/resources/", {"q": "drought"}).content.decode()

    title = re.search(r'<h3 class="hit__title"><a [^>]*>(.*?)</a></h3>', html).group(1)
    assert re.sub(r"</?mark>", "", title) == ENGLISH.format("Drought atlas")


def test_korean_chips_are_in_korean_or_marked(client, library):
    response = client.get(
        "/ko/resources/",
        {"topic": ["resilience", "heat"], "publisher": [library["seoul"].pk, library["who"].pk]},
    )
    html = response.content.decode()

    chips = re.findall(r'<a class="chip" href="[^"]*">(.*?) <span aria-hidden', html, re.S)
    chips = [re.sub(r'<span class="visually-hidden">[^<]*</span>', "", chip) for chip in chips]
    assert sorted(chips) == sorted(
        [
            "주제: 도시 회복력",
            f"주제: {ENGLISH.format('Heatwaves')}",
            "발행 기관: 서울특별시 (서울시)",
            f"발행 기관: {ENGLISH.format('World Health Organization (WHO)')}",
        ]
    )


def test_english_page_shows_english_unmarked(client, library):
    html = client.get("/resources/", {"q": "flood"}).content.decode()

    labels = facet_labels(html)
    assert "Urban resilience" in labels and "Heatwaves" in labels
    assert "Seoul Metropolitan Government (SMG)" in labels
    assert re.search(r'<p class="hit__meta">SMG, WHO · ', html)
    assert not any("lang=" in label for label in labels)


def test_korean_search_help_leaves_no_hangul_glued_to_brackets_or_quotes(client, library):
    """At phone width a line may break at a bracket or quote written without a space next to
    Hangul ("붙이며/(-웨비나)", "“또는”/을"): the Korean help keeps them apart."""
    html = client.get("/ko/resources/").content.decode()

    help_text = re.search(r'<p class="field__help" id="library-q-help">(.*?)</p>', html).group(1)
    assert help_text.startswith("구문 찾기: 따옴표로 묶기")
    assert not re.search(r"[\uac00-\ud7a3][(“&]|[)”;][\uac00-\ud7a3]", help_text)


def test_table_view_marks_an_english_title_on_the_korean_page(client, library):
    ResourceFactory(title="Heat action plan", topics=[library["heat"]])

    korean = _table(client, "/ko/resources/?view=table")
    english = _table(client, "/resources/?view=table")

    assert ENGLISH.format("Heat action plan") in korean
    assert ">홍수 복구</a>" in korean
    assert ">Heat action plan</a>" in english
    assert 'lang="en"' not in english


def _table(client, path):
    html = client.get(path).content.decode()
    return html.split('<table class="resource-table">')[1].split("</table>")[0]
