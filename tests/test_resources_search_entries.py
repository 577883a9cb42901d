"""The search entries: a narrow copy of every published resource, kept by a database trigger.

The search matches and ranks words in these rows, so each test compares them with the resource
table itself after a change made the way the portal (or anyone with SQL) makes it.
"""

from datetime import date

import pytest
from django.db import connection

from directory.models import Topic
from resources import services
from resources.models import Resource, SearchEntry
from tests.factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.django_db

COLUMNS = (
    "search_vector",
    "title",
    "kind",
    "countries",
    "languages",
    "topic_ids",
    "publisher_ids",
    "published_on",
    "published_at",
    "published_year",
)


def entries() -> dict[int, tuple]:
    return {row[0]: row[1:] for row in SearchEntry.objects.values_list("id", *COLUMNS)}


def published_rows() -> dict[int, tuple]:
    return {
        row[0]: row[1:]
        for row in Resource.objects.filter(status=Resource.Status.PUBLISHED).values_list(
            "id", *COLUMNS
        )
    }


def test_a_published_resource_has_an_entry_equal_to_its_row_and_a_draft_none():
    publisher = OrganizationFactory(name="Dhankuta Municipality", country="Nepal")
    published = ResourceFactory(title="Flood measures", publishers=[publisher])
    ResourceFactory(title="Draft flood plan", status=Resource.Status.DRAFT)

    assert set(entries()) == {published.pk}
    assert entries() == published_rows()
    entry = SearchEntry.objects.get()
    assert entry.countries == ["Nepal"]
    assert entry.publisher_ids == [publisher.pk]
    assert "flood" in str(entry.search_vector)
    assert "dhankuta" in str(entry.search_vector)


def test_edits_publishing_and_withdrawing_keep_the_entries_in_step():
    resource = ResourceFactory(title="Heatwave shelters", status=Resource.Status.DRAFT)
    assert not SearchEntry.objects.exists()

    services.publish_resources(resources=Resource.objects.filter(pk=resource.pk))
    assert set(entries()) == {resource.pk}

    resource.refresh_from_db()
    resource.title = "Cooling centres"
    resource.published_on = date(2021, 5, 1)
    resource.date_precision = Resource.DatePrecision.MONTH
    services.save_resource(resource=resource, publishers=[], topics=[])
    entry = SearchEntry.objects.get()
    assert entry.title == "Cooling centres"
    assert entry.published_year == 2021
    assert "cool" in str(entry.search_vector)
    assert "heatwav" not in str(entry.search_vector)
    assert entries() == published_rows()

    services.withdraw_resources(resources=Resource.objects.filter(pk=resource.pk))
    assert not SearchEntry.objects.exists()


def test_topic_renames_reach_the_entries_through_the_search_columns():
    topic = Topic.objects.create(name="Public health", slug="public-health")
    resource = ResourceFactory(title="Clinic triage", topics=[topic])
    assert "public" in str(SearchEntry.objects.get().search_vector)

    topic.name = "Epidemiology"
    topic.save()
    services.refresh_search_columns([resource.pk])
    assert "epidemiolog" in str(SearchEntry.objects.get().search_vector)
    assert entries() == published_rows()


def test_the_search_columns_of_more_resources_than_a_statement_has_parameters():
    # A publisher linked to 70,000 resources: their ids go as one parameter (a statement
    # carries at most 65,535 with server-side binding).
    topic = Topic.objects.create(name="Public health", slug="public-health")
    resource = ResourceFactory(title="Clinic triage", topics=[topic])
    Resource.objects.filter(pk=resource.pk).update(search_topics="")
    assert "public" not in str(Resource.objects.get(pk=resource.pk).search_vector)

    services.refresh_search_columns([*range(resource.pk + 1, resource.pk + 70_000), resource.pk])
    assert "public" in str(SearchEntry.objects.get().search_vector)
    assert entries() == published_rows()


def test_changes_made_in_sql_bulk_and_deletion_are_followed():
    first, second, third = (ResourceFactory(title=f"Guide {n}") for n in range(3))
    Resource.objects.filter(pk=first.pk).update(status=Resource.Status.WITHDRAWN)
    Resource.objects.filter(pk=second.pk).update(kind=Resource.Kind.VIDEO, countries=["Fiji"])
    third.delete()
    Resource.objects.bulk_create(
        [
            Resource(
                title="Bulk one",
                slug="bulk-one",
                status=Resource.Status.PUBLISHED,
                published_at=second.published_at,
            )
        ]
    )

    assert entries() == published_rows()
    assert SearchEntry.objects.get(pk=second.pk).kind == Resource.Kind.VIDEO
    assert SearchEntry.objects.filter(title="Bulk one").exists()
    assert not SearchEntry.objects.filter(pk__in=[first.pk, third.pk]).exists()

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # (TRUNCATE refuses pending checks)
        cursor.execute("TRUNCATE resources_resource CASCADE")
    assert not SearchEntry.objects.exists()
