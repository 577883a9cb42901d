"""Full-text search of the library, its facet counts and the correction of misspelt words.

A search page costs a fixed number of queries whatever the number of hits: one for the
total and every facet's counts, one for the page of hits (with their highlighted snippets,
computed for those rows only) and one for the hits' publishers. When the words match nothing,
each is replaced by the most similar word of the library (pg_trgm) and the counts run once
more, so "pandamic" still finds the pandemic: two more queries, whatever the data.
"""

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from resources.filters import ResourceFilter, SortChoices, ViewChoices
from resources.models import LANGUAGE_NAMES, Resource

PER_PAGE = 20
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
ARRAY_FACETS = {"topic", "country", "publisher", "language"}


def text_config(q: str) -> str:
    """Korean words are indexed with the 'simple' configuration, everything else in English."""
    return "simple" if HANGUL.search(q) else "english"


def text_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=text_config(q))


def highlight(text: str) -> str:
    """Escape a headline and turn its match markers, and nothing else, into <mark>."""
    html = MARKED.sub(r"<mark>\1</mark>", escape(text))
    return mark_safe(html.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308


# --- Facet counts ----------------------------------------------------------------------


def facet_counts(queryset, conditions: dict, *, q: str = "") -> dict:
    """Total hits, each facet's value counts and the number of query terms, in one query.

    Each facet is counted over the hits of every *other* active facet, so its own values stay
    visible as alternatives. Rows failing more than one condition are left out early.
    """
    flags = {f"f_{name}": ExpressionWrapper(c, BooleanField()) for name, c in conditions.items()}
    rows = queryset.annotate(**flags)
    if len(conditions) > 1:
        at_most_one_fails = Q()
        for skipped in conditions:
            at_most_one_fails |= Q(*(c for name, c in conditions.items() if name != skipped))
        rows = rows.filter(at_most_one_fails)
    rows = rows.values("id", *FACET_COLUMNS.values(), *flags).order_by()
    inner_sql, params = rows.query.sql_with_params()

    def passing(except_name=None):
        names = [f"m.f_{name}" for name in conditions if name != except_name]
        return " AND ".join(names) or "TRUE"

    parts = [f"SELECT 'total', NULL::text, count(*), NULL::text FROM m WHERE {passing()}"]  # noqa: S608 - fixed fragments; values are parameters
    for name in ("kind", "year", "country", "language"):
        column = FACET_COLUMNS[name]
        if name in ARRAY_FACETS:
            source = f"m CROSS JOIN LATERAL unnest(m.{column}) AS v(value)"
            value = "v.value"
        else:
            source, value = "m", f"m.{column}"
        parts.append(
            f"SELECT '{name}', {value}::text, count(*), NULL::text FROM {source} "  # noqa: S608 - fixed fragments; values are parameters
            f"WHERE {value} IS NOT NULL AND {passing(name)} GROUP BY {value}"
        )
    parts.append(
        "SELECT 'topic', t.slug, c.n, t.name FROM (SELECT v.value AS id, count(*) AS n "  # noqa: S608 - fixed fragments; values are parameters
        "FROM m CROSS JOIN LATERAL unnest(m.topic_ids) AS v(value) "
        f"WHERE {passing('topic')} GROUP BY v.value) AS c "
        "JOIN directory_topic AS t ON t.id = c.id"
    )
    parts.append(
        "SELECT 'publisher', o.id::text, c.n, CASE WHEN o.acronym <> '' AND o.acronym <> o.name "  # noqa: S608 - fixed fragments; values are parameters
        "THEN o.name || ' (' || o.acronym || ')' ELSE o.name END FROM (SELECT v.value AS id, "
        "count(*) AS n FROM m CROSS JOIN LATERAL unnest(m.publisher_ids) AS v(value) "
        f"WHERE {passing('publisher')} GROUP BY v.value) AS c "
        "JOIN directory_organization AS o ON o.id = c.id"
    )
    params = list(params)
    if q:
        parts.append(
            "SELECT 'qnodes', NULL::text, numnode(websearch_to_tsquery(%s::regconfig, %s)), "
            "NULL::text"
        )
        params += [text_config(q), q]
    sql = f"WITH m AS MATERIALIZED ({inner_sql}) " + " UNION ALL ".join(parts)
    result = {"total": 0, "qnodes": None, "values": {name: [] for name in FACET_COLUMNS}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, count, label in cursor.fetchall():
            if facet == "total":
                result["total"] = count
            elif facet == "qnodes":
                result["qnodes"] = count
            else:
                result["values"][facet].append((value, label, count))
    return result


# --- State in the URL ------------------------------------------------------------------


class SearchState:
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
        selected = {key: list(values) for key, values in self.selected.items()}
        values = selected.setdefault(name, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return self.url(selected=selected, page=1)

    def query_string(self) -> str:
        return urlencode(self.params(page=1))


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    values: list
    more: list = field(default_factory=list)

    @property
    def selected_values(self):
        return [value for value in self.values + self.more if value.selected]


@dataclass
class Chip:
    facet_label: str
    label: str
    remove_url: str


@dataclass
class SearchPage:
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
    def start_index(self):
        return (self.page - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def end_index(self):
        return min(self.page * PER_PAGE, self.total)

    @property
    def previous_url(self):
        return self.state.url(page=self.page - 1) if self.page > 1 else ""

    @property
    def next_url(self):
        return self.state.url(page=self.page + 1) if self.page < self.num_pages else ""

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
            links.append((number, self.state.url(page=number), number == self.page))
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


def _value_label(name, value, label):
    if name == "kind":
        return str(dict(Resource.Kind.choices).get(value, value))
    if name == "language":
        return str(LANGUAGE_NAMES.get(value, value))
    return label or value


def _build_facets(counts, selected, state) -> list[Facet]:
    facets = []
    for name in ("topic", "kind", "country", "publisher", "language", "year"):
        chosen = {value for value, _label in selected[name]}
        rows = counts["values"][name]
        if name == "year":
            rows.sort(key=lambda row: -int(row[0]))
        else:
            rows.sort(key=lambda row: (-row[2], _value_label(name, row[0], row[1]).lower()))
        values = [
            FacetValue(
                value,
                _value_label(name, value, label),
                count,
                value in chosen,
                state.toggled(name, value),
            )
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
        facets.append(Facet(name, str(FACET_LABELS[name]), shown, more))
    return facets


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

    matches, rank, query = text_matches(q)
    searched, only_common_words = q, False
    counts = facet_counts(matches, conditions, q=q)
    if q and counts["total"] == 0:
        if counts["qnodes"] == 0:
            only_common_words = True
        elif corrected := corrected_query(q):
            corrected_matches = text_matches(corrected)
            corrected_counts = facet_counts(corrected_matches[0], conditions)
            if corrected_counts["total"]:
                counts, searched = corrected_counts, corrected
                matches, rank, query = corrected_matches

    total = counts["total"]
    num_pages = max(1, math.ceil(total / PER_PAGE))
    number = _page_number(page, num_pages, notices)
    state.page = number
    hits = []
    if total:
        hits = _page_of_hits(
            matches.filter(*conditions.values()),
            rank=rank,
            query=query,
            q=searched,
            ordering=_ordering(sort, ranked=rank is not None),
            offset=(number - 1) * PER_PAGE,
        )
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
        facets=_build_facets(counts, selected, state),
        chips=chips,
        state=state,
        notices=notices,
        corrected_q=searched if searched != q else "",
        only_common_words=only_common_words,
    )


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


def _page_of_hits(matches, *, rank, query, q, ordering, offset) -> list[Resource]:
    """One page of hits, with snippets computed for those rows only (three queries: ids are a
    subquery of the rows' query, then the publishers)."""
    ordered = matches.annotate(rank=rank) if rank is not None else matches
    page_ids = ordered.order_by(*ordering).values("pk")[offset : offset + PER_PAGE]
    rows = Resource.objects.filter(pk__in=page_ids).with_publishers()
    if rank is not None:
        rows = rows.annotate(rank=rank)
    korean = (get_language() or "").startswith("ko")
    title = Coalesce(NullIf("title_ko", Value("")), "title") if korean else F("title")
    summary = (
        Coalesce(NullIf("summary_ko", Value("")), "summary_text") if korean else F("summary_text")
    )
    if query is not None:
        options = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "config": text_config(q)}
        rows = rows.annotate(
            title_headline=SearchHeadline(title, query, highlight_all=True, **options),
            snippet_headline=SearchHeadline(
                summary, query, max_words=40, min_words=20, max_fragments=2, **options
            ),
        )
    hits = list(rows.order_by(*ordering))
    for hit in hits:
        if query is not None:
            hit.title_html = highlight(hit.title_headline)
            hit.snippet_html = highlight(hit.snippet_headline) if hit.summary_text else ""
        else:
            hit.title_html = escape(hit.display_title)
            text = hit.summary_ko if korean and hit.summary_ko else hit.summary_text
            hit.snippet_html = escape(Truncator(text).words(40))
    return hits
