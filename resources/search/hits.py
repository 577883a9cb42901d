"""Loading a page of hits: their rows, publishers and highlighted headlines, in one query.

The page's rows are read as plain rows (a model instance per hit cost a third of building the
page's hits), with their publishers' names (in order) and, when there are words, the title and
a snippet as ``ts_headline`` marks them, computed for those rows only. ``rendering`` turns a
``Hit`` into the list's HTML; the table (resources/_table.html) reads it in its template.
"""

import functools
import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, pgettext

from common import addresses
from common.bilingual import marked
from resources.links import archive_url
from resources.models import KIND_LABELS
from resources.search.analysis import Words, hangul_terms
from resources.search.query import as_words

# Private-use characters mark the matches in headlines: ``rendering.highlight`` escapes the
# text, then turns them, and nothing else, into <mark>.
MARK_START, MARK_STOP = "\ue000", "\ue001"
# What the hit list and the table show (``rendering.HitHTML``, resources/_table.html); loading
# only these halves the cost of the page's rows.
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


@dataclass(frozen=True)
class Publisher:
    """A hit's publisher as the hit shows it: the name, or the acronym where it has one, in
    the reader's language, or in English marked as such (HTML)."""

    name: str
    short_name: str


# The page's rows with their publishers' names (in order), in one query; the headlines are
# added when there are words. Plain SQL: composing it with the ORM (and a prefetch with a
# model instance per publisher) cost more than running it.
# Both lists of a hit's publishers from one join (a subquery each cost twice as much).
# Each in the reader's language: the Korean columns' when the page is Korean, NULL where the
# Korean is missing (the hit then shows the English, marked as such).
PUBLISHERS_SQL = (
    "LEFT JOIN LATERAL (SELECT array_agg({name} ORDER BY p.position, p.id) AS names, "
    "array_agg({short_name} ORDER BY p.position, p.id) AS short_names, "
    "array_agg(COALESCE(NULLIF(o.acronym, ''), o.name) ORDER BY p.position, p.id) AS short_names_en, "
    "array_agg(o.name ORDER BY p.position, p.id) AS names_en "
    "FROM resources_resourcepublisher AS p "
    "JOIN directory_organization AS o ON o.id = p.organization_id "
    "WHERE p.resource_id = r.id) AS publishers ON true"
)
HITS_SQL = (
    "SELECT {columns}, COALESCE(publishers.names, '{{}}') AS publisher_names, "  # noqa: S608 - fixed fragments; values are parameters
    "COALESCE(publishers.short_names, '{{}}') AS publisher_short_names, "
    "COALESCE(publishers.names_en, '{{}}') AS publisher_names_en, "
    "COALESCE(publishers.short_names_en, '{{}}') AS publisher_short_names_en{headlines} "
    f"FROM resources_resource AS r {PUBLISHERS_SQL} "
    "WHERE r.id = ANY(%s) AND r.status = 'published'"
).replace("{columns}", ", ".join(f"r.{column}" for column in HIT_FIELDS))
PUBLISHER_NAMES = {
    "en": {"name": "o.name", "short_name": "COALESCE(NULLIF(o.acronym, ''), o.name)"},
    "ko": {
        "name": "NULLIF(o.name_ko, '')",
        "short_name": "COALESCE(NULLIF(o.acronym_ko, ''), NULLIF(o.name_ko, ''))",
    },
}
HITS_SQL_IN = {
    language: HITS_SQL.replace("{name}", names["name"]).replace("{short_name}", names["short_name"])
    for language, names in PUBLISHER_NAMES.items()
}
HEADLINES_SQL = (
    ", ts_headline('english'::regconfig, {title}, {query}, %s) AS title_headline, "
    "ts_headline('english'::regconfig, {summary}, {query}, %s) AS snippet_headline"
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
    """One hit as the list (``rendering.HitHTML``) and the table (resources/_table.html) show
    it. ``headline`` and ``snippet`` are text; with ``marked``, their matches sit between
    ``MARK_START`` and ``MARK_STOP``."""

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
    headline: str  # the title as the list shows it
    title_lang: str  # the language of that title ("en" where a Korean reader has no Korean)
    snippet: str  # the summary's best passages, or its first forty words; "" without one
    snippet_lang: str  # the language of that snippet, as ``title_lang``
    marked: bool
    is_broken: bool
    archive_url: str


def in_language(text, english, language) -> SafeString:
    """A publisher's name in the reader's language (``language``), or the English marked as
    such."""
    if text:
        return marked(text, language, reader=language)
    return marked(english, "en", reader=language)


def mark_terms(text: str, terms: list[str]) -> str:
    """The Korean words marked in a headline: PostgreSQL's parser takes "서울에서" as one word,
    which the index holds as pairs, so ``ts_headline`` cannot mark "서울" in it."""
    if not terms or not text:
        return text
    pattern = re.compile("|".join(re.escape(term) for term in terms))
    return pattern.sub(lambda match: f"{MARK_START}{match.group()}{MARK_STOP}", text)


def page_of_hits(page_ids: list[int], *, q: "str | Words") -> list[Hit]:
    """The page's rows in the order found, with their publishers and, for words, the
    headlines marked for those rows only: one query."""
    korean = (get_language() or "").startswith("ko")
    headlines, params = "", []
    q = as_words(q)
    terms = hangul_terms(" ".join(" ".join(group) for group in q.groups))
    if q:
        query_sql, query_params = q.sql()
        headlines = HEADLINES_SQL.format(
            query=query_sql,
            title="COALESCE(NULLIF(r.title_ko, ''), r.title)" if korean else "r.title",
            summary="COALESCE(NULLIF(r.summary_ko, ''), r.summary_text)"
            if korean
            else "r.summary_text",
        )
        params = [
            *(*query_params, _headline_options(TITLE_HEADLINE)),
            *(*query_params, _headline_options(SNIPPET_HEADLINE)),
        ]
    with connection.cursor() as cursor:
        sql = HITS_SQL_IN["ko" if korean else "en"]
        cursor.execute(sql.format(headlines=headlines), [*params, page_ids])
        rows = cursor.fetchall()
    position = {pk: number for number, pk in enumerate(page_ids)}
    rows.sort(key=lambda row: position[row[0]])
    detail_url = addresses.by_slug("resources:detail")
    # Truncator's "…", translated once for the page rather than for each hit
    ellipsis = pgettext("String to return when truncating text", "%(truncated_text)s…")
    language = "ko" if korean else "en"
    hits = []
    for row in rows:
        column = dict(zip(HIT_FIELDS, row, strict=False))  # then publishers and headlines
        title, url, year = column["title"], column["url"], column["published_year"]
        summary = column["summary_text"]
        names, short_names, names_en, short_names_en, *headlined = row[len(HIT_FIELDS) :]
        publishers = [
            Publisher(
                in_language(name, name_en, language),
                in_language(short_name, short_name_en, language),
            )
            for name, short_name, name_en, short_name_en in zip(
                names, short_names, names_en, short_names_en, strict=True
            )
        ]
        kind_label = str(KIND_LABELS.get(column["kind"], column["kind"]))
        display_title = column["title_ko"] if korean and column["title_ko"] else title
        if q:
            headline, snippet = (mark_terms(text, terms) for text in headlined)
            snippet = snippet if summary or (korean and column["summary_ko"]) else ""
        else:
            headline = display_title
            text = column["summary_ko"] if korean and column["summary_ko"] else summary
            snippet = Truncator(text).words(40, truncate=ellipsis)
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
                meta=SafeString(
                    " · ".join(
                        part
                        for part in (
                            ", ".join(publisher.short_name for publisher in publishers),
                            conditional_escape(kind_label),
                            str(year or ""),
                        )
                        if part
                    )
                ),
                headline=headline,
                title_lang="ko" if korean and column["title_ko"] else "en",
                snippet=snippet,
                snippet_lang="ko" if korean and column["summary_ko"] else "en",
                marked=bool(q),
                is_broken=broken,
                archive_url=archive_url(url) if broken else "",
            )
        )
    return hits
