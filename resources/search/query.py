"""Finding the hits: the words as a text query, and the first query of a search.

That query finds the hits once: their ids (for the facet counts, ``facets``) and the ids of the
page shown, in order. Words are matched and ranked in ``SearchEntry``, a narrow copy of the
published rows, except that a search for one plain word sorted by relevance reads all its hits,
already in the page's order, from that word's postings (migration 0007), a search kept as a
search group (``groups``: the glossary's wide searches and the searches asked most) reads its
group's hits the same way, and a search the glossary widened into an OR of names, with many
hits, sums its words' postings per resource (``NAMES_SQL``: the rank ts_rank gives an OR,
without reading every hit's vector). The same
query reads the library's version and, when this process's facet bitmaps are out of date, the
postings to rebuild them from. When the words match nothing, ``corrected_query`` replaces
each by the most similar word of the library (pg_trgm), so "pandamic" still finds the pandemic.
"""

import re
from array import array
from dataclasses import dataclass
from itertools import filterfalse, islice

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, FloatField, Func, Q, Value
from pyroaring import BitMap64

from resources.filters import ResourceFilter, SortChoices
from resources.models import Resource, SearchEntry
from resources.search import facets
from resources.search.analysis import OR_WORDS, TOKEN, Words
from resources.search.expansion import expand
from resources.search.facets import FACET_COLUMNS

PER_PAGE = 20
WORD = re.compile(r"\w+", re.UNICODE)


class WordsQuery(SearchQuery):
    """The text query of ``Words`` (``analysis``) as an ORM expression."""

    def __init__(self, words: Words):
        self.words = words
        super().__init__("")

    def as_sql(self, compiler, connection, **extra_context):
        return self.words.sql()


class CoverageRank(Func):
    """The rank of partial matches: how many of the reader's words a resource matches (each
    through any of its names), then ``ts_rank`` (below 1) among equals."""

    output_field = FloatField()

    def __init__(self, words: Words):
        self.words = words
        super().__init__(F("search_vector"))

    def as_sql(self, compiler, connection, **extra_context):
        vector, vector_params = compiler.compile(self.source_expressions[0])
        parts, params = [], []
        for unit in self.words.units:
            unit_sql, unit_params = Words((unit,)).sql()
            parts.append(f"({vector} @@ {unit_sql})::int")
            params += [*vector_params, *unit_params]
        query_sql, query_params = self.words.sql()
        parts.append(f"ts_rank({vector}, {query_sql})")
        params += [*vector_params, *query_params]
        return "(" + " + ".join(parts) + ")", params


def rank_of(query: "WordsQuery"):
    """How the hits of these words rank: by the words they match (partial matches), or by
    ``ts_rank`` of the words less the excluded ones (``Words.split_exclusions``)."""
    if query.words.units:
        return CoverageRank(query.words)
    return SearchRank(F("search_vector"), WordsQuery(query.words.split_exclusions()[0]))


def as_words(q: "str | Words") -> Words:
    return q if isinstance(q, Words) else Words.of(q)


def text_query(q: "str | Words") -> SearchQuery:
    return WordsQuery(as_words(q))


# The page's order in SQL (as ``_ordering``), over the hits' rows under the alias {t}.
PAGE_ORDER = {
    SortChoices.RELEVANCE: "{t}.rank DESC, {t}.published_on DESC NULLS LAST, "
    "{t}.published_at DESC NULLS LAST, {t}.id DESC",
    SortChoices.NEWEST: "{t}.published_on DESC NULLS LAST, {t}.published_at DESC NULLS LAST, "
    "{t}.id DESC",
    SortChoices.TITLE: "{t}.title, {t}.id",
}
PAGE_COLUMNS = ("id", "published_on", "published_at")  # and "title" to sort by title


@dataclass
class Found:
    """What the first query of a search returns, with the facet counts made from it."""

    total: int
    values: dict
    page_ids: list
    qnodes: int | None = None


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _offset_sql(offset: int, count_sql: str, *, guessed: bool) -> str:
    """OFFSET of the page asked for, or of the last page when there are fewer hits: the same
    page number ``page._page_number`` settles on once the total is known. Parameters: the offset
    asked for, clamped by counting in SQL; with ``guessed``, then the offset clamped by this
    process's facet bitmaps, used instead (no count) when they are current."""
    if not offset:
        return "OFFSET 0"
    clamp = f"LEAST(%s, GREATEST(0, ({count_sql}) - 1) / {PER_PAGE} * {PER_PAGE})"
    if not guessed:
        return f"OFFSET {clamp}"
    return f"OFFSET CASE WHEN {facets.STALE} THEN {clamp} ELSE %s END"


