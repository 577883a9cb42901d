"""Markdown rendered and then sanitised with nh3: only the tags of an allow-list, only http(s)
and mailto links. The one place the portal turns stored text into HTML."""

import html
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


@dataclass(frozen=True, eq=False)  # each list is itself (hashable, for render_markdown's cache)
class AllowList:
    """What a kind of text may use: Markdown's extensions and the tags and attributes kept."""

    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    extensions: tuple[str, ...] = ("sane_lists",)


# Short summaries, some proposed by members: paragraphs, lists, links, quotes, code.
SUMMARY = AllowList(
    tags=frozenset(
        {"a", "blockquote", "br", "code", "em", "h3", "h4", "li", "ol", "p", "pre", "strong", "ul"}
    ),
    attributes={"a": frozenset({"href", "title"})},
)
# The secretariat's long texts (an event's description): also tables, rules, abbreviations.
DESCRIPTION = AllowList(
    tags=SUMMARY.tags | {"abbr", "h5", "hr", "table", "tbody", "td", "th", "thead", "tr"},
    attributes={**SUMMARY.attributes, "abbr": frozenset({"title"})},
    extensions=("extra", "sane_lists"),
)


@lru_cache(maxsize=1024)
def render_markdown(text: str, allowed: AllowList = DESCRIPTION) -> SafeString:
    """Markdown to HTML that is safe to show as is: ``allowed``'s tags, safe links only.

    The same text always gives the same HTML, and a page shows the same few texts to every
    reader: each worker keeps the latest thousand (an event's description took 1-3 ms a page).
    """
    if not text:
        return SafeString("")
    rendered = markdown.markdown(text, extensions=list(allowed.extensions), output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=set(allowed.tags),
        attributes={tag: set(names) for tag, names in allowed.attributes.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it


def markdown_to_text(text: str, allowed: AllowList = DESCRIPTION) -> str:
    """The words of a Markdown text, without markup, for search and snippets."""
    if not text:
        return ""
    bare = nh3.clean(
        render_markdown(text, allowed), tags=set(), clean_content_tags={"script", "style"}
    )
    return " ".join(html.unescape(bare).split())
