"""Full-text search of the library, its facet counts and the correction of misspelt words.

A search page costs a fixed number of queries whatever the number of hits: one that finds the
hits once (their ids, for the facet counts, and the ids of the page shown, in order; words are
matched and ranked in ``SearchEntry``, a narrow copy of the published rows, except that a
search for one plain word sorted by relevance reads all its hits, already in the page's order,
from that word's postings: migration 0007), one for
the page's rows (with their highlighted snippets, computed for those rows only) and one for the
hits' publishers. Facet counts are intersections of bitmaps (``resources.search.facets``), kept in
memory and refreshed by that first query when the library has changed. When the words match
nothing, each is replaced by the most similar word of the library (pg_trgm) and the first query
runs once more, so "pandamic" still finds the pandemic: two more queries, whatever the data.
"""

import functools
import html
import math
import re
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import quote_plus, urlencode

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
)
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Value
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from common import addresses
from resources.filters import ResourceFilter, SortChoices, ViewChoices
from resources.links import archive_url
from resources.models import KIND_LABELS, LANGUAGE_NAMES, Resource, SearchEntry
from resources.search import facets

PER_PAGE = 20
# Larger page numbers are taken as "the last page" (SQL offsets are 64-bit).
MAX_PAGE = 10**9
FACET_VALUES_SHOWN = 12
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
WORD = re.compile(r"\w+", re.UNICODE)
# Private-use characters mark the matches in headlines; the HTML is built after escaping.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.DOTALL)

FACET_LABELS = {
    "topic": _("Topic"),
    "kind": _("Kind"),
    "country": _("Country"),
    "publisher": _("Publisher"),
    "language": _("Language"),
    "year": _("Year"),
}
# Column of each facet; the array columns hold several values per resource.
FACET_COLUMNS = {
    "topic": "topic_ids",
    "kind": "kind",
    "country": "countries",
    "publisher": "publisher_ids",
    "language": "languages",
    "year": "published_year",
}


def text_config(q: str) -> str:
    """Korean words are indexed with the 'simple' configuration, everything else in English."""
    return "simple" if HANGUL.search(q) else "english"


def text_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=text_config(q))


def highlight(text: str) -> str:
    """Escape a headline and turn its match markers, and nothing else, into <mark> (a plain
    string of HTML, for ``HitHTML``)."""
    marked = MARKED.sub(r"<mark>\1</mark>", html.escape(text))
    return marked.replace(MARK_START, "").replace(MARK_STOP, "")


# --- Finding the hits and counting the facets --------------------------------------------

# The page's order in SQL (as ``_ordering``), over the hits' rows under the alias {t}.
PAGE_ORDER = {
    SortChoices.RELEVANCE: "{t}.rank DESC, {t}.published_on DESC NULLS LAST, "
    "{t}.published_at DESC NULLS LAST, {t}.id DESC",
    SortChoices.NEWEST: "{t}.published_on DESC NULLS LAST, {t}.published_at DESC NULLS LAST, "
    "{t}.id DESC",
    SortChoices.TITLE: "{t}.title, {t}.id",
}
PAGE_COLUMNS = ("id", "published_on", "published_at")  # and "title" to sort by title
# What the hit list and the table show (HitHTML, resources/_table.html); loading only
# these halves the cost of the page's rows.
HIT_FIELDS = (
    "id",
    "title",
    "title_ko",
    "slug",
    "url",
    "kind",
    "published_year",
    "summary_text",
    "summary_ko",
    "broken_since",
)


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
    page number ``_page_number`` settles on once the total is known. Parameters: the offset
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


def find(q: str, conditions: dict, selected: dict, *, sort: str, offset: int) -> Found:
    """Run the first query of a search: the total, the facet counts and the page's ids.

    ``offset`` is the requested page's first row; past the last hit, the last page is taken.
    Facets are counted over the hits of every other active facet (``FacetIndex.counts``).
    """
    if sort not in (SortChoices.NEWEST, SortChoices.TITLE):
        sort = SortChoices.RELEVANCE if q else SortChoices.NEWEST
    known = facets.known_version()
    if q:
        sql, params = _words_sql(q, conditions, sort=sort, offset=offset)
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
STATE_ROWS = ("version", "qnodes", "hits", "page", "ranked")
KNOWN = object()
STATE_PARAMS = [KNOWN, KNOWN]


