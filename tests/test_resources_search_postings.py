"""The search postings: each search entry's words with the rank of a search for that word.

A search for one word reads its hits, in the page's order, from these rows (migration 0007),
so each test compares them with what PostgreSQL computes from the entries themselves: the
words of each entry's vector and ``ts_rank`` of that word alone, after changes made the way
the portal (or anyone with SQL) makes them.
"""

from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict

from resources import services
from resources.filters import ResourceFilter
from resources.models import Resource
from resources.search.page import search_library
from resources.search.query import ordered_matches
from tests.factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.django_db

# What the postings must hold: computed from the entries, not read from the postings' trigger.
EXPECTED_SQL = """
SELECT w.word, e.id, ts_rank(e.search_vector, resources_word_query(w.word)),
       e.published_on, e.published_at
  FROM resources_searchentry AS e, unnest(tsvector_to_array(e.search_vector)) AS w(word)
"""
POSTINGS_SQL = """
SELECT word, resource_id, rank, published_on, published_at FROM resources_searchposting
"""


def rows(sql) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def postings() -> set[tuple]:
    return rows(POSTINGS_SQL)


def expected() -> set[tuple]:
    return rows(EXPECTED_SQL)


def words_of(resource) -> set[str]:
    return {word for word, resource_id, *_rest in postings() if resource_id == resource.pk}


def test_a_published_resource_has_a_posting_per_word_with_that_words_rank():
    resource = ResourceFactory(
        title="Flood measures", summary="Flood walls and drains.", published_on=date(2020, 1, 1)
    )
    ResourceFactory(title="Draft typhoon plan", status=Resource.Status.DRAFT)

    assert postings() == expected()
    assert words_of(resource) >= {"flood", "measur", "wall", "drain"}
    assert not {word for word, *_rest in postings()} & {"typhoon", "draft"}
    ranks = {word: rank for word, resource_id, rank, *_rest in postings()}
    # In the title and the summary ranks above the summary alone, as ts_rank has it.
    assert ranks["flood"] > ranks["drain"] > 0
    assert {(on, at) for _w, _r, _rank, on, at in postings()} == {
        (date(2020, 1, 1), resource.published_at)
    }


def test_edits_withdrawals_sql_bulk_and_truncation_keep_the_postings_in_step():
    publisher = OrganizationFactory(name="Dhankuta Municipality")
    resource = ResourceFactory(title="Heatwave shelters", publishers=[publisher])
    other = ResourceFactory(title="Cyclone shelters")

    resource.refresh_from_db()
    resource.title = "Cooling centres"
    resource.published_on = date(2021, 5, 1)
    resource.date_precision = Resource.DatePrecision.MONTH
    services.save_resource(resource=resource, publishers=[publisher], topics=[])
    assert postings() == expected()
    assert "cool" in words_of(resource)
    assert "heatwav" not in words_of(resource)
    assert "dhankuta" in words_of(resource)

    Resource.objects.filter(pk=other.pk).update(published_on=date(2019, 1, 1))
    assert postings() == expected()
    # Only the words that came, went or changed rank are rewritten; the rest stay right.
    publisher.name = "Ilam Cooling Municipality"  # "cool" now ranks higher too
    publisher.save()
    services.refresh_search_columns([resource.pk])
    assert postings() == expected()
    assert {"ilam", "cool"} <= words_of(resource)
    assert "dhankuta" not in words_of(resource)
    services.withdraw_resources(resources=Resource.objects.filter(pk=resource.pk))
    assert not words_of(resource)
    assert postings() == expected()

    Resource.objects.bulk_create(
        [
            Resource(
                title="Bulk drought guide",
                slug="bulk-one",
                status=Resource.Status.PUBLISHED,
                published_at=other.published_at,
            )
        ]
    )
    other.delete()
    assert postings() == expected()
    assert {word for word, *_rest in postings()} >= {"bulk", "drought", "guid"}

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # (TRUNCATE refuses pending checks)
        cursor.execute("TRUNCATE resources_searchentry")
    assert postings() == set()


