"""Facet counts from bitmaps: each facet value's published resources as one Roaring bitmap.

Counting facets in SQL costs PostgreSQL an aggregation per facet over every hit, which grows
with the number of hits (a third of a second for the whole library). Here the search's SQL
only finds the hits once; the counts are intersections of compressed bitmaps of resource ids
(pyroaring, the CRoaring library that search engines use for the same job):
``hits.intersection_cardinality(value)`` takes under a microsecond however many resources match.

The bitmaps are the library at one ``LibraryVersion`` number, kept in each process's memory
(about 1 MB for 100,000 resources). The search's first query reads the current number
and, only when it differs from the copy's, also returns the postings to rebuild it from: the
same number of queries either way, and the copy always matches what that query saw.

Lowest module of the search: it imports nothing from the rest of the package.
"""

import sys
from array import array
from dataclasses import dataclass, field

from django.db import connection
from pyroaring import BitMap64

from directory.models import DISPLAY_NAME_KO_SQL, DISPLAY_NAME_SQL

# The facets, in the order the page shows them, and the column each is read from (the array
# columns hold several values per resource).
FACET_COLUMNS = {
    "topic": "topic_ids",
    "kind": "kind",
    "country": "countries",
    "publisher": "publisher_ids",
    "language": "languages",
    "year": "published_year",
}

# (facet, URL value, labels, -, packed ids) of every facet value of the published library and
# of the library as a whole ('all'), the labels of topics and publishers as [English, Korean]
# (the Korean NULL where there is none); no row at all unless the caller's copy is missing or out
# of date ({stale}), in which case the 'all' row always comes, even for an empty library.
# Every part reads one materialised CTE, empty unless stale: PostgreSQL never runs a CTE scan
# in parallel, so no worker processes are started for the parts that have nothing to do.
POSTINGS_CTE = (
    "published AS MATERIALIZED (SELECT r.id, r.kind, r.published_year, r.countries, "
    "r.languages, r.topic_ids, r.publisher_ids FROM resources_resource AS r "
    "WHERE r.status = 'published' AND {stale})"
)
POSTINGS_SQL = """
SELECT 'all', NULL, NULL::text[], NULL::bigint, string_agg(int8send(p.id), ''::bytea)
  FROM published AS p HAVING {stale}
UNION ALL
SELECT 'kind', p.kind, NULL, NULL, string_agg(int8send(p.id), ''::bytea)
  FROM published AS p GROUP BY p.kind
UNION ALL
SELECT 'year', p.published_year::text, NULL, NULL, string_agg(int8send(p.id), ''::bytea)
  FROM published AS p WHERE p.published_year IS NOT NULL GROUP BY p.published_year
UNION ALL
SELECT 'country', v.value, NULL, NULL, string_agg(int8send(p.id), ''::bytea)
  FROM published AS p CROSS JOIN LATERAL unnest(p.countries) AS v(value)
 WHERE v.value IS NOT NULL GROUP BY v.value
UNION ALL
SELECT 'language', v.value, NULL, NULL, string_agg(int8send(p.id), ''::bytea)
  FROM published AS p CROSS JOIN LATERAL unnest(p.languages) AS v(value)
 WHERE v.value IS NOT NULL GROUP BY v.value
UNION ALL
SELECT 'topic', t.slug, ARRAY[t.name, NULLIF(t.name_ko, '')], NULL, g.ids
  FROM (SELECT v.value AS id, string_agg(int8send(p.id), ''::bytea) AS ids
          FROM published AS p CROSS JOIN LATERAL unnest(p.topic_ids) AS v(value)
         GROUP BY v.value) AS g
  JOIN directory_topic AS t ON t.id = g.id
UNION ALL
SELECT 'publisher', o.id::text, ARRAY[{publisher_label}, {publisher_label_ko}], NULL, g.ids
  FROM (SELECT v.value AS id, string_agg(int8send(p.id), ''::bytea) AS ids
          FROM published AS p CROSS JOIN LATERAL unnest(p.publisher_ids) AS v(value)
         GROUP BY v.value) AS g
  JOIN directory_organization AS o ON o.id = g.id
""".replace("{publisher_label}", DISPLAY_NAME_SQL).replace(
    "{publisher_label_ko}", DISPLAY_NAME_KO_SQL
)
# The library's current version, whether the caller's copy (two parameters: its version, or
# NULL for none) must be rebuilt, and the rows to rebuild it from.
STALE = "(SELECT stale.yes FROM stale)"
STATE_CTES = (
    "library AS (SELECT (SELECT v.number FROM resources_libraryversion AS v WHERE v.id = 1) "  # noqa: S608 - constants
    "AS version), stale AS (SELECT (%s::bigint IS NULL OR library.version IS DISTINCT FROM %s) "
    "AS yes FROM library), " + POSTINGS_CTE.format(stale=STALE)
)
VERSION_ROW = "SELECT 'version', NULL, NULL::text[], library.version, NULL::bytea FROM library"