def _selections(index, conditions, selected) -> dict[str, int]:
    return {
        name: index.selection(name, values)
        for name, values in selected.items()
        if name in conditions
    }


def _words_sql(q, conditions, *, sort, offset) -> tuple[str, list]:
    """The hits of the words (once, materialised): their ids, the total and the page."""
    order = PAGE_ORDER[sort]
    columns = (*PAGE_COLUMNS, "title") if sort == SortChoices.TITLE else PAGE_COLUMNS
    query = text_query(q)
    # The narrow entries hold only published resources, with the facet columns of Resource.
    rows = SearchEntry.objects.filter(search_vector=query).annotate(
        hit=ExpressionWrapper(Q(*conditions.values()), BooleanField())
        if conditions
        else Value(True)
    )
    ranked = sort == SortChoices.RELEVANCE
    if ranked:  # ranking reads every hit's vector: only when the page is sorted by it
        rows = rows.annotate(rank=SearchRank(F("search_vector"), query))
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
        # the entries are not read (m stays empty).
        words = (
            "word AS (SELECT resources_single_word(websearch_to_tsquery(%s::regconfig, %s)) "
            "AS word), "
        )
        inner_sql = f"SELECT * FROM ({inner_sql}) AS g WHERE (SELECT word.word IS NULL FROM word)"  # noqa: S608 - SQL compiled by Django
        params = [text_config(q), q, *params]
    sql = (
        f"{words}m AS MATERIALIZED ({inner_sql}), {{state}} {facets.VERSION_ROW} UNION ALL "  # noqa: S608 - fixed fragments; values are parameters
        "SELECT 'qnodes', NULL, NULL, numnode(websearch_to_tsquery(%s::regconfig, %s)), NULL "
        "UNION ALL SELECT 'hits', NULL, NULL, NULL, string_agg(int8send(m.id), ''::bytea) FROM m "
        "UNION ALL SELECT 'page', NULL, NULL, NULL, "
        f"(SELECT string_agg(int8send(p.id), ''::bytea ORDER BY {order.format(t='p')}) "
        f"FROM (SELECT * FROM m WHERE m.hit ORDER BY {order.format(t='m')} "
        f"LIMIT {PER_PAGE} {offset_sql}) AS p)"
    )
    if ranked:
        sql += f" UNION ALL {RANKED_ROW}"
    params += [*STATE_PARAMS, text_config(q), q]
    return sql, params + ([offset] if offset else [])


# Every hit of a one-word search in the page's order (migration 0007): the word's postings
# are read from an index kept in that order, so the scan neither sorts nor ranks.
WORD_HITS_SQL = (
    "SELECT string_agg(int8send(p.resource_id), ''::bytea ORDER BY p.rank DESC, "
    "p.published_on DESC NULLS LAST, p.published_at DESC NULLS LAST, p.resource_id DESC) "
    "FROM resources_searchposting AS p WHERE p.word = {word}"
)
RANKED_ROW = "SELECT 'ranked', NULL, NULL, NULL, ({})".format(
    WORD_HITS_SQL.format(word="(SELECT word.word FROM word)")
)


def _browse_sql(conditions, selected, *, sort, offset) -> tuple[str, list]:
    """The page of the published resources passing the facets, in index order."""
    order = PAGE_ORDER[sort]
    columns = (*PAGE_COLUMNS, "title") if sort == SortChoices.TITLE else PAGE_COLUMNS
    matching = Resource.objects.published().filter(*conditions.values())
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


# --- State in the URL ------------------------------------------------------------------


class Lookups:
    """Lets the templates read attributes at their first try: Django's variable lookup tries
    ``obj[name]`` before ``getattr``, and for a plain object that costs a caught exception."""

    def __getitem__(self, name):
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None


