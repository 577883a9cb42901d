"""The project's PostgreSQL backend reads timestamps with psycopg's compiled loader and gives
the values Django's own loader gives."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import DataError, connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import pq

from events.models import Event
from forum_site.postgresql.base import (
    COMPILED_LOADER,
    MAX_PARAMETERS,
    TIMESTAMPTZ_OID,
    UTCTimestampLoader,
)
from resources.models import Resource
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

STORED = [
    "2020-11-12 10:00:00+09",
    "2020-11-12 01:00:00.123456+00",
    "1999-12-31 23:59:59.5-05:30",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
]


def test_the_compiled_loader_of_the_binary_build_reads_timestamps():
    # The psycopg[binary] requirement: without it the loader would be the pure-Python one.
    assert COMPILED_LOADER.__module__.startswith("psycopg_binary")
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, pq.Format.TEXT)
    assert loader is UTCTimestampLoader
    assert isinstance(UTCTimestampLoader(TIMESTAMPTZ_OID).load.__self__, COMPILED_LOADER)


@pytest.mark.parametrize("text", STORED)
def test_timestamps_read_as_djangos_loader_reads_them(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [text])
        (value,) = cursor.fetchone()

    class DjangoLoader(BaseTzLoader):
        timezone = UTC

    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz::text", [text])
        (as_text,) = cursor.fetchone()
    expected = DjangoLoader(TIMESTAMPTZ_OID, connection.connection).load(as_text.encode())
    assert value == expected
    assert value.tzinfo is UTC
    assert value.utcoffset() == timedelta(0)


def test_a_model_round_trips_aware_times():
    start = datetime(2020, 11, 12, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=9)))
    event = EventFactory(start=start, end=start + timedelta(hours=7, minutes=30))
    stored = Event.objects.values_list("start", "end").get(pk=event.pk)
    assert stored == (start, start + timedelta(hours=7, minutes=30))
    assert stored[0].tzinfo is UTC
    assert stored[0].hour == 1 and stored[0].microsecond == 123456


def test_out_of_range_values_fail_as_with_djangos_loader():
    with connection.cursor() as cursor, pytest.raises(DataError, match="infinity"):
        cursor.execute("SELECT 'infinity'::timestamptz")
        cursor.fetchone()


def test_a_bulk_insert_of_more_values_than_a_statement_carries_is_split():
    # With server-side binding (on in these tests), every value is a parameter, and one
    # statement carries at most 65,535: Django's own backend sent all rows in one.
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    fields = [field for field in Resource._meta.concrete_fields if not field.primary_key]
    rows = MAX_PARAMETERS // len(fields) + 10
    Resource.objects.bulk_create(
        Resource(
            title=f"Measures of municipality {n}",
            slug=f"measures-{n}",
            url=f"https://example.org/{n}",
            normalized_url=f"https://example.org/{n}",
        )
        for n in range(rows)
    )
    assert Resource.objects.filter(title__startswith="Measures of municipality ").count() == rows
    assert connection.ops.bulk_batch_size(fields, range(rows)) == MAX_PARAMETERS // len(fields)
