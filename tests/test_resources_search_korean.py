"""Korean analysis: Hangul as syllable pairs in the database and in the query, particles cut
from the reader's words; the index checked and repaired by commands."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from resources.models import Resource, SearchEntry
from resources.search.analysis import hangul_bigrams, hangul_terms, stem, websearch_text
from resources.search.query import text_query
from tests.factories import ResourceFactory
from tests.test_resources_search import SEARCH, titles

pytestmark = pytest.mark.django_db

SAMPLES = [
    "서울에서 배우는 회복력",
    "코로나19 대응, COVID-19 물",
    "Seoul's 방역 (infection control) 회복력을!",
    "",
    "no Korean at all",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_python_pairs_are_the_databases(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT resources_hangul_bigrams(%s)", [text])
        (database,) = cursor.fetchone()

    assert database.split() == hangul_bigrams(text).split()


def test_hangul_runs_become_overlapping_pairs():
    assert hangul_bigrams("서울에서 물").split() == ["서울", "울에", "에서", "물"]
    assert hangul_bigrams("코로나19").split() == ["코로", "로나", "19"]


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("서울에서", "서울"),
        ("서울시", "서울"),
        ("서울시의", "서울"),
        ("회복력을", "회복력"),
        ("도시", "도시"),  # two syllables stay whole
        ("회의", "회의"),
        ("방역", "방역"),
    ],
)
def test_trailing_particles_are_cut_when_two_syllables_remain(word, stemmed):
    assert stem(word) == stemmed


def test_websearch_text_makes_pairs_of_words_and_phrases_of_the_rest():
    # A word of Hangul alone: all its pairs; mixed with digits, excluded or quoted: a phrase.
    assert websearch_text("회복력을 plan") == "회복 복력 plan"
    assert websearch_text("-서울에서 covid") == "-서울 covid"
    assert websearch_text("-회복력을 covid") == '-"회복 복력" covid'
    assert websearch_text('"서울에서 배우는"') == '"서울 울에 에서 배우 우는"'
    assert websearch_text("코로나19") == '"코로 로나 19"'
    assert websearch_text("flood or storm") == "flood or storm"
    assert hangul_terms("서울에서 회복력을 -재난") == ["회복력", "서울"]


def test_the_stored_vector_holds_the_pairs():
    resource = ResourceFactory(title="Learning from Seoul", title_ko="서울에서 배우는 회복력")

    vector = Resource.objects.values_list("search_vector", flat=True).get(pk=resource.pk)

    for pair in ("'서울'", "'울에'", "'에서'", "'회복'", "'복력'", "'seoul'"):
        assert pair in vector


def test_text_written_by_raw_sql_is_analysed_too():
    resource = ResourceFactory(title="Learning from Seoul")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE resources_resource SET summary_ko = '재난 회복력을 키우는 방법' WHERE id = %s",
            [resource.pk],
        )

    entry = SearchEntry.objects.get(pk=resource.pk)
    assert "'복력'" in entry.search_vector
    assert list(
        SearchEntry.objects.filter(search_vector=text_query("회복력")).values_list("pk", flat=True)
    ) == [resource.pk]


@pytest.fixture
def korean_library(db):
    return {
        "seoul": ResourceFactory(
            title="What Seoul teaches about resilience", title_ko="서울에서 배우는 회복력"
        ),
        "city": ResourceFactory(title="Seoul Metropolitan Government plan", title_ko="서울시 계획"),
        "busan": ResourceFactory(title="Busan's flood maps", title_ko="부산의 홍수 지도"),
    }


@pytest.mark.parametrize("language", ["", "/ko"])
@pytest.mark.parametrize("q", ["서울", "서울시", "서울에서", "서울의"])
def test_seoul_finds_seoul_with_any_particle(client, korean_library, language, q):
    response = client.get(language + SEARCH, {"q": q})

    shown = sorted(titles(response))
    if language:
        assert shown == ["서울시 계획", "서울에서 배우는 회복력"]
    else:
        assert shown == [
            "Seoul Metropolitan Government plan",
            "What Seoul teaches about resilience",
        ]


@pytest.mark.parametrize("q", ["회복력", "회복력을", "회복력이"])
def test_a_word_and_its_particles_find_each_other(client, korean_library, q):
    response = client.get("/ko" + SEARCH, {"q": q})

    assert titles(response) == ["서울에서 배우는 회복력"]


def test_a_korean_word_is_marked_inside_a_longer_word(client, korean_library):
    response = client.get("/ko" + SEARCH, {"q": "서울"})

    assert "<mark>서울</mark>에서 배우는 회복력" in response.content.decode()


def test_a_korean_word_with_digits_is_marked_whole(client, korean_library):
    ResourceFactory(title="코로나19로부터의 회복", summary="")

    html = client.get("/ko" + SEARCH, {"q": "코로나19", "expand": "off"}).content.decode()

    assert "<mark>코로나19</mark>로부터의 회복" in html
    assert hangul_terms('"코로나19 대응"') == ["코로나19", "코로나", "대응"]


def test_one_syllable_matches_the_words_it_begins(client, korean_library):
    response = client.get("/ko" + SEARCH, {"q": "홍"})

    assert titles(response) == ["부산의 홍수 지도"]


def test_two_syllables_that_never_meet_find_nothing(client, korean_library):
    # 울에 lies inside 서울에서 but 서울 and 부산 never stand side by side.
    response = client.get("/ko" + SEARCH, {"q": '"서울 부산"'})

    assert titles(response) == []


@pytest.fixture
def stale_index(db):
    """A resource indexed as an older analysis did (no pairs: what a changed analyser leaves
    behind), an entry lost (a bulk load with its trigger off) and postings lost."""
    current = ResourceFactory(title="Current", title_ko="부산의 홍수")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('resources_hangul_bigrams(text)'::regprocedure)")
        (definition,) = cursor.fetchone()
        cursor.execute(
            "CREATE OR REPLACE FUNCTION resources_hangul_bigrams(t text) RETURNS text "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(t, '') $$"
        )
        stale = ResourceFactory(title="Stale", title_ko="서울에서 배우는")
        cursor.execute(definition)  # today's analysis again
        cursor.execute("DELETE FROM resources_searchentry WHERE id = %s", [current.pk])
        missing = ResourceFactory(title="No postings")
        cursor.execute("DELETE FROM resources_searchposting WHERE resource_id = %s", [missing.pk])
    return {"stale": stale, "current": current, "missing": missing}


def test_check_passes_on_a_current_index(korean_library):
    out = io.StringIO()

    call_command("check_search_index", stdout=out)

    assert "The search index is current" in out.getvalue()


def test_check_finds_stale_analysis_missing_entries_and_postings(stale_index):
    out = io.StringIO()

    with pytest.raises(CommandError, match="stale: run reindex_search"):
        call_command("check_search_index", stdout=out)

    report = out.getvalue()
    assert f"1 resources analysed with an older analysis: {stale_index['stale'].pk}\n" in report
    assert (
        f"1 published resources whose search entry is missing or stale: "
        f"{stale_index['current'].pk}\n" in report
    )
    assert "The postings hold" in report
    assert SearchEntry.objects.filter(search_vector=text_query("서울")).count() == 0


def test_reindex_repairs_what_the_check_found(client, stale_index):
    out, err = io.StringIO(), io.StringIO()

    call_command("reindex_search", stdout=out, stderr=err)

    assert "Re-indexed 2 resources; the index is current." in out.getvalue()
    assert "Re-indexing: 100%" in err.getvalue()
    assert "2/2" in err.getvalue()
    call_command("check_search_index", stdout=io.StringIO())
    assert titles(client.get("/ko" + SEARCH, {"q": "서울"})) == ["서울에서 배우는"]
    assert titles(client.get("/ko" + SEARCH, {"q": "홍수"})) == ["부산의 홍수"]
    assert titles(client.get(SEARCH, {"q": "postings"})) == ["No postings"]


def test_reindex_all_takes_every_resource(korean_library):
    err = io.StringIO()

    call_command("reindex_search", "--all", "--batch-size", "2", stdout=io.StringIO(), stderr=err)

    assert "3/3" in err.getvalue()
    call_command("check_search_index", stdout=io.StringIO())