def _encoded_pair(name, value) -> str:
    """One ``name=value`` of a query string, encoded as ``urlencode`` does."""
    return f"{quote_plus(str(name))}={quote_plus(str(value))}"


# The pairs of the library's facet values, remembered: every search page links to each of its
# facet values (a set the library bounds, unlike the words and values of addresses).
_facet_value_pair = functools.lru_cache(maxsize=8192)(_encoded_pair)


class SearchState(Lookups):
    """The search as URL parameters; builds the links that change one thing at a time."""

    def __init__(self, *, q, sort, view, selected: dict[str, list[str]], page=1):
        self.q, self.sort, self.view, self.selected, self.page = q, sort, view, selected, page

    def params(self, **changes) -> list[tuple[str, str]]:
        values = {"q": self.q, "sort": self.sort, "view": self.view, "page": self.page}
        values.update(changes)
        selected = changes.get("selected", self.selected)
        params = [("q", values["q"])] if values["q"] else []
        for name in FACET_COLUMNS:
            params += [(name, value) for value in selected.get(name, [])]
        if values["sort"]:
            params.append(("sort", values["sort"]))
        if values["view"] and values["view"] != ViewChoices.LIST:
            params.append(("view", values["view"]))
        if values["page"] and values["page"] != 1:
            params.append(("page", str(values["page"])))
        return params

    def url(self, **changes) -> str:
        params = self.params(**changes)
        return "?" + urlencode(params) if params else "?"

    def toggled(self, name, value) -> str:
        """The URL with one facet value added or removed, back on the first page.

        Equal to ``url(selected=..., page=1)``; built from pairs encoded once per page, since
        every facet value on the page has such a link.
        """
        encoded = self._encoded_pairs
        pieces = list(encoded["q"])
        for facet in FACET_COLUMNS:
            pairs = encoded[facet]
            if facet == name:
                values = self.selected.get(name, [])
                if value in values:
                    position = values.index(value)
                    pairs = pairs[:position] + pairs[position + 1 :]
                else:
                    pairs = [*pairs, _encoded_pair(name, value)]
            pieces += pairs
        pieces += encoded["tail"]
        return "?" + "&".join(pieces) if pieces else "?"

    def adding(self, name):
        """A function giving, for a value not selected in facet ``name``, the URL that adds it:
        ``toggled`` with the pieces around the value joined once per facet, not per value."""
        encoded = self._encoded_pairs
        before, pieces = [], [*encoded["q"]]
        for facet in FACET_COLUMNS:
            pieces += encoded[facet]
            if facet == name:
                before, pieces = pieces, []
        after = pieces + encoded["tail"]
        head = "?" + "".join(f"{piece}&" for piece in before)
        tail = "".join(f"&{piece}" for piece in after)
        return lambda value: f"{head}{_facet_value_pair(name, value)}{tail}"

    @cached_property
    def _encoded_pairs(self) -> dict[str, list[str]]:
        params = self.params(page=1)
        encoded = {"q": [_encoded_pair(k, v) for k, v in params if k == "q"]}
        for facet in FACET_COLUMNS:
            encoded[facet] = [_encoded_pair(k, v) for k, v in params if k == facet]
        encoded["tail"] = [_encoded_pair(k, v) for k, v in params if k in ("sort", "view")]
        return encoded

    @cached_property
    def query_string(self) -> str:
        return urlencode(self.params(page=1))

    def page_url(self):
        """A function giving the URL of page ``n`` of this search: ``url(page=n)`` with the
        rest of the query string encoded once (the page number comes last)."""
        rest = self.query_string
        head = f"?{rest}&page=" if rest else "?page="
        first = f"?{rest}"
        return lambda number: first if number == 1 else f"{head}{number}"

    @property
    def hidden_inputs(self) -> list[tuple[str, str]]:
        """The selected facet values, as the search box carries them: (name, value) pairs."""
        return [(name, value) for name in FACET_COLUMNS for value in self.selected.get(name, [])]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    html: str = ""


