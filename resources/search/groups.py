"""Wide searches kept as search groups (migrations 0013 and 0014): the glossary's, and the
searches readers ask most.

Typing any name of a glossary term ("covid", "코로나19", "resilience", "infection control")
searches an OR of the term's names. When those names have many postings, summing them per
resource costs tens of milliseconds a search (``query.NAMES_SQL``); a group holds that query's
hits with their ranks, in the page's order, and the search reads them as it reads one word's.
Searches of several words with many hits ("재난 대응": disaster AND response, each widened by
the glossary) cost more still: ``ts_rank`` weighs how close their words stand, so the entries
read and rank every hit's vector (about 3 microseconds a hit). The searches most asked lately
(the search log) get a group too, when they have as many hits.

``build_groups`` makes a group for each name of each term, as the search widens it, and for
each of the ``ASKED_GROUPS`` searches asked most in the last ``ASKED_DAYS`` days (at least
``ASKED_FROM`` times), with at least ``GROUPS_FROM`` hits, and drops the groups no longer
wanted. It runs after a change to the glossary (a job, ``resources.tasks``), nightly (the
library grows, readers ask other things), and from ``reindex_search``. Until it has run, a
search without its group is served as before: a group is keyed by its exact query, so no
group is ever wrong, only missing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.utils import timezone

from directory import glossary
from resources.models import SearchLog
from resources.search.analysis import Words
from resources.search.expansion import expand
from resources.search.query import corrected_query, name_slots

# A name's search gets a group when it has at least this many hits: below it, the entries or
# the postings of its words rank them as fast. In the synthetic library of 100,000 resources,
# 205 of the glossary's 551 searches have as many, with 3.6 million hits between them.
GROUPS_FROM = 5000
# The searches asked most lately get groups too: at most this many, each asked at least so many
# times in so many days (the search log keeps what was typed, never who typed it).
ASKED_GROUPS = 200
ASKED_FROM = 3
ASKED_DAYS = 30


@dataclass
class Built:
    kept: int
    made: int
    dropped: int


def glossary_queries() -> list[Words]:
    """The text query of every glossary name as the search widens it, once each (those that
    are an OR of names), in the glossary's order."""
    queries, seen = [], set()
    glossary.forget()  # the names as saved now, not as this process last read them
    for names in glossary.terms():
        for name in names:
            words = expand(name).words
            if name_slots(words) and words not in seen:
                seen.add(words)
                queries.append(words)
    return queries


def asked_queries() -> list[Words]:
    """The text query of each search asked most lately, as the search makes it (the glossary
    widening its words; the spelling corrected when the words find nothing), once each, most
    asked first; the words as typed, whatever their case."""
    since = timezone.localdate() - timedelta(days=ASKED_DAYS)
    asked = (
        SearchLog.objects.filter(searched_on__gt=since)
        .exclude(query="")
        .values(typed=Lower("query"))
        .annotate(times=Count("id"))
        .filter(times__gte=ASKED_FROM)
        .order_by("-times", "typed")
    )
    queries, seen = [], set()
    for row in asked.iterator():
        typed = row["typed"]
        words = expand(typed).words
        if words and not _finds_anything(words) and (corrected := corrected_query(typed)):
            words = expand(corrected).words  # what the page searches instead ("pandamic")
        if words and not words.units and words not in seen:
            seen.add(words)
            queries.append(words)
            if len(queries) == ASKED_GROUPS:
                break
    return queries


def _finds_anything(words: Words) -> bool:
    query_sql, params = words.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT FROM resources_searchentry AS e "  # noqa: S608 - the query's SQL; words are parameters
            f"WHERE e.search_vector @@ {query_sql})",
            params,
        )
        return cursor.fetchone()[0]


# A query's text (its group's key), and whether it can have a group and has at least %s
# hits. A group's words must be all its query needs (the trigger finds a resource's groups by
# them): not so for a prefix ("물" finds "물을") or a negation (migration 0014). One plain word
# needs none: its postings serve it in order already (migration 0007).
WANTED_SQL = (
    "SELECT q.query::text, resources_query_words(q.query) IS NOT NULL "
    "AND resources_single_word(q.query) IS NULL "
    "AND (SELECT count(*) FROM (SELECT FROM resources_searchentry AS e "
    "WHERE e.search_vector @@ q.query LIMIT %s) AS f) >= %s FROM (SELECT {query} AS query) AS q"
)


def build_groups(*, minimum: int | None = None) -> Built:
    """Make the groups the glossary's names and the searches asked most want, and drop the
    others. Each group is made in its own transaction: writers of resources wait for one group
    at a time, not for all."""
    minimum = GROUPS_FROM if minimum is None else minimum
    built = Built(kept=0, made=0, dropped=0)
    wanted = set()
    with connection.cursor() as cursor:
        for words in [*glossary_queries(), *asked_queries()]:
            query_sql, params = words.sql()
            cursor.execute(WANTED_SQL.format(query=query_sql), [minimum, minimum, *params])
            text, enough = cursor.fetchone()
            if not enough or text in wanted:
                continue
            wanted.add(text)
            cursor.execute(
                "SELECT EXISTS (SELECT FROM resources_searchgroup WHERE query_text = %s)", [text]
            )
            if cursor.fetchone()[0]:
                built.kept += 1
                continue
            with transaction.atomic():
                cursor.execute(f"SELECT resources_make_search_group({query_sql})", params)
            built.made += 1
        cursor.execute(
            "DELETE FROM resources_searchgroup WHERE NOT query_text = ANY(%s::text[])",
            [sorted(wanted)],
        )
        built.dropped = cursor.rowcount
    return built


# A group whose postings differ from what its query finds in the entries, by its key.
STALE_GROUPS_SQL = """
SELECT g.query_text FROM resources_searchgroup AS g
 WHERE EXISTS (
       (SELECT e.id, ts_rank(e.search_vector, g.query), e.published_on, e.published_at
          FROM resources_searchentry AS e WHERE e.search_vector @@ g.query
        EXCEPT
        SELECT p.resource_id, p.rank, p.published_on, p.published_at
          FROM resources_searchgroupposting AS p WHERE p.group_id = g.id)
       UNION ALL
       (SELECT p.resource_id, p.rank, p.published_on, p.published_at
          FROM resources_searchgroupposting AS p WHERE p.group_id = g.id
        EXCEPT
        SELECT e.id, ts_rank(e.search_vector, g.query), e.published_on, e.published_at
          FROM resources_searchentry AS e WHERE e.search_vector @@ g.query))
 ORDER BY g.query_text
"""


def stale_groups() -> list[str]:
    """The keys of the groups that differ from what their queries find (reads only)."""
    with connection.cursor() as cursor:
        cursor.execute(STALE_GROUPS_SQL)
        return [text for (text,) in cursor.fetchall()]


def refill(texts: list[str]) -> None:
    """Make these groups anew from the entries (``resources_make_search_group``, which keeps
    writers out while it fills), each in its own transaction."""
    with connection.cursor() as cursor:
        for text in texts:
            with transaction.atomic():
                cursor.execute(
                    "DELETE FROM resources_searchgroup WHERE query_text = %s RETURNING query::text",
                    [text],
                )
                for (query,) in cursor.fetchall():
                    cursor.execute("SELECT resources_make_search_group(%s::tsquery)", [query])