@pytest.mark.parametrize(
    "word", ["flood", "it's", "a\\b", "''", "\\'", "서울", "back\\\\slash", "o'neill's"]
)
def test_a_word_query_finds_exactly_that_word_and_gives_it_back(word):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT resources_single_word(resources_word_query(%s)), "
            "tsvector_to_array(array_to_tsvector(ARRAY[%s]::text[])) "
            "= ARRAY[%s]::text[] AND array_to_tsvector(ARRAY[%s]::text[]) "
            "@@ resources_word_query(%s)",
            [word, word, word, word, word],
        )
        given_back, matches = cursor.fetchone()

    assert given_back == word
    assert matches is True


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("measures", "measur"),
        ('"flood"', "flood"),
        ("the flooding", "flood"),
        ("flood -drought", None),
        ('"business continuity"', None),
        ("earthquake or landslide", None),
        ("the", None),
    ],
)
def test_single_word_is_found_only_in_one_plain_word_query(query, word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT resources_single_word(websearch_to_tsquery('english', %s))", [query])
        assert cursor.fetchone()[0] == word


# --- One-word searches read the postings -----------------------------------------------------


def _page(params, page=1):
    query = QueryDict(mutable=True)
    query.update(params)
    filterset = ResourceFilter(query, queryset=Resource.objects.published())
    result = search_library(filterset, page=str(page))
    return result, [hit.pk for hit in result.hits]


def _in_entries_order(params):
    """Every hit as the entries rank them (the ORM's ts_rank ordering, used by the exports)."""
    query = QueryDict(mutable=True)
    query.update(params)
    return list(ordered_matches(ResourceFilter(query)).values_list("pk", flat=True))


@pytest.fixture
def ties():
    """Resources whose ranks for "flood" tie in groups, with dates that tie too."""
    nepal = OrganizationFactory(name="Dhankuta Municipality", country="Nepal")
    made = []
    for number in range(100):
        title = ["Flood guide", "Flood flood guide", "Drainage guide"][number % 3]
        summary = ["", "Flood walls.", "Flood walls and flood drains."][number % 5 % 3]
        made.append(
            ResourceFactory(
                title=f"{title} {number}",
                summary=summary,
                published_on=date(2018 + number % 4, 1, 1),
                publishers=[nepal] if number % 2 else [],
                kind=[Resource.Kind.REPORT, Resource.Kind.CASE_STUDY][number % 7 % 2],
            )
        )
    return made


@pytest.mark.parametrize(
    "params",
    [
        # the postings serve one plain word: the glossary off (it makes "flood" one of
        # several names), and on, through the entries
        {"q": "flood", "expand": "off"},
        {"q": "floods", "expand": "off"},
        {"q": "flood", "kind": "report", "expand": "off"},
        {"q": "flood", "country": "Nepal", "kind": "case_study", "expand": "off"},
        {"q": "flood"},
    ],
)
def test_one_word_pages_are_those_of_the_entries_ranking(ties, params):
    everything = _in_entries_order(params)
    assert len(everything) > 20  # more than one page, with ties in rank and in date

    shown, page = [], 1
    while len(shown) < len(everything):
        result, ids = _page(params, page)
        assert result.total == len(everything)
        shown += ids
        page += 1
    assert shown == everything


def test_one_word_facet_counts_and_past_the_last_page_match_the_entries(ties):
    result, ids = _page({"q": "flood", "kind": "report", "expand": "off"}, page=99)
    everything = _in_entries_order({"q": "flood", "kind": "report", "expand": "off"})

    assert ids == everything[(len(everything) - 1) // 20 * 20 :]
    assert result.page == result.num_pages
    kinds = {value.value: value.count for value in result.facets[1].values}
    assert kinds == {
        "report": len(everything),
        "case_study": len(_in_entries_order({"q": "flood", "kind": "case_study", "expand": "off"})),
    }


def test_one_word_search_reads_the_postings_and_a_phrase_the_entries(client, ties):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM resources_searchposting")  # (the entries keep their rows)

    # (without the glossary, which makes "flood" an alternative of 홍수, flooding, 침수)
    assert _page({"q": "flood", "expand": "off"})[0].total == 0
    assert _page({"q": '"flood guide"'})[0].total == len(_in_entries_order({"q": '"flood guide"'}))
    assert _page({"q": "flood", "sort": "newest"})[0].total > 20