# One facet value's link. A page has a couple of hundred of them: built in Python, once,
# they cost a fraction of a template include each.
FACET_VALUE_HTML = (
    '<li><a class="facet__value" href="{url}"{current}><span class="facet__check" '
    'aria-hidden="true">{check}</span><span class="facet__label">{selected}{label}</span> '
    '<span class="facet__count">{count}<span class="visually-hidden"> {resources}</span>'
    "</span></a></li>"
)


# Facet labels recur on every page: escaped once.
_escaped = functools.lru_cache(maxsize=8192)(html.escape)


class FacetValueHTML:
    """Renders FacetValues with the page's words translated once (plain string formatting of
    escaped values: format_html's per-argument checks cost more than the rest of the page).
    Gives plain strings: ``Facet.values_html`` marks their concatenation safe."""

    def __init__(self):
        def fixed(text):  # a translated word, escaped, as a literal part of a format string
            return html.escape(text).replace("{", "{{").replace("}", "}}")

        selected = '<span class="visually-hidden">{} </span>'.format(fixed(gettext("Selected:")))
        resources = fixed(gettext("resources"))
        # Two formats, chosen or not, with the page's words already in place.
        self.formats = {
            chosen: FACET_VALUE_HTML.replace("{current}", ' aria-current="true"' if chosen else "")
            .replace("{check}", "✓" if chosen else "")
            .replace("{selected}", selected if chosen else "")
            .replace("{resources}", resources)
            for chosen in (True, False)
        }
        self.separator = get_format("THOUSAND_SEPARATOR")

    def __call__(self, value: FacetValue) -> str:
        count = f"{value.count:,}"
        return self.formats[value.selected].format(
            # Query strings of encoded pairs: "&" is their only character to escape.
            url=value.url.replace("&", "&amp;"),
            label=_escaped(str(value.label)),
            count=count if self.separator == "," else count.replace(",", self.separator),
        )


# One hit of the list. Twenty a page, each with a dozen values: built in Python (every
# variable part escaped), like the facet values, they cost a fraction of a template include.
HIT_HTML = (
    '<li><article class="hit">\n'
    '  <h3 class="hit__title"><a href="{title_link}"{rel}>{title_html}</a></h3>\n'
    '  <p class="hit__meta">{meta}</p>\n'
    "{snippet}"
    '  <p class="hit__more">\n'
    '    <a href="{detail_url}">{details}<span class="visually-hidden">: {title}</span></a>'
    "{broken}{no_link}\n"
    "  </p>\n"
    "</article></li>"
)
NOOPENER = ' rel="noopener"'


class HitHTML:
    """Renders hits (from ``_page_of_hits``) with the page's words translated once."""

    def __init__(self):
        self.details = html.escape(gettext("Details"))
        self.broken = ' · <span class="hit__broken">{}</span> <a href="{{}}"{}>{}</a>'.format(
            html.escape(gettext("The source seems to be offline.")),
            NOOPENER,
            html.escape(gettext("Archived copy")),
        )
        self.no_link = " · <span>{}</span>".format(
            html.escape(gettext("Link to be added by the secretariat"))
        )

    def __call__(self, hit) -> str:
        snippet = f'  <p class="hit__snippet">{hit.snippet_html}</p>\n' if hit.snippet_html else ""
        return HIT_HTML.format(
            title_link=html.escape(hit.title_link),
            rel=NOOPENER if hit.url else "",
            title_html=hit.title_html,  # escaped (and marked) by _page_of_hits
            meta=html.escape(hit.meta),
            snippet=snippet,
            detail_url=html.escape(hit.detail_url),
            details=self.details,
            title=html.escape(hit.display_title),
            broken=self.broken.format(html.escape(hit.archive_url)) if hit.is_broken else "",
            no_link="" if hit.url else self.no_link,
        )