def unpack_ids(packed) -> array:
    """Resource ids packed by ``string_agg(int8send(id), '')`` (big-endian 8-byte integers)."""
    ids = array("Q")
    if packed:
        ids.frombytes(bytes(packed))
        if sys.byteorder == "little":
            ids.byteswap()
    return ids


@dataclass
class FacetIndex:
    """The published library's facet values as bitmaps of resource ids, at one version."""

    database: str
    version: int | None
    everything: BitMap64 = field(default_factory=BitMap64)
    postings: dict = field(default_factory=dict)  # facet -> {value: bitmap}
    labels: dict = field(default_factory=dict)  # facet -> {value: (English, Korean or None)}
    library_counts: dict = field(default_factory=dict)  # facet -> counts over everything
    handed: dict = field(default_factory=dict)  # selection -> its resources as SQL (query)

    @classmethod
    def from_rows(cls, database: str, version: int | None, rows) -> "FacetIndex":
        """Build from the (facet, value, label, -, packed ids) rows of POSTINGS_SQL."""
        index = cls(database=database, version=version)
        for facet, value, label, _number, packed in rows:
            bits = BitMap64(unpack_ids(packed))
            if facet == "all":
                index.everything = bits
                continue
            index.postings.setdefault(facet, {})[value] = bits
            if label is not None:
                index.labels.setdefault(facet, {})[value] = tuple(label)
        return index

    def bits(self, packed) -> BitMap64:
        """The bitmap of these packed resource ids; ids outside the index are left out."""
        return self.bits_of(unpack_ids(packed))

    def bits_of(self, ids) -> BitMap64:
        return BitMap64(ids) & self.everything

    def passing(self, hits: BitMap64, selections: dict) -> BitMap64:
        """The hits having a selected value of every facet with a selection."""
        for bits in selections.values():
            hits = hits & bits
        return hits

    def selection(self, facet: str, values) -> BitMap64:
        """Resources having any of these values of one facet (the values are alternatives)."""
        postings = self.postings.get(facet, {})
        return BitMap64.union(
            BitMap64(), *(postings[value] for value in values if value in postings)
        )

    def counts(self, hits: BitMap64, selections: dict, facets) -> tuple[int, dict]:
        """The total and each facet's (value, labels, count) among the hits (the labels as
        ``labels`` holds them, None for facets without).

        A facet is counted over the hits that pass every *other* facet's selection, so its
        own values stay visible as alternatives; values counting nothing are left out.
        """
        total = self.passing(hits, selections)
        values = {}
        for facet in facets:
            base = hits
            for name, bits in selections.items():
                if name != facet:
                    base = base & bits
            if base is self.everything:  # the whole library (the library's first page)
                values[facet] = self._library_counts(facet)
                continue
            labels = self.labels.get(facet, {})
            found = []
            if base:
                count_in = base.intersection_cardinality
                for value, bits in self.postings.get(facet, {}).items():
                    if count := count_in(bits):
                        found.append((value, labels.get(value), count))
            values[facet] = found
        return len(total), values

    def _library_counts(self, facet: str) -> list:
        """A facet's counts over the whole library, counted once per copy."""
        if facet not in self.library_counts:
            labels = self.labels.get(facet, {})
            self.library_counts[facet] = [
                (value, labels.get(value), count)
                for value, bits in self.postings.get(facet, {}).items()
                if (count := len(bits))
            ]
        return self.library_counts[facet]


_current: FacetIndex | None = None


def current_index() -> FacetIndex | None:
    """This process's copy for the current database, current or not."""
    if _current is None or _current.database != connection.settings_dict["NAME"]:
        return None
    return _current


def known_version() -> int | None:
    """The version of this process's copy for the current database, or None."""
    database = connection.settings_dict["NAME"]
    if _current is None or _current.database != database:
        return None
    return _current.version


def forget() -> None:
    """Drop this process's copy: the next search rebuilds it (as after a change)."""
    global _current
    _current = None


def index_after(version: int | None, posting_rows) -> FacetIndex:
    """This process's copy at ``version``, rebuilt from ``posting_rows`` when it was stale."""
    global _current
    database = connection.settings_dict["NAME"]
    if posting_rows or _current is None or _current.database != database:
        _current = FacetIndex.from_rows(database, version, posting_rows)
    return _current
