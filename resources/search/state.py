"""The search as URL parameters, and the links that change one thing at a time: each facet
value's, the sort's, the view's and the pages'.

A page links to a couple of hundred facet values: their query strings are put together from
pairs encoded once per page (``toggled``, ``adding``), not by ``urlencode`` per link.
"""

import functools
from urllib.parse import quote_plus, urlencode

from django.utils.functional import cached_property

from resources.filters import SortChoices, ViewChoices
from resources.search.facets import FACET_COLUMNS


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

    def __init__(self, *, q, sort, view, selected: dict[str, list[str]], page=1, expand=True):
        self.q, self.sort, self.view, self.selected, self.page = q, sort, view, selected, page
        self.expand = expand  # whether the glossary widens the words

    def params(self, **changes) -> list[tuple[str, str]]:
        values = {
            "q": self.q,
            "sort": self.sort,
            "view": self.view,
            "page": self.page,
            "expand": self.expand,
        }
        values.update(changes)
        selected = changes.get("selected", self.selected)
        params = [("q", values["q"])] if values["q"] else []
        if values["q"] and not values["expand"]:
            params.append(("expand", "off"))
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
        encoded = {"q": [_encoded_pair(k, v) for k, v in params if k in ("q", "expand")]}
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
    def expand_url(self):
        """This search with the glossary turned on, or off (back on the first page)."""
        return self.url(expand=not self.expand, page=1)

    @property
    def hidden_inputs(self) -> list[tuple[str, str]]:
        """The selected facet values, as the search box carries them: (name, value) pairs."""
        return [(name, value) for name in FACET_COLUMNS for value in self.selected.get(name, [])]

    @property
    def sort_links(self):
        """Relevance (only with words), newest and title, each with its link."""
        current = self.sort or (SortChoices.RELEVANCE if self.q else SortChoices.NEWEST)
        choices = [
            (value, label)
            for value, label in SortChoices.choices
            if self.q or value != SortChoices.RELEVANCE
        ]
        return [
            {"label": label, "url": self.url(sort=value, page=1), "current": value == current}
            for value, label in choices
        ]

    @property
    def view_links(self):
        return [
            {
                "label": label,
                "url": self.url(view=value),
                "current": value == (self.view or ViewChoices.LIST),
            }
            for value, label in ViewChoices.choices
        ]


class Pages(Lookups):
    """The links between the pages of one search (resources/_pagination.html)."""

    def __init__(self, state: SearchState, *, number: int, count: int):
        self.number, self.count = number, count
        self._url = state.page_url()

    @property
    def previous_url(self):
        return self._url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self):
        return self._url(self.number + 1) if self.number < self.count else ""

    @property
    def links(self):
        """Page numbers around the current one, with None for a gap."""
        shown = {1, self.count, *range(self.number - 2, self.number + 3)}
        links, previous = [], 0
        for number in sorted(n for n in shown if 1 <= n <= self.count):
            if number > previous + 1:
                links.append(None)
            # dicts: the template's lookups find their keys at the first try
            links.append(
                {"number": number, "url": self._url(number), "current": number == self.number}
            )
            previous = number
        return links
