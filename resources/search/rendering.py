"""The HTML of the hit list and of the facet blocks ("Refine"), built in Python.

Twenty hits a page with a dozen values each, and a couple of hundred facet values, all
different on every search: as template includes they cost several times the rest of the
page. They are built here, the one place where the search makes HTML, through
``common.html.Fragment`` (every variable part escaped; docs/html-from-python.md), and pinned
by tests of their exact markup.
"""

import re
from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from common.bilingual import marked
from common.html import Fragment, escape, join
from resources.search.hits import MARK_START, MARK_STOP, Hit

MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.DOTALL)
NOTHING = SafeString()  # an empty hole, already HTML


def highlight(text: str) -> SafeString:
    """Escape a headline and turn its match markers, and nothing else, into <mark>."""
    marked = MARKED.sub(r"<mark>\1</mark>", escape(text))
    return SafeString(marked.replace(MARK_START, "").replace(MARK_STOP, ""))


@dataclass
class FacetValue:
    """One value of a facet as the "Refine" column shows it, with the link that toggles it."""

    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    more: list[FacetValue] = field(default_factory=list)  # behind "N more"


# One facet value's link.
FACET_VALUE = Fragment(
    '<li><a class="facet__value" href="{url}"{current}><span class="facet__check" '
    'aria-hidden="true">{check}</span><span class="facet__label">{selected}{label}</span> '
    '<span class="facet__count">{count}<span class="visually-hidden"> {resources}</span>'
    "</span></a></li>"
)
SELECTED = Fragment('<span class="visually-hidden">{selected} </span>')
CURRENT = SafeString(' aria-current="true"')


class FacetValueHTML:
    """Renders FacetValues with the page's words translated once."""

    def __init__(self):
        resources = gettext("resources")
        # Two fragments, chosen or not, with the page's words already in place.
        self.fragments = {
            True: FACET_VALUE.fixed(
                current=CURRENT,
                check="✓",
                selected=SELECTED.fill(selected=gettext("Selected:")),
                resources=resources,
            ),
            False: FACET_VALUE.fixed(current="", check="", selected="", resources=resources),
        }
        self.separator = get_format("THOUSAND_SEPARATOR")

    def __call__(self, value: FacetValue) -> SafeString:
        count = f"{value.count:,}"
        return self.fragments[value.selected].fill(
            url=value.url,
            label=value.label,
            count=count if self.separator == "," else count.replace(",", self.separator),
        )


# One facet's block of the "Refine" column, and its values past the first ones.
FACET = Fragment(
    '<section class="facet" aria-labelledby="facet-{name}">\n'
    '  <h3 id="facet-{name}">{label}</h3>\n'
    '  <ul class="facet__values">{values}</ul>\n'
    "{more}</section>\n"
)
FACET_MORE = Fragment(
    '  <details class="facet__more">\n'
    "    <summary>{summary}</summary>\n"
    '    <ul class="facet__values">{values}</ul>\n'
    "  </details>\n"
)


def facets_html(facets: list[Facet]) -> SafeString:
    """The facets that have values, as the "Refine" column's blocks."""
    render = FacetValueHTML()
    blocks = []
    for facet in facets:
        if not facet.values:
            continue
        more = NOTHING
        if facet.more:
            count = len(facet.more)
            more = FACET_MORE.fill(
                summary=ngettext("%(counter)s more", "%(counter)s more", count)
                % {"counter": count},
                values=join(map(render, facet.more)),
            )
        blocks.append(
            FACET.fill(
                name=facet.name,
                label=facet.label,
                values=join(map(render, facet.values)),
                more=more,
            )
        )
    return join(blocks)


# One hit of the list.
HIT = Fragment(
    '<li><article class="hit">\n'
    '  <h3 class="hit__title"><a href="{title_link}"{rel}>{headline}</a></h3>\n'
    '  <p class="hit__meta">{meta}</p>\n'
    "{snippet}"
    '  <p class="hit__more">\n'
    '    <a href="{detail_url}">{details}<span class="visually-hidden">: {title}</span></a>'
    "{broken}{no_link}\n"
    "  </p>\n"
    "</article></li>"
)
SNIPPET = Fragment('  <p class="hit__snippet">{snippet}</p>\n')
NOOPENER = SafeString(' rel="noopener"')
BROKEN = Fragment(
    ' · <span class="hit__broken">{offline}</span> <a href="{archive_url}"{rel}>{archived}</a>'
)
NO_LINK = Fragment(" · <span>{no_link}</span>")


class HitHTML:
    """Renders hits (``hits.Hit``) with the page's words translated once."""

    def __init__(self):
        self.hit = HIT.fixed(details=gettext("Details"))
        self.broken = BROKEN.fixed(
            offline=gettext("The source seems to be offline."),
            rel=NOOPENER,
            archived=gettext("Archived copy"),
        )
        self.no_link = NO_LINK.fill(no_link=gettext("Link to be added by the secretariat"))

    def __call__(self, hit: Hit) -> SafeString:
        if hit.marked:
            headline, snippet = highlight(hit.headline), highlight(hit.snippet)
        else:  # text, escaped by fill()
            headline, snippet = hit.headline, hit.snippet
        return self.hit.fill(
            title_link=hit.title_link,
            rel=NOOPENER if hit.url else NOTHING,
            headline=marked(headline, hit.title_lang),
            meta=hit.meta,
            snippet=SNIPPET.fill(snippet=marked(snippet, hit.snippet_lang)) if snippet else NOTHING,
            detail_url=hit.detail_url,
            title=hit.display_title,
            broken=self.broken.fill(archive_url=hit.archive_url) if hit.is_broken else NOTHING,
            no_link=NOTHING if hit.url else self.no_link,
        )


def hits_html(hits: list[Hit]) -> SafeString:
    """The hit list's items."""
    return join(map(HitHTML(), hits))
