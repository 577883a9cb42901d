"""The glossary's wide searches kept as search groups (migration 0013).

Typing any name of a glossary term ("covid", "코로나19", "resilience", "infection control")
searches an OR of the term's names. When those names have many postings, summing them per
resource costs tens of milliseconds a search (``query.NAMES_SQL``); a group holds that query's
hits with their ranks, in the page's order, and the search reads them as it reads one word's.

``build_groups`` makes a group for each name of each term, as the search widens it, with at
least ``GROUPS_FROM`` hits, and drops the groups no name makes any more. It runs
after a change to the glossary (a job, ``resources.tasks``), nightly (the library grows), and
from ``reindex_search``. Until it has run, a search without its group is served as before: a
group is keyed by its exact query, so no group is ever wrong, only missing.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from directory import glossary
from resources.search.analysis import Words
from resources.search.expansion import expand
from resources.search.query import name_slots

# A name's search gets a group when it has at least this many hits: below it, the entries or
# the postings of its words rank them as fast. In the synthetic library of 100,000 resources,
# 205 of the glossary's 551 searches have as many, with 3.6 million hits between them.
GROUPS_FROM = 5000


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


# A query's text (its group's key), and whether it can have a group and has at least %s
# hits. A group's words must be all its query needs (the trigger finds a resource's groups by
# them): not so for a prefix ("물" finds "물을") or a negation, which have no disjuncts.
WANTED_SQL = (
    "SELECT q.query::text, EXISTS (SELECT FROM resources_query_disjuncts(q.query)) "
    "AND (SELECT count(*) FROM (SELECT FROM resources_searchentry AS e "
    "WHERE e.search_vector @@ q.query LIMIT %s) AS f) >= %s FROM (SELECT {query} AS query) AS q"
)


def build_groups(*, minimum: int | None = None) -> Built:
    """Make the groups the glossary's names want, and drop the others. Each group is made in
    its own transaction: writers of resources wait for one group at a time, not for all."""
    minimum = GROUPS_FROM if minimum is None else minimum
    built = Built(kept=0, made=0, dropped=0)
    wanted = set()
    with connection.cursor() as cursor:
        for words in glossary_queries():
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
