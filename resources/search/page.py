"""One page of a search, as the search page shows it: ``search_library``.

A search page costs a fixed number of queries whatever the number of hits: one that finds the
hits (``query.find``, the facet counts then coming from the bitmaps of ``facets``) and one for
the page's rows with their publishers and headlines (``hits.page_of_hits``); when the words
match nothing, the library's closest words are looked up and the first query runs once more
(two more queries, whatever the data). The page's links come from ``state``, its hit list
and facet blocks from ``rendering``.
"""

import difflib
import functools
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.bilingual import marked, pick, reader_language, written_in
from directory import glossary
from resources.filters import ResourceFilter, SortChoices, ViewChoices
from resources.models import LANGUAGE_NAMES, Resource
from resources.search.expansion import expand
from resources.search.facets import FACET_COLUMNS
from resources.search.hits import page_of_hits
from resources.search.query import PER_PAGE, WORD, corrected_query, find
from resources.search.rendering import Facet, FacetValue, facets_html, hits_html
from resources.search.state import Lookups, Pages, SearchState

# Larger page numbers are taken as "the last page" (SQL offsets are 64-bit).
MAX_PAGE = 10**9
FACET_VALUES_SHOWN = 12
# What a search that found nothing shows: partial matches, topics and kinds, glossary terms.
PARTIAL_SHOWN = 5
SUGGESTIONS_SHOWN = 5
FACET_LABELS = {
    "topic": _("Topic"),
    "kind": _("Kind"),
    "country": _("Country"),
    "publisher": _("Publisher"),
    "language": _("Language"),
    "year": _("Year"),
}


@dataclass
class Chip:
    facet_label: str
    label: str
    remove_url: str