@dataclass
class Facet(Lookups):
    name: str
    label: str
    values: list
    more: list = field(default_factory=list)

    @property
    def values_html(self):
        """The values shown, as the list's items (one string rather than a template loop)."""
        return mark_safe("".join(value.html for value in self.values))  # noqa: S308 - built escaped

    @property
    def more_html(self):
        return mark_safe("".join(value.html for value in self.more))  # noqa: S308 - built escaped


# One facet's block of the "Refine" column: built with its values, like them, in Python.
FACET_HTML = (
    '<section class="facet" aria-labelledby="facet-{name}">\n'
    '  <h3 id="facet-{name}">{label}</h3>\n'
    '  <ul class="facet__values">{values}</ul>\n'
    "{more}</section>\n"
)
FACET_MORE_HTML = (
    '  <details class="facet__more">\n'
    "    <summary>{summary}</summary>\n"
    '    <ul class="facet__values">{values}</ul>\n'
    "  </details>\n"
)


def facets_html(facets: list[Facet]) -> str:
    """The facets that have values, as the "Refine" column's blocks."""
    blocks = []
    for facet in facets:
        if not facet.values:
            continue
        more = ""
        if facet.more:
            count = len(facet.more)
            summary = ngettext("%(counter)s more", "%(counter)s more", count) % {"counter": count}
            more = FACET_MORE_HTML.format(summary=html.escape(summary), values=facet.more_html)
        blocks.append(
            FACET_HTML.format(
                name=html.escape(facet.name),
                label=html.escape(facet.label),
                values=facet.values_html,
                more=more,
            )
        )
    return mark_safe("".join(blocks))  # noqa: S308 - every variable part is escaped


@dataclass
class Chip:
    facet_label: str
    label: str
    remove_url: str


