"""Django's PostgreSQL backend, reading ``timestamp with time zone`` values with psycopg's
compiled loader.

Django 5.2 registers its own loader for these values, a subclass of psycopg's pure-Python one
that sets the zone the connection already uses (Django ticket #36960; psycopg's compiled
loaders cannot be subclassed). Each value then costs about 7 microseconds: 2.8 ms of a forum
page that lists 200 sessions, against 0.6 ms for the whole query without them. When the
connection's zone is UTC (always, with ``USE_TZ`` and no ``TIME_ZONE`` of the database), the
compiled loader returns the same values, ``datetime.timezone.utc`` included, so this backend
hands it the work. Any other zone keeps Django's loader.

With server-side binding (``DATABASE_SERVER_SIDE_BINDING``), each value is a parameter of the
statement, and PostgreSQL's protocol allows at most 65,535 of them. Django's backend assumes
values written into the statement and batches bulk inserts and cascading deletes without a
limit, so ``DatabaseOperations`` keeps each batch under it.
"""

from datetime import UTC
from functools import lru_cache

import psycopg
from django.db.backends.postgresql import base, operations
from psycopg import adapt, pq
from psycopg.types.datetime import TimestamptzLoader

TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid
# psycopg's global map names its compiled loader when the C extension is installed (the
# psycopg[binary] requirement); otherwise the pure-Python one, which still skips Django's step.
COMPILED_LOADER = psycopg.adapters.get_loader(TIMESTAMPTZ_OID, pq.Format.TEXT)


class UTCTimestampLoader(TimestamptzLoader):
    """Django's check reads ``timezone`` (``DatabaseWrapper.create_cursor``); the values come
    from the compiled loader, bound once per result column."""

    timezone = UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self.load = COMPILED_LOADER(oid, context).load


@lru_cache
def utc_adapters(template: adapt.AdaptersMap) -> adapt.AdaptersMap:
    adapters = adapt.AdaptersMap(template)
    adapters.register_loader("timestamptz", UTCTimestampLoader)
    return adapters


# The most parameters one statement may carry (the protocol's count is 16 bits).
MAX_PARAMETERS = 65_535


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        """As many rows a batch as fit in one statement's parameters, when values are sent as
        parameters; Django's whole list otherwise. ``fields`` are the columns of a bulk insert,
        or the one or more fields a cascading delete filters on."""
        size = super().bulk_batch_size(fields, objs)
        if not self.connection.settings_dict["OPTIONS"].get("server_side_binding"):
            return size
        return min(size, max(1, MAX_PARAMETERS // max(1, len(fields))))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self):
        params = super().get_connection_params()
        if self.timezone_name == "UTC" and self.timezone == UTC:
            params["context"] = utc_adapters(params["context"])
        return params
