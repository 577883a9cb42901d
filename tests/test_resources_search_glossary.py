"""The glossary widens a search in both languages; the page says so and lets the reader turn
it off."""

import re

import pytest
from django.conf import settings

from directory import glossary
from directory.models import GlossaryTerm
from resources.search.analysis import Words
from resources.search.expansion import expand
from tests.factories import GlossaryTermFactory, ResourceFactory
from tests.test_resources_search import SEARCH, titles

pytestmark = pytest.mark.django_db


def also_searched(response):
    html = response.content.decode()
    banner = re.search(r"Also searched: (.*?)\. <a", html) or re.search(
        r"함께 검색한 말: (.*?)\. <a", html
    )
    return re.findall(r'<span lang="(\w+)">(.*?)</span>', banner.group(1)) if banner else []


def test_the_seeded_glossary_has_more_than_a_hundred_terms():
    assert GlossaryTerm.objects.count() >= 100
    covid = GlossaryTerm.objects.get(english="COVID-19")
    assert covid.forms[:4] == ["COVID-19", "코로나19", "coronavirus", "2019-nCoV"]
    assert GlossaryTerm.objects.get(english="resilience").korean == "회복력"
    assert GlossaryTerm.objects.get(english="infection control").korean == "방역"
    assert GlossaryTerm.objects.get(english="disaster").korean == "재난"


def test_expansion_adds_a_group_of_the_terms_names():
    expanded = expand("코로나19를 maps")

    assert expanded.words == Words(
        (
            ("maps",),
            (
                "코로나19를",
                "COVID-19",
                "coronavirus",
                "2019-nCoV",
                "SARS-CoV-2",
                "코로나",
                '"신종 코로나바이러스"',
                "COVID",
            ),
        )
    )


def test_expansion_takes_the_longest_term_and_plurals():
    expanded = expand("Infection Control disasters")

    assert expanded.words.groups[0][:3] == ("Infection Control", "방역", '"infection prevention"')
    assert expanded.words.groups[1][:3] == ("disasters", "재난", "재해")


@pytest.mark.parametrize("q", ["covid or flood", '"infection control"', "-방역"])
def test_or_phrases_and_exclusions_are_taken_as_written(q):
    assert expand(q).words == Words.of(q)


@pytest.fixture
def bilingual(db):
    return {
        "english": ResourceFactory(
            title="Lessons from the coronavirus outbreak", summary="Case tracing in cities."
        ),
        "korean": ResourceFactory(
            title="Experience of Korean cities", title_ko="코로나19 방역 경험을 나누다"
        ),
        "other": ResourceFactory(title="Flood maps of Busan"),
    }


@pytest.mark.parametrize("language", ["", "/ko"])
def test_a_korean_word_finds_english_resources(client, bilingual, language):
    response = client.get(language + SEARCH, {"q": "코로나19"})

    assert sorted(titles(response)) == sorted(
        ["Lessons from the coronavirus outbreak", "Experience of Korean cities"]
        if not language
        else ["Lessons from the coronavirus outbreak", "코로나19 방역 경험을 나누다"]
    )
    shown = also_searched(response)
    assert ("en", "COVID-19") in shown
    assert ("en", "coronavirus") in shown


def test_an_english_word_finds_korean_resources(client, bilingual):
    response = client.get(SEARCH, {"q": "infection control"})

    assert titles(response) == ["Experience of Korean cities"]
    assert also_searched(response)[0] == ("ko", "방역")


def test_expansion_can_be_turned_off_and_on(client, bilingual):
    response = client.get(SEARCH, {"q": "코로나19"})
    html = response.content.decode()
    off_link = re.search(r'<a href="([^"]*)">Search only for the words as typed</a>', html)

    assert off_link.group(1) == "?q=%EC%BD%94%EB%A1%9C%EB%82%9819&amp;expand=off"
    off = client.get(SEARCH, {"q": "코로나19", "expand": "off"})
    assert titles(off) == ["Experience of Korean cities"]
    assert also_searched(off) == []
    on_link = re.search(
        r'<a href="([^"]*)">Also search for their other names and translations</a>',
        off.content.decode(),
    )
    assert on_link.group(1) == "?q=%EC%BD%94%EB%A1%9C%EB%82%9819"
    # the facet links keep the choice
    assert "expand=off" in re.search(r'href="(\?q=[^"]*kind=[^"]*)"', off.content.decode()).group(1)


def test_a_term_added_in_the_admin_widens_the_next_search(client, bilingual):
    assert titles(client.get(SEARCH, {"q": "maps"})) == ["Flood maps of Busan"]
    assert titles(client.get(SEARCH, {"q": "cartography"})) == []

    GlossaryTermFactory(english="cartography", korean="지도학", synonyms="maps\nmapping")

    assert titles(client.get(SEARCH, {"q": "cartography"})) == ["Flood maps of Busan"]


def test_the_glossary_is_read_once_per_process_not_per_search(django_assert_num_queries):
    glossary.terms()

    with django_assert_num_queries(0):
        glossary.terms()
        expand("코로나19")


def test_the_secretariat_adds_a_term_in_the_admin(staff_client, bilingual):
    response = staff_client.post(
        "/admin/directory/glossaryterm/add/",
        {"english": "  cartography ", "korean": "지도학", "synonyms": "maps\nmapping"},
    )

    assert response.status_code == 302
    term = GlossaryTerm.objects.get(english="cartography")
    assert term.forms == ["cartography", "지도학", "maps", "mapping"]
    assert titles(staff_client.get(SEARCH, {"q": "지도학"})) == ["Flood maps of Busan"]


def test_the_admin_list_shows_each_other_name_apart(staff_client):
    GlossaryTerm.objects.create(
        english="cartography", korean="지도학", synonyms="map making\n지도 제작\nCARTOGRAPHY"
    )

    html = staff_client.get("/admin/directory/glossaryterm/", {"q": "지도학"}).content.decode()

    # Apart, each in its own language (lang), the two terms not repeated.
    assert '<td class="field-korean_term"><span lang="ko">지도학</span></td>' in html
    assert (
        '<td class="field-other_names">map making · <span lang="ko">지도 제작</span></td>' in html
    )
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    html = staff_client.get("/admin/directory/glossaryterm/", {"q": "지도학"}).content.decode()
    assert '<span lang="en">cartography</span></a>' in html
    assert '<td class="field-korean_term">지도학</td>' in html
    assert (
        '<td class="field-other_names"><span lang="en">map making</span> · 지도 제작</td>' in html
    )


def test_a_term_with_double_quotes_is_refused_with_a_message(staff_client):
    count = GlossaryTerm.objects.count()

    response = staff_client.post(
        "/admin/directory/glossaryterm/add/",
        {"english": 'the "city"', "korean": "도시", "synonyms": ""},
    )

    assert response.status_code == 200
    assert "A term cannot contain double quotes." in response.content.decode()
    assert GlossaryTerm.objects.count() == count