@dataclass
class SearchPage(Lookups):
    hits: list
    total: int
    page: int
    num_pages: int
    facets: list
    chips: list
    state: SearchState
    notices: list
    corrected_q: str = ""
    only_common_words: bool = False

    @property
    def facets_html(self):
        """The "Refine" column's blocks (``facets_html``)."""
        return facets_html(self.facets)

    @property
    def hits_html(self):
        """The hit list's items (``HitHTML``)."""
        render = HitHTML()
        return mark_safe("".join(render(hit) for hit in self.hits))  # noqa: S308 - built escaped

    @property
    def start_index(self):
        return (self.page - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def end_index(self):
        return min(self.page * PER_PAGE, self.total)

    @cached_property
    def _page_url(self):
        return self.state.page_url()

    @property
    def previous_url(self):
        return self._page_url(self.page - 1) if self.page > 1 else ""

    @property
    def next_url(self):
        return self._page_url(self.page + 1) if self.page < self.num_pages else ""

    @property
    def sort_links(self):
        """Relevance (only with words), newest and title, each with its link."""
        current = self.state.sort or (SortChoices.RELEVANCE if self.state.q else SortChoices.NEWEST)
        choices = [
            (value, label)
            for value, label in SortChoices.choices
            if self.state.q or value != SortChoices.RELEVANCE
        ]
        return [
            {"label": label, "url": self.state.url(sort=value, page=1), "current": value == current}
            for value, label in choices
        ]

    @property
    def view_links(self):
        return [
            {
                "label": label,
                "url": self.state.url(view=value),
                "current": value == (self.state.view or ViewChoices.LIST),
            }
            for value, label in ViewChoices.choices
        ]

    @property
    def page_links(self):
        """Page numbers around the current one, with None for a gap."""
        shown = {1, self.num_pages, *range(self.page - 2, self.page + 3)}
        links, previous = [], 0
        for number in sorted(n for n in shown if 1 <= n <= self.num_pages):
            if number > previous + 1:
                links.append(None)
            # dicts: the template's lookups find their keys at the first try
            links.append(
                {"number": number, "url": self._page_url(number), "current": number == self.page}
            )
            previous = number
        return links


# --- The search ------------------------------------------------------------------------


def _selected_values(filterset) -> dict[str, list[tuple[str, str]]]:
    """Each facet's valid selected values as (URL value, label) pairs."""
    cleaned = {name: filterset.cleaned(name, []) for name in FACET_COLUMNS}
    kinds = dict(Resource.Kind.choices)
    return {
        "topic": [(topic.slug, topic.name) for topic in cleaned["topic"]],
        "kind": [(kind, str(kinds[kind])) for kind in cleaned["kind"]],
        "country": [(country, country) for country in cleaned["country"]],
        "publisher": [
            (str(organization.pk), str(organization)) for organization in cleaned["publisher"]
        ],
        "language": [(code, str(LANGUAGE_NAMES[code])) for code in cleaned["language"]],
        "year": [(str(year), str(year)) for year in cleaned["year"]],
    }


def _value_labels(name) -> dict | None:
    """Labels of a facet's values that are not stored with them, in the reader's language."""
    return _translated_labels(name, get_language())


@functools.lru_cache(maxsize=32)
def _translated_labels(name, language) -> dict | None:
    """The kinds' and languages' labels in one language (``language`` is the active one):
    translated once per process, not on every page."""
    if name == "kind":
        return {value: str(label) for value, label in Resource.Kind.choices}
    if name == "language":
        return {code: str(label) for code, label in LANGUAGE_NAMES.items()}
    return None


def _build_facets(counts, selected, state) -> list[Facet]:
    built, render = [], FacetValueHTML()
    for name in ("topic", "kind", "country", "publisher", "language", "year"):
        chosen = {value for value, _label in selected[name]}
        labels = _value_labels(name)
        rows = [
            (value, labels.get(value, value) if labels else (label or value), count)
            for value, label, count in counts[name]
        ]
        if name == "year":
            rows.sort(key=lambda row: -int(row[0]))
        else:
            rows.sort(key=lambda row: (-row[2], row[1].lower()))
        adding = state.adding(name)
        values = [
            FacetValue(value, label, count, True, state.toggled(name, value))
            if value in chosen
            else FacetValue(value, label, count, False, adding(value))
            for value, label, count in rows
        ]
        present = {value.value for value in values}
        values += [
            FacetValue(value, label, 0, True, state.toggled(name, value))
            for value, label in selected[name]
            if value not in present
        ]
        shown = values[:FACET_VALUES_SHOWN] + [
            value for value in values[FACET_VALUES_SHOWN:] if value.selected
        ]
        more = [value for value in values[FACET_VALUES_SHOWN:] if not value.selected]
        for value in shown + more:
            value.html = render(value)
        built.append(Facet(name, str(FACET_LABELS[name]), shown, more))
    return built


def _ordering(sort, *, ranked):
    newest = [F("published_on").desc(nulls_last=True), F("published_at").desc(nulls_last=True)]
    if sort == SortChoices.TITLE:
        return ["title", "id"]
    if sort == SortChoices.NEWEST or not ranked:
        return [*newest, "-id"]
    return [F("rank").desc(), *newest, "-id"]


def text_matches(q: str):
    """Published resources matching the words, their rank expression and the text query."""
    published = Resource.objects.published()
    if not q:
        return published, None, None
    query = text_query(q)
    return published.filter(search_vector=query), SearchRank(F("search_vector"), query), query


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
    conditions = filterset.conditions().values()
    matches, rank, _query = text_matches(q)
    if q and not matches.filter(*conditions).exists() and (corrected := corrected_query(q)):
        matches, rank, _query = text_matches(corrected)
    if rank is not None:
        matches = matches.annotate(rank=rank)
    ordering = _ordering(filterset.cleaned("sort", ""), ranked=rank is not None)
    return matches.filter(*conditions).order_by(*ordering)


def search_library(filterset: ResourceFilter, *, page: str | None = None) -> SearchPage:
    """Run the search the URL describes and return one page of it, with facets and chips."""
    notices = filterset.notices()
    q = filterset.cleaned("q", "")
    sort = filterset.cleaned("sort", "")
    view = filterset.cleaned("view", ViewChoices.LIST)
    conditions = filterset.conditions()
    selected = _selected_values(filterset)
    state = SearchState(
        q=q,
        sort=sort,
        view=view,
        selected={name: [value for value, _label in pairs] for name, pairs in selected.items()},
    )

    offset = (_requested_page(page) - 1) * PER_PAGE
    searched, only_common_words = q, False
    found = find(q, conditions, state.selected, sort=sort, offset=offset)
    if q and found.total == 0:
        if found.qnodes == 0:
            only_common_words = True
        elif corrected := corrected_query(q):
            corrected_found = find(corrected, conditions, state.selected, sort=sort, offset=offset)
            if corrected_found.total:
                found, searched = corrected_found, corrected

    total = found.total
    num_pages = max(1, math.ceil(total / PER_PAGE))
    number = _page_number(page, num_pages, notices)
    state.page = number
    hits = []
    if total:
        hits = _page_of_hits(found.page_ids, q=searched)
    chips = [
        Chip(str(FACET_LABELS[name]), label, state.toggled(name, value))
        for name, pairs in selected.items()
        for value, label in pairs
    ]
    return SearchPage(
        hits=hits,
        total=total,
        page=number,
        num_pages=num_pages,
        facets=_build_facets(found.values, selected, state),
        chips=chips,
        state=state,
        notices=notices,
        corrected_q=searched if searched != q else "",
        only_common_words=only_common_words,
    )


def _requested_page(page) -> int:
    """The page number asked for, within what SQL can take; notices come later."""
    try:
        return min(max(int(page), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _page_number(page, num_pages, notices) -> int:
    if page in (None, ""):
        return 1
    try:
        number = int(page)
    except (TypeError, ValueError):
        notices.append(
            _("“%(page)s” is not a page number; showing the first page.") % {"page": str(page)[:20]}
        )
        return 1
    if number < 1 or number > num_pages:
        notices.append(
            _("There is no page %(page)s; showing page %(shown)d of %(count)d.")
            % {"page": str(page)[:20], "shown": min(max(number, 1), num_pages), "count": num_pages}
        )
        return min(max(number, 1), num_pages)
    return number


@dataclass(frozen=True)
class Publisher:
    """A hit's publisher as the hit shows it: the name, or the acronym where it has one."""

    name: str
    short_name: str


# The page's rows with their publishers' names (in order), in one query; the headlines are
# added when there are words. Plain SQL: composing it with the ORM (and a prefetch with a
# model instance per publisher) cost more than running it.
# Both lists of a hit's publishers from one join (a subquery each cost twice as much).
PUBLISHERS_SQL = (
    "LEFT JOIN LATERAL (SELECT array_agg(o.name ORDER BY p.position, p.id) AS names, "
    "array_agg(COALESCE(NULLIF(o.acronym, ''), o.name) ORDER BY p.position, p.id) AS short_names "
    "FROM resources_resourcepublisher AS p "
    "JOIN directory_organization AS o ON o.id = p.organization_id "
    "WHERE p.resource_id = r.id) AS publishers ON true"
)
HITS_SQL = (
    "SELECT {columns}, COALESCE(publishers.names, '{{}}') AS publisher_names, "  # noqa: S608 - fixed fragments; values are parameters
    "COALESCE(publishers.short_names, '{{}}') AS publisher_short_names{headlines} "
    f"FROM resources_resource AS r {PUBLISHERS_SQL} "
    "WHERE r.id = ANY(%s) AND r.status = 'published'"
).replace("{columns}", ", ".join(f"r.{column}" for column in HIT_FIELDS))
HEADLINES_SQL = (
    ", ts_headline(%s::regconfig, {title}, websearch_to_tsquery(%s::regconfig, %s), %s) "
    "AS title_headline, "
    "ts_headline(%s::regconfig, {summary}, websearch_to_tsquery(%s::regconfig, %s), %s) "
    "AS snippet_headline"
)
TITLE_HEADLINE = (("StartSel", MARK_START), ("StopSel", MARK_STOP), ("HighlightAll", True))
SNIPPET_HEADLINE = (
    ("StartSel", MARK_START),
    ("StopSel", MARK_STOP),
    ("MaxWords", 40),
    ("MinWords", 20),
    ("MaxFragments", 2),
)


@functools.cache
def _headline_options(options: tuple) -> str:
    """ts_headline's options as one string (the same for every page: composed once)."""
    return ", ".join(
        connection.ops.compose_sql(f"{option}=%s", [value]) for option, value in options
    )


@dataclass(slots=True)
class Hit:
    """One hit as the list (``HitHTML``) and the table (resources/_table.html) show it."""

    pk: int
    title: str
    display_title: str
    url: str
    kind_label: str
    published_year: int | None
    ordered_publishers: list
    detail_url: str
    title_link: str
    meta: str
    title_html: str  # escaped HTML with <mark>s, a plain string (HitHTML puts it in)
    snippet_html: str  # the same
    is_broken: bool
    archive_url: str


def _page_of_hits(page_ids: list[int], *, q: str) -> list[Hit]:
    """The page's rows in the order found, with their publishers and, for words, the
    snippets highlighted for those rows only: one query, read as plain rows (a model instance
    per hit cost a third of building the page's hits)."""
    korean = (get_language() or "").startswith("ko")
    headlines, params = "", []
    if q:
        config = text_config(q)
        headlines = HEADLINES_SQL.format(
            title="COALESCE(NULLIF(r.title_ko, ''), r.title)" if korean else "r.title",
            summary="COALESCE(NULLIF(r.summary_ko, ''), r.summary_text)"
            if korean
            else "r.summary_text",
        )
        params = [
            *(config, config, q, _headline_options(TITLE_HEADLINE)),
            *(config, config, q, _headline_options(SNIPPET_HEADLINE)),
        ]
    with connection.cursor() as cursor:
        cursor.execute(HITS_SQL.format(headlines=headlines), [*params, page_ids])
        rows = cursor.fetchall()
    position = {pk: number for number, pk in enumerate(page_ids)}
    rows.sort(key=lambda row: position[row[0]])
    detail_url = addresses.by_slug("resources:detail")
    # Truncator's "…", translated once for the page rather than for each hit
    ellipsis = pgettext("String to return when truncating text", "%(truncated_text)s…")
    hits = []
    for row in rows:
        column = dict(zip(HIT_FIELDS, row, strict=False))  # then publishers and headlines
        title, url, year = column["title"], column["url"], column["published_year"]
        summary = column["summary_text"]
        names, short_names, *marked = row[len(HIT_FIELDS) :]
        publishers = [
            Publisher(name, short_name) for name, short_name in zip(names, short_names, strict=True)
        ]
        kind_label = str(KIND_LABELS.get(column["kind"], column["kind"]))
        display_title = column["title_ko"] if korean and column["title_ko"] else title
        if q:
            title_headline, snippet_headline = marked
            title_html = highlight(title_headline)
            snippet_html = highlight(snippet_headline) if summary else ""
        else:
            title_html = html.escape(display_title)
            text = column["summary_ko"] if korean and column["summary_ko"] else summary
            snippet_html = html.escape(Truncator(text).words(40, truncate=ellipsis))
        page = detail_url(column["slug"])
        broken = column["broken_since"] is not None
        hits.append(
            Hit(
                pk=column["id"],
                title=title,
                display_title=display_title,
                url=url,
                kind_label=kind_label,
                published_year=year,
                ordered_publishers=publishers,
                detail_url=page,
                title_link=url or page,
                # "publishers · kind · year", made once here rather than in the template
                meta=" · ".join(
                    part
                    for part in (
                        ", ".join(publisher.short_name for publisher in publishers),
                        kind_label,
                        str(year or ""),
                    )
                    if part
                ),
                title_html=title_html,
                snippet_html=snippet_html,
                is_broken=broken,
                archive_url=archive_url(url) if broken else "",
            )
        )
    return hits