def _clamped(offset: int, total: int) -> int:
    return min(offset, max(0, (total - 1) // PER_PAGE * PER_PAGE))


def find(q: "str | Words", conditions: dict, selected: dict, *, sort: str, offset: int) -> Found:
    """Run the first query of a search: the total, the facet counts and the page's ids.

    ``offset`` is the requested page's first row; past the last hit, the last page is taken.
    Facets are counted over the hits of every other active facet (``FacetIndex.counts``).
    """
    q = as_words(q)
    if sort not in (SortChoices.NEWEST, SortChoices.TITLE):
        sort = SortChoices.RELEVANCE if q else SortChoices.NEWEST
    known = facets.known_version()
    if q:
        served = conditions and sort == SortChoices.RELEVANCE and name_slots(q)
        passing = _passing(conditions, selected) if served else None
        sql, params = _words_sql(q, conditions, sort=sort, offset=offset, passing=passing)
    else:
        sql, params = _browse_sql(conditions, selected, sort=sort, offset=offset)
    sql = f"WITH {sql.replace('{state}', facets.STATE_CTES)}"
    sql += " UNION ALL " + facets.POSTINGS_SQL.format(stale=facets.STALE)
    with connection.cursor() as cursor:
        cursor.execute(sql, [known if param is KNOWN else param for param in params])
        rows = cursor.fetchall()
    state = {
        facet: number if facet in ("version", "qnodes") else packed
        for facet, _value, _label, number, packed in rows
        if facet in STATE_ROWS
    }
    index = facets.index_after(state["version"], [row for row in rows if row[0] not in STATE_ROWS])
    selections = _selections(index, conditions, selected)
    if state.get("ranked") is not None:
        ordered = facets.unpack_ids(state["ranked"])
        if state.get("excluded"):  # the hits holding an excluded word left out, in order
            excluded = BitMap64(facets.unpack_ids(state["excluded"]))
            ordered = array("Q", filterfalse(excluded.__contains__, ordered))
        return _found_in_order(index, ordered, selections, offset, qnodes=state.get("qnodes"))
    hits = index.bits(state["hits"]) if q else index.everything
    total, values = index.counts(hits, selections, FACET_COLUMNS)
    return Found(
        total=total,
        values=values,
        page_ids=list(facets.unpack_ids(state["page"])),
        qnodes=state.get("qnodes"),
    )


def _found_in_order(index, ordered, selections, offset, *, qnodes) -> Found:
    """The search of one word from its postings: every hit, already in the page's order."""
    hits = index.bits_of(ordered)
    total, values = index.counts(hits, selections, FACET_COLUMNS)
    offset = _clamped(offset, total)
    shown = index.passing(hits, selections)
    if len(shown) == len(ordered):  # every hit is shown: the page is a slice
        page_ids = list(ordered[offset : offset + PER_PAGE])
    else:
        page_ids = list(islice(filter(shown.__contains__, ordered), offset, offset + PER_PAGE))
    return Found(total=total, values=values, page_ids=page_ids, qnodes=qnodes)


# Rows of the first query that are not facet postings, and the parameter that stands for the
# version of this process's facet bitmaps.
STATE_ROWS = ("version", "qnodes", "hits", "page", "ranked", "excluded")
KNOWN = object()
STATE_PARAMS = [KNOWN, KNOWN]


def _selections(index, conditions, selected) -> dict[str, int]:
    return {
        name: index.selection(name, values)
        for name, values in selected.items()
        if name in conditions
    }


def _passing(conditions, selected) -> str | None:
    """The resources passing every facet condition, from this process's facet bitmaps, when
    there are few enough to hand to the query (``NAMES_SQL`` checks that the bitmaps are
    current); else None. They are handed over as the text of a PostgreSQL array, made once per
    selection and version of the bitmaps: psycopg's dumping of a list of 20,000 ids cost about
    6 times as much as joining their digits, and the same facets are chosen again and again."""
    index = facets.current_index()
    if index is None or not conditions.keys() <= selected.keys():
        return None
    key = tuple(sorted((name, tuple(selected[name])) for name in conditions))
    handed = index.handed
    if (text := handed.get(key, MISSING)) is not MISSING:
        return text
    passing = index.passing(index.everything, _selections(index, conditions, selected))
    text = "{" + ",".join(map(str, passing)) + "}" if len(passing) <= PASSING_HANDED_OVER else None
    if len(handed) >= HANDED_KEPT:
        handed.clear()
    handed[key] = text
    return text


# An OR of names is served from the postings when the first words of its names have at least
# this many postings (see NAMES_SQL).
NAMES_SERVED_FROM = 4000
# At most this many resources passing the facets are handed to a search served from the
# postings (a parameter of the query); beyond that, the search entries rank the hits.
PASSING_HANDED_OVER = 20_000
# The texts of so many selections' passing resources are kept per process (``_passing``): at
# most about 150 kB each, 2.4 MB in all.
HANDED_KEPT = 16
MISSING = object()


def _words_sql(q, conditions, *, sort, offset, passing=None) -> tuple[str, list]:
    """The hits of the words (once, materialised): their ids, the total and the page."""
    order = PAGE_ORDER[sort]
    columns = (*PAGE_COLUMNS, "title") if sort == SortChoices.TITLE else PAGE_COLUMNS
    query = text_query(q)
    tsquery_sql, tsquery_params = q.sql()
    # The narrow entries hold only published resources, with the facet columns of Resource.
    rows = SearchEntry.objects.filter(search_vector=query).annotate(
        hit=ExpressionWrapper(Q(*conditions.values()), BooleanField())
        if conditions
        else Value(True)
    )
    ranked = sort == SortChoices.RELEVANCE
    if ranked:  # ranking reads every hit's vector: only when the page is sorted by it
        rows = rows.annotate(rank=rank_of(query))
    if len(conditions) > 1:
        # Rows failing two conditions count in no facet: leave them out early.
        at_most_one_fails = Q()
        for skipped in conditions:
            at_most_one_fails |= Q(*(c for name, c in conditions.items() if name != skipped))
        rows = rows.filter(at_most_one_fails)
    inner_sql, params = _sql(rows.values(*columns, "hit", *(["rank"] if ranked else [])).order_by())
    offset_sql = _offset_sql(offset, "SELECT count(*) FROM m WHERE m.hit", guessed=False)
    words = ""
    if ranked:
        # One plain word: its postings give every hit in the page's order ('ranked'), and
        # the entries are not read (m stays empty). Any other query (but partial matches,
        # which rank otherwise): its search group's postings in the same way, when it has one
        # (migrations 0013 and 0014: the glossary's ORs of names and the searches asked
        # most); else, for an OR of names, the postings of its words, when NAMES_SQL can serve
        # it.
        # With words excluded ("recovery -tourism"), the rest is served so, less the hits
        # holding an excluded word (each must be one word of the index, or none is served).
        positive, excluded = q.split_exclusions()
        positive_sql, positive_params = positive.sql()
        group = "NULL::bigint" if positive.units else GROUP_SQL
        excluded_sql, excluded_params = _excluded_sql(excluded)
        words = (
            f"word AS MATERIALIZED (SELECT CASE WHEN s.whole THEN resources_single_word(s.query) "  # noqa: S608 - fixed fragments; values are parameters
            f"END AS word, CASE WHEN s.whole THEN {group} END AS grp, s.excluded FROM "
            f"(SELECT {positive_sql} AS query, x.excluded, array_position(x.excluded, NULL) "
            f"IS NULL AS whole FROM (SELECT {excluded_sql} AS excluded) AS x) AS s), "
        )
        word_params = [*positive_params, *excluded_params]
        slots = name_slots(q)
        entries_sql = f"SELECT * FROM ({inner_sql}) AS g WHERE (SELECT {UNRANKED} FROM word)"  # noqa: S608 - SQL compiled by Django
        if slots:
            ctes, ctes_params, served, served_params = _names_sql(
                q, slots, conditions=conditions, passing=passing
            )
            words += ctes
            inner_sql = f"{served} UNION ALL {entries_sql} AND NOT (SELECT served.yes FROM served)"  # noqa: S608 - fixed fragments
            params = [*word_params, *ctes_params, *served_params, *params]
        else:
            inner_sql = entries_sql
            params = [*word_params, *params]
    sql = (
        f"{words}m AS MATERIALIZED ({inner_sql}), {{state}} {facets.VERSION_ROW} UNION ALL "  # noqa: S608 - fixed fragments; values are parameters
        f"SELECT 'qnodes', NULL, NULL, numnode({tsquery_sql}), NULL "
        "UNION ALL SELECT 'hits', NULL, NULL, NULL, string_agg(int8send(m.id), ''::bytea) FROM m "
        "UNION ALL SELECT 'page', NULL, NULL, NULL, "
        f"(SELECT string_agg(int8send(p.id), ''::bytea ORDER BY {order.format(t='p')}) "
        f"FROM (SELECT * FROM m WHERE m.hit ORDER BY {order.format(t='m')} "
        f"LIMIT {PER_PAGE} {offset_sql}) AS p)"
    )
    if ranked:
        sql += f" UNION ALL {RANKED_ROW}"
        if excluded:
            sql += f" UNION ALL {EXCLUDED_ROW}"
    params += [*STATE_PARAMS, *tsquery_params]
    return sql, params + ([offset] if offset else [])


def name_slots(q: Words) -> int:
    """How many parts an OR of names may have to be served from the postings (0: never):
    one group of alternatives, each one part unless the reader wrote "or" in it."""
    if len(q.groups) != 1 or q.units:
        return 0
    return sum(
        1 + sum(token.casefold() in OR_WORDS for token in TOKEN.findall(text))
        for text in q.groups[0]
    )


def _names_sql(q: Words, slots: int, *, conditions, passing) -> tuple[str, list, str, list]:
    """The CTEs and the hits (as the entries' rows: id, dates, hit, rank) of an OR of names
    served from the postings, and their parameters; see NAMES_SQL."""
    tsquery_sql, tsquery_params = q.sql()
    # A part's mask (NULL unless that part exists and is of that kind), once per query.
    sure, maybe = (
        " OR ".join(
            MASK_HELD.format(mask=PART_MASK.format(n=n, kind=kind)) for n in range(1, slots + 1)
        )
        for kind in ("NOT s.phrase", "s.phrase")
    )
    if not conditions:
        facets_ok, hit, facet_params, hit_params = "true", "true", [], []
    elif passing is None:
        facets_ok, hit, facet_params, hit_params = "false", "false", [], []
    else:
        facets_ok = "(SELECT v.number FROM resources_libraryversion AS v WHERE v.id = 1) = %s"
        hit, facet_params, hit_params = "g.id = ANY(%s::bigint[])", [KNOWN], [passing]
    ctes = NAMES_CTES.format(
        query=tsquery_sql,
        slots=slots,
        facets_ok=facets_ok,
        many=int(NAMES_SERVED_FROM),
        unranked=UNRANKED,
    )
    served = NAMES_SQL.format(sure=sure, maybe=maybe, query=tsquery_sql, hit=hit)
    return ctes, [*tsquery_params, *facet_params], served, [*hit_params, *tsquery_params]


# Every hit of a one-word search in the page's order (migration 0007): the word's postings
# are read from an index kept in that order, so the scan neither sorts nor ranks.
WORD_HITS_SQL = (
    "SELECT string_agg(int8send(p.resource_id), ''::bytea ORDER BY p.rank DESC, "
    "p.published_on DESC NULLS LAST, p.published_at DESC NULLS LAST, p.resource_id DESC) "
    "FROM resources_searchposting AS p WHERE p.word = {word}"
)
# Every hit of a search group in the page's order, the same way (migration 0013).
GROUP_HITS_SQL = (
    "SELECT string_agg(int8send(p.resource_id), ''::bytea ORDER BY p.rank DESC, "
    "p.published_on DESC NULLS LAST, p.published_at DESC NULLS LAST, p.resource_id DESC) "
    "FROM resources_searchgroupposting AS p WHERE p.group_id = {group}"
)
RANKED_HITS = (
    WORD_HITS_SQL.format(word="(SELECT word.word FROM word)"),
    GROUP_HITS_SQL.format(group="(SELECT word.grp FROM word)"),
)


RANKED_ROW = "SELECT 'ranked', NULL, NULL, NULL, COALESCE(({}), ({}))".format(*RANKED_HITS)
# The resources holding an excluded word, when a word or a group serves the rest (their hits
# are left out of the ranked ones in Python: an anti-join in SQL costs the index's order).
EXCLUDED_ROW = (
    "SELECT 'excluded', NULL, NULL, NULL, (SELECT string_agg(int8send(x.resource_id), ''::bytea) "
    "FROM resources_searchposting AS x WHERE x.word = ANY((SELECT word.excluded FROM word)::text[]) "
    "AND (SELECT word.word IS NOT NULL OR word.grp IS NOT NULL FROM word))"
)


def _excluded_sql(excluded: tuple[str, ...]) -> tuple[str, list]:
    """The index's word of each excluded word as a text array (NULL for one that is not one
    word of the index: a Korean word of several pairs, say)."""
    parts, params = [], []
    for text in excluded:
        word_sql, word_params = Words.of(text).sql()
        parts.append(f"resources_single_word({word_sql})")
        params += word_params
    return f"ARRAY[{', '.join(parts)}]::text[]", params


# The search group of the query (s.query), if it has one.
GROUP_SQL = "(SELECT g.id FROM resources_searchgroup AS g WHERE g.query_text = s.query::text)"
# Neither one word nor a group: the hits are ranked on the search entries or from NAMES_SQL.
UNRANKED = "word.word IS NULL AND word.grp IS NULL"


# An OR of names (a search the glossary widened: "회복력 | resilience | resilient ..."), from
# the postings of their words instead of every hit's vector (migration 0012).
#
# ts_rank of a query whose top is an OR adds up, for each distinct word of the query that the
# entry holds, what that word alone would rank (what its posting holds), and divides by the
# number of distinct words. So the postings of the query's words, summed per resource, give
# the rank the entries give. Not to the last digit: ts_rank adds in single precision, in an
# order of its own, terms it had before rounding them into the postings, so two of its ranks
# can differ in the last digit where the sums here are equal, or the reverse. The rank here is
# defined as that sum, added exactly (in double precision: the same whatever the order) and
# divided by the number of words; resources whose ranks tie are ordered newest first, as on
# every page. Exports and the searches the entries serve rank by ts_rank, so two resources
# whose ranks differ only in that last digit may be ordered differently there. The
# words a resource holds tell which names it matches: each part of the OR is a mask of its
# words, and a part without a phrase matches when the resource holds all its words. A part
# with a phrase also needs its words side by side, which the postings cannot tell: a resource
# matching only such parts is checked on its entry. Korean words are their pairs, all of
# which must be held (analysis), so only quoted phrases and names of several words need that.
#
# Served when the query is an OR of at least two such parts (at most {slots}, the bits of a
# mask for its words), with many hits (the first words of its parts have at least {many}
# postings: with fewer, ranking them on the entries costs little, while a common word in a
# name, "Government" in "Seoul Metropolitan Government", would have its every posting read
# here), and the facets, if any, pass resources this process knows (handed over as a list,
# under the library version they were read at); otherwise the entries rank it.
NAMES_CTES = (
    "names AS MATERIALIZED (SELECT d.words, d.phrase, d.n "
    "FROM resources_query_disjuncts({query}) WITH ORDINALITY AS d(words, phrase, n)), "
    "vocabulary AS MATERIALIZED (SELECT array_agg(DISTINCT w)::text[] AS words, "
    "array_agg(DISTINCT names.words[1])::text[] AS firsts FROM names, unnest(names.words) AS w), "
    "masks AS MATERIALIZED (SELECT names.n, names.phrase, (SELECT "
    "bit_or(1::bigint << (array_position(vocabulary.words, w) - 1)) FROM unnest(names.words) AS w) "
    "AS mask FROM names, vocabulary), "
    "served AS (SELECT COALESCE((SELECT {unranked} FROM word) "
    "AND (SELECT count(*) FROM names) BETWEEN 2 AND {slots} "
    "AND (SELECT cardinality(vocabulary.words) FROM vocabulary) <= 63 AND {facets_ok} "
    "AND (SELECT count(*) FROM (SELECT FROM resources_searchposting AS p "
    "WHERE p.word = ANY((SELECT vocabulary.firsts FROM vocabulary)::text[]) LIMIT {many}) AS f) "
    "= {many}, "
    "false) AS yes), "
)
PART_MASK = "(SELECT s.mask FROM masks AS s WHERE s.n = {n} AND {kind})"
MASK_HELD = "(g.present & {mask}) = {mask}"
NAMES_SQL = (
    "SELECT g.id, g.published_on, g.published_at, {hit} AS hit, g.rank FROM ("
    "SELECT p.resource_id AS id, any_value(p.published_on) AS published_on, "
    "any_value(p.published_at) AS published_at, "
    "sum(p.rank::float8) / (SELECT cardinality(vocabulary.words) FROM vocabulary) AS rank, "
    "bit_or(1::bigint << (array_position((SELECT vocabulary.words FROM vocabulary), p.word) - 1)) "
    "AS present FROM resources_searchposting AS p "
    "WHERE p.word = ANY((SELECT vocabulary.words FROM vocabulary)::text[]) "
    "AND (SELECT served.yes FROM served) GROUP BY p.resource_id) AS g "
    "WHERE {sure} OR (COALESCE({maybe}, false) AND (SELECT e.search_vector @@ {query} "
    "FROM resources_searchentry AS e WHERE e.id = g.id))"
)


def _browse_sql(conditions, selected, *, sort, offset) -> tuple[str, list]:
    """The page of the published resources passing the facets, in index order."""
    order = PAGE_ORDER[sort]
    columns = (*PAGE_COLUMNS, "title") if sort == SortChoices.TITLE else PAGE_COLUMNS
    # The original columns, as the search's own SQL reads them (no per-language rewriting).
    matching = Resource.objects.rewrite(False).published().filter(*conditions.values())
    page_sql, page_params = _sql(matching.values(*columns).order_by(*_ordering(sort, ranked=False)))
    count_sql, count_params = _sql(matching.values("id").order_by())
    count_sql = f"SELECT count(*) FROM ({count_sql}) AS c"  # noqa: S608 - SQL compiled by Django
    offset_sql = _offset_sql(offset, count_sql, guessed=True)
    sql = (
        f"{{state}} {facets.VERSION_ROW} UNION ALL SELECT 'page', NULL, NULL, NULL, "  # noqa: S608 - fixed fragments; values are parameters
        f"(SELECT string_agg(int8send(p.id), ''::bytea ORDER BY {order.format(t='p')}) "
        f"FROM ({page_sql} LIMIT {PER_PAGE} {offset_sql}) AS p)"
    )
    params = [*STATE_PARAMS, *page_params]
    if offset:
        # The last page's offset from this process's bitmaps, used when they are current.
        counted = facets.current_index()
        total = 0
        if counted is not None:
            selections = _selections(counted, conditions, selected)
            total = counted.counts(counted.everything, selections, ())[0]
        params += [offset, *count_params, _clamped(offset, total)]
    return sql, params


def _ordering(sort, *, ranked):
    newest = [F("published_on").desc(nulls_last=True), F("published_at").desc(nulls_last=True)]
    if sort == SortChoices.TITLE:
        return ["title", "id"]
    if sort == SortChoices.NEWEST or not ranked:
        return [*newest, "-id"]
    return [F("rank").desc(), *newest, "-id"]


def text_matches(q: "str | Words"):
    """Published resources matching the words, their rank expression and the text query."""
    published = Resource.objects.published()
    q = as_words(q)
    if not q:
        return published, None, None
    query = text_query(q)
    return published.filter(search_vector=query), rank_of(query), query


def corrected_query(q: str) -> str:
    """The query with each word the library lacks replaced by its most similar word (pg_trgm
    similarity over the library's word list), or "" when there is nothing to correct."""
    words = sorted({word.lower() for word in WORD.findall(q) if len(word) >= 3} - {"or"})[:12]
    if not words:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT input.word, (SELECT s.word FROM resources_searchword AS s "
            "WHERE s.word %% input.word ORDER BY similarity(s.word, input.word) DESC, s.word "
            "LIMIT 1) FROM unnest(%s::text[]) AS input(word)",
            [words],
        )
        corrections = {word: best for word, best in cursor.fetchall() if best and best != word}
    if not corrections:
        return ""
    return WORD.sub(lambda match: corrections.get(match.group().lower(), match.group()), q)


def ordered_matches(filterset: ResourceFilter):
    """Every hit of the search the URL describes, in its order (for exports)."""
    q = filterset.cleaned("q", "")
    enabled = filterset.cleaned("expand", "") != "off"
    conditions = filterset.conditions().values()
    matches, rank, _query = text_matches(expand(q, enabled=enabled).words)
    if q and not matches.filter(*conditions).exists() and (corrected := corrected_query(q)):
        matches, rank, _query = text_matches(expand(corrected, enabled=enabled).words)
    if rank is not None:
        matches = matches.annotate(rank=rank)
    ordering = _ordering(filterset.cleaned("sort", ""), ranked=rank is not None)
    return matches.filter(*conditions).order_by(*ordering)
