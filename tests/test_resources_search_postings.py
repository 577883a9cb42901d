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
from resources.search import query
from resources.search.expansion import expand
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


def _every_page(params, total) -> list[int]:
    """The hits of every page of a search in turn, each page saying ``total`` hits."""
    shown, page = [], 1
    while len(shown) < total:
        result, ids = _page(params, page)
        assert result.total == total
        assert ids  # (a page past the last would repeat the last page)
        shown += ids
        page += 1
    return shown


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

    assert _every_page(params, len(everything)) == everything


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


# --- An OR of names (a search the glossary widened) reads the postings too -------------------


@pytest.fixture
def served(monkeypatch):
    """Every OR of names served from the postings, however few its hits (the library would
    otherwise rank a handful of hits on the entries)."""
    monkeypatch.setattr(query, "NAMES_SERVED_FROM", 1)


@pytest.fixture
def names_library():
    """Resources holding the glossary's names for resilience and for COVID-19, in English,
    Korean or both, with ranks that tie in groups, dates that tie too, and names of several
    words standing side by side or apart."""
    nepal = OrganizationFactory(name="Dhankuta Municipality", country="Nepal")
    made = []
    for number in range(60):
        title, title_ko = [
            (f"Resilience plan {number}", ""),
            (f"City plan {number}", "회복력 계획"),
            (f"Resilient resilience {number}", "도시 회복력과 복원력"),
            (f"Coronavirus notes {number}", "코로나 대응"),
            (f"2019-nCoV first notes {number}", ""),
            (f"The nCoV of 2019 and others {number}", ""),  # both words, apart
        ][number % 6]
        made.append(
            ResourceFactory(
                title=title,
                title_ko=title_ko,
                summary=["", "Resilience of water systems.", "COVID-19 and resilience."][
                    number % 7 % 3
                ],
                published_on=date(2018 + number % 4, 1, 1),
                publishers=[nepal] if number % 2 else [],
                kind=[Resource.Kind.REPORT, Resource.Kind.CASE_STUDY][number % 5 % 2],
            )
        )
    return made


def _in_postings_order(params):
    """Every hit as the entries find them, ordered as an OR of names is defined to rank: the
    sum of the postings' ranks of the query's words each hit holds, over the number of words
    (then newest first); with ts_rank's value for each, which that sum must equal but for
    the last digits of a float."""
    hits = _in_entries_order(params)
    words = expand(params["q"], enabled=params.get("expand") != "off").words
    tsquery_sql, tsquery_params = words.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, ts_rank(e.search_vector, q.query), e.published_on, e.published_at, "  # noqa: S608 - the query's SQL; its words are parameters
            "(SELECT array_agg(p.rank::float8) FROM resources_searchposting AS p "
            " WHERE p.resource_id = e.id AND p.word = ANY(q.words)), cardinality(q.words) "
            f"FROM resources_searchentry AS e, (SELECT {tsquery_sql} AS query) AS t, "
            "LATERAL (SELECT t.query, array_agg(DISTINCT w) AS words "
            "FROM resources_query_disjuncts(t.query), unnest(words) AS w) AS q "
            "WHERE e.id = ANY(%s)",
            [*tsquery_params, hits],
        )
        rows = cursor.fetchall()
    far = date(1, 1, 1)
    ranked = sorted(
        (
            (sum(ranks) / count, on or far, at, pk, ts_rank)
            for pk, ts_rank, on, at, ranks, count in rows
        ),
        reverse=True,
    )
    return [pk for _rank, _on, _at, pk, _ts in ranked], [(rank, ts) for rank, *_r, ts in ranked]


@pytest.mark.parametrize(
    ("params", "at_least"),
    [
        ({"q": "회복력"}, 21),
        ({"q": "resilience"}, 21),
        ({"q": "coronavirus"}, 21),
        ({"q": "resilience", "kind": "report"}, 21),
        ({"q": "coronavirus", "country": "Nepal", "kind": "case_study"}, 5),
        ({"q": "resilience or coronavirus", "expand": "off"}, 21),
    ],
)
def test_or_of_names_pages_rank_by_the_postings_as_ts_rank_does(
    served, names_library, params, at_least
):
    everything, ranks = _in_postings_order(params)
    assert len(everything) >= at_least
    assert all(abs(rank - ts_rank) < 1e-6 for rank, ts_rank in ranks)
    assert len({rank for rank, _ts in ranks}) > 2  # (ranks that differ, and ties)

    _page(params)  # (the first search makes this process's facet bitmaps)
    assert _every_page(params, len(everything)) == everything


def test_facets_served_from_the_postings_follow_a_change_of_the_library(served, names_library):
    """The resources passing the facets are handed to the query as text made once per
    selection; a change to the library makes it anew."""
    params = {"q": "resilience", "kind": "report"}
    before = _every_page(params, len(_in_entries_order(params)))
    _every_page(params, len(before))  # (the same selection again, from this process's text)
    moved = next(
        resource
        for resource in names_library
        if resource.kind == Resource.Kind.CASE_STUDY and resource.title.startswith("Resilience")
    )
    moved.kind = Resource.Kind.REPORT
    moved.save()

    after = _in_entries_order(params)
    assert moved.pk in after
    assert moved.pk not in before
    assert _every_page(params, len(after)) == after


def test_a_name_of_several_words_must_stand_side_by_side(served, names_library):
    side_by_side = ResourceFactory(title="Early 2019-nCoV reports", summary="")
    apart = ResourceFactory(title="An nCoV survey from 2019", summary="")

    result, shown = _page({"q": "coronavirus"})
    page = 2
    while len(shown) < result.total:
        shown += _page({"q": "coronavirus"}, page)[1]
        page += 1

    assert side_by_side.pk in shown
    assert apart.pk not in shown
    assert result.total == len(_in_entries_order({"q": "coronavirus"}))


def test_or_of_names_reads_the_postings(served, names_library):
    korean = [resource for resource in names_library if resource.title_ko == "회복력 계획"]
    with connection.cursor() as cursor:
        # (the entries keep their words: only a search that reads the postings misses them)
        cursor.execute(
            "DELETE FROM resources_searchposting WHERE resource_id = ANY(%s)",
            [[resource.pk for resource in korean]],
        )

    result, _ids = _page({"q": "회복력"})

    assert result.total == len(_in_entries_order({"q": "회복력"})) - len(korean)


@pytest.mark.parametrize(
    ("query", "parts"),
    [
        ("flood | 회복 & 복력", [(["flood"], False), (["회복", "복력"], False)]),
        ("'covid' <-> '-19' | coronavirus", [(["covid", "-19"], True), (["coronavirus"], False)]),
        ("'o''neill' | a\\\\b", [(["o'neill"], False), (["a\\b"], False)]),
        ("flood | !drought", []),
        ("flood & (drought | storm)", []),
        ("flood <-> drought", [(["flood", "drought"], True)]),
        ("flood | 홍:*", []),
        ("flood | storm:A", []),
    ],
)
def test_the_parts_of_an_or_are_its_words_and_whether_they_form_a_phrase(query, parts):
    with connection.cursor() as cursor:
        cursor.execute("SELECT words, phrase FROM resources_query_disjuncts(%s::tsquery)", [query])
        assert [(list(words), phrase) for words, phrase in cursor.fetchall()] == parts
