"""Markdown summaries: rendered to a small, safe subset of HTML, or to plain text."""

import html

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to HTML, keeping only harmless tags, attributes and link schemes."""
    if not text:
        return ""
    rendered = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        clean_content_tags={"script", "style"},
    )


def markdown_to_text(text: str) -> str:
    """The words of a Markdown text, without markup, for search and snippets."""
    if not text:
        return ""
    bare = nh3.clean(render_markdown(text), tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html.unescape(bare).split())