@dataclass
class SearchPage(Lookups):
    """What resources/search.html shows."""

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
    also_searched: list = field(default_factory=list)  # (name, language) the glossary added
    expansion_off: bool = False  # the glossary had names to add, and was turned off
    dead_end: "DeadEnd | None" = None  # where a search that found nothing leads

    @property
    def facets_html(self):
        """The "Refine" column's blocks."""
        return facets_html(self.facets)

    @property
    def hits_html(self):
        """The hit list's items."""
        return hits_html(self.hits)

    @property
    def start_index(self):
        return (self.page - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def end_index(self):
        return min(self.page * PER_PAGE, self.total)

    @cached_property
    def pages(self):
        """The links to the other pages (resources/_pagination.html)."""
        return Pages(self.state, number=self.page, count=self.num_pages)


def search_library(filterset: ResourceFilter, *, page: str | None = None) -> SearchPage:
    """Run the search the URL describes and return one page of it, with facets and chips."""
    notices = filterset.notices()
    q = filterset.cleaned("q", "")
    sort = filterset.cleaned("sort", "")
    view = filterset.cleaned("view", ViewChoices.LIST)
    conditions = filterset.conditions()
    selected = _selected_values(filterset)
    expanding = filterset.cleaned("expand", "") != "off"
    state = SearchState(
        q=q,
        sort=sort,
        view=view,
        selected={name: [value for value, _label in pairs] for name, pairs in selected.items()},
        expand=expanding,
    )

    offset = (_requested_page(page) - 1) * PER_PAGE
    searched, only_common_words = q, False
    expanded = expand(q, enabled=expanding)
    found = find(expanded.words, conditions, state.selected, sort=sort, offset=offset)
    if q and found.total == 0:
        if found.qnodes == 0:
            only_common_words = True
        elif corrected := corrected_query(q):
            corrected_expanded = expand(corrected, enabled=expanding)
            corrected_found = find(
                corrected_expanded.words, conditions, state.selected, sort=sort, offset=offset
            )
            if corrected_found.total:
                found, searched, expanded = corrected_found, corrected, corrected_expanded

    total = found.total
    dead_end = None
    if q and total == 0 and not only_common_words:
        dead_end = _dead_end(q, expanded.words, conditions, state)
    num_pages = max(1, math.ceil(total / PER_PAGE))
    number = _page_number(page, num_pages, notices)
    state.page = number
    hits = []
    if total:
        hits = page_of_hits(found.page_ids, q=expanded.words)
    chips = [
        Chip(str(FACET_LABELS[name]), marked(*label), state.toggled(name, value))
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
        also_searched=[(name, written_in(name)) for name in expanded.also],
        expansion_off=expanded.off,
        dead_end=dead_end,
    )


@dataclass
class Suggestion:
    """A link offered when a search found nothing, with the number of resources behind it."""

    label: str
    url: str
    count: int | None = None
    lang: str = ""


@dataclass
class DeadEnd(Lookups):
    """Where a search that found nothing leads: the resources matching most of its words,
    then the topics and kinds of those (or of the library), and glossary terms like them."""

    partial_hits: list
    partial_total: int
    topics: list
    kinds: list
    terms: list

    @property
    def partial_html(self):
        return hits_html(self.partial_hits)


def _dead_end(q, words, conditions, state) -> DeadEnd:
    """Two more queries at most: the words ORed (their facet counts too) and its page of hits;
    or, with one word or no partial match, the library's facet counts."""
    loosened = words.loosened()
    partial_hits, partial_total, values = [], 0, None
    if loosened is not None:
        partial = find(loosened, conditions, state.selected, sort=SortChoices.RELEVANCE, offset=0)
        if partial.total:
            partial_total = partial.total
            partial_hits = page_of_hits(partial.page_ids[:PARTIAL_SHOWN], q=loosened)
            values = partial.values
    if values is None:
        values = find("", {}, {}, sort=SortChoices.NEWEST, offset=0).values
    kind_labels = _value_labels("kind")
    topics = [
        Suggestion(marked(*label), "?" + urlencode([("topic", slug)]), count)
        for slug, label, count in sorted(
            (
                (slug, _shown("topic", slug, labels), count)
                for slug, labels, count in values["topic"]
            ),
            key=lambda row: (-row[2], row[1][0]),
        )[:SUGGESTIONS_SHOWN]
    ]
    kinds = [
        Suggestion(kind_labels.get(kind, kind), "?" + urlencode([("kind", kind)]), count)
        for kind, _label, count in sorted(values["kind"], key=lambda row: (-row[2], row[0]))[
            :SUGGESTIONS_SHOWN
        ]
    ]
    return DeadEnd(partial_hits, partial_total, topics, kinds, _close_terms(q))


def _close_terms(q) -> list[Suggestion]:
    """Glossary names spelt like the reader's words ("resilence": resilience, 회복력)."""
    terms = glossary.terms()
    names = {}
    for number, forms in enumerate(terms):
        for form in forms:
            names.setdefault(form.casefold(), number)
    suggested, seen = [], set()
    for word in WORD.findall(q):
        word = word.casefold()
        if len(word) < 3 or word in names:
            continue
        for close in difflib.get_close_matches(word, list(names), n=2, cutoff=0.75):
            number = names[close]
            if number in seen:
                continue
            seen.add(number)
            for form in terms[number][:2]:  # the English and the Korean term
                suggested.append(
                    Suggestion(form, "?" + urlencode([("q", form)]), lang=written_in(form))
                )
    return suggested[: 2 * SUGGESTIONS_SHOWN]


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


def _selected_values(filterset) -> dict[str, list[tuple[str, str]]]:
    """Each facet's valid selected values as (URL value, (label, its language)) pairs."""
    cleaned = {name: filterset.cleaned(name, []) for name in FACET_COLUMNS}
    return {
        "topic": [
            (topic.slug, _shown("topic", topic.slug, (topic.name_en, topic.name_ko)))
            for topic in cleaned["topic"]
        ],
        "kind": [(kind, _shown("kind", kind, None)) for kind in cleaned["kind"]],
        "country": [(country, _shown("country", country, None)) for country in cleaned["country"]],
        "publisher": [
            (
                str(organization.pk),
                _shown("publisher", str(organization.pk), organization.display_names),
            )
            for organization in cleaned["publisher"]
        ],
        "language": [(code, _shown("language", code, None)) for code in cleaned["language"]],
        "year": [(str(year), _shown("year", str(year), None)) for year in cleaned["year"]],
    }


def _shown(name, value, labels, reader: str | None = None) -> tuple[str, str]:
    """A facet value's label as the reader sees it, with its language: a topic's or a
    publisher's in the reader's language where it has one (``labels``: English, Korean), else
    in English; a country's as stored (in English); the others in the reader's language."""
    if labels is not None:
        return pick(*labels, reader=reader)
    if name == "country":
        return value, "en"
    translated = _value_labels(name)
    return (translated.get(value, value) if translated else value), reader or reader_language()


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


# The facet values' labels as HTML, remembered: a couple of hundred on every page, most of them
# marked as English on a Korean page (a third of the page's Python), from a set the library
# bounds. The reader's language is part of the key, and decides the marker's language.
_marked_label = functools.lru_cache(maxsize=8192)(marked)


def _build_facets(counts, selected, state) -> list[Facet]:
    built = []
    reader = reader_language()  # (once: hundreds of values are marked)
    for name in ("topic", "kind", "country", "publisher", "language", "year"):
        chosen = {value for value, _label in selected[name]}
        rows = [
            (value, _shown(name, value, labels, reader), count)
            for value, labels, count in counts[name]
        ]
        if name == "year":
            rows.sort(key=lambda row: -int(row[0]))
        else:
            rows.sort(key=lambda row: (-row[2], row[1][0].lower()))
        adding = state.adding(name)
        values = [
            FacetValue(
                value, _marked_label(*label, reader=reader), count, True, state.toggled(name, value)
            )
            if value in chosen
            else FacetValue(
                value, _marked_label(*label, reader=reader), count, False, adding(value)
            )
            for value, label, count in rows
        ]
        present = {value.value for value in values}
        values += [
            FacetValue(
                value, _marked_label(*label, reader=reader), 0, True, state.toggled(name, value)
            )
            for value, label in selected[name]
            if value not in present
        ]
        shown = values[:FACET_VALUES_SHOWN] + [
            value for value in values[FACET_VALUES_SHOWN:] if value.selected
        ]
        more = [value for value in values[FACET_VALUES_SHOWN:] if not value.selected]
        built.append(Facet(name, str(FACET_LABELS[name]), shown, more))
    return built
