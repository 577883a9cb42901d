"""What the library's figures are drawn from: searches (words, filters, result count, day;
nobody's identity), links followed from resource pages (a count per day), link health by day."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from resources import services, tasks
from resources.models import LinkHealthSnapshot, Resource, ResourceOpen, SearchLog
from resources.search.page import PER_PAGE
from tests.factories import ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_a_library_search_is_logged_without_who_made_it(user_client, user):
    topic = TopicFactory(slug="flooding")
    ResourceFactory(title="Flood measures", topics=[topic])
    ResourceFactory(title="Flood maps")

    user_client.get("/resources/?q=flood&topic=flooding")

    (entry,) = SearchLog.objects.all()
    assert (entry.query, entry.filters, entry.result_count) == (
        "flood",
        {"topic": ["flooding"]},
        1,
    )
    assert entry.searched_on == timezone.localdate()
    # Nothing else is stored: no person, no address, no time of day.
    assert {field.name for field in SearchLog._meta.get_fields()} == {
        "id",
        "query",
        "filters",
        "result_count",
        "searched_on",
    }
    row = SearchLog.objects.values().get()
    assert user.email not in str(row) and "127.0.0.1" not in str(row)


def test_browsing_and_later_pages_are_not_searches(client):
    ResourceFactory.create_batch(PER_PAGE + 1, title="Flood plan")

    client.get("/resources/")
    client.get("/resources/?q=flood&page=2")

    assert SearchLog.objects.count() == 0


def test_a_search_with_no_results_is_logged_with_zero(client):
    client.get("/resources/?q=zzzqqq")

    assert list(SearchLog.objects.values_list("query", "result_count")) == [("zzzqqq", 0)]


def test_searches_older_than_twelve_months_are_purged():
    today = date(2026, 12, 3)
    for day in [date(2025, 12, 2), date(2025, 12, 3), date(2026, 6, 1)]:
        SearchLog.objects.create(query="flood", result_count=1, searched_on=day)

    deleted = services.purge_search_log(today=today)

    assert deleted == 1
    assert sorted(SearchLog.objects.values_list("searched_on", flat=True)) == [
        date(2025, 12, 3),
        date(2026, 6, 1),
    ]


def test_the_nightly_purge_task_runs_the_purge():
    SearchLog.objects.create(query="old", result_count=0, searched_on=date(2000, 1, 1))

    assert tasks.purge_search_log(timestamp=0) == 1
    assert SearchLog.objects.count() == 0


def test_opening_a_resource_counts_and_redirects_to_its_link(client):
    resource = ResourceFactory(url="https://library.example.org/report.pdf")

    first = client.get(reverse("resources:open", args=[resource.pk]))
    client.get(reverse("resources:open", args=[resource.pk]))

    assert (first.status_code, first["Location"]) == (302, "https://library.example.org/report.pdf")
    assert list(ResourceOpen.objects.values_list("resource", "day", "count")) == [
        (resource.pk, timezone.localdate(), 2)
    ]


def test_the_resource_page_opens_through_the_counter(client):
    resource = ResourceFactory()

    response = client.get(resource.get_absolute_url())

    assert f'href="/resources/{resource.pk}/open/"' in response.content.decode()


@pytest.mark.parametrize("status", [Resource.Status.DRAFT, Resource.Status.WITHDRAWN])
def test_an_unpublished_resource_cannot_be_opened(client, status):
    resource = ResourceFactory(status=status)

    response = client.get(reverse("resources:open", args=[resource.pk]))

    assert response.status_code == 404
    assert ResourceOpen.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_readers_opening_at_once_are_each_counted():
    resource = ResourceFactory()
    start = threading.Barrier(8)

    def open_once():
        try:
            start.wait()
            services.record_open(resource=resource)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ResourceOpen.objects.get(resource=resource).count == 8


def test_link_health_snapshot_counts_each_state():
    now = timezone.now()
    ResourceFactory()  # never checked
    working = ResourceFactory()
    redirected = ResourceFactory()
    failing = ResourceFactory()
    broken = ResourceFactory()
    Resource.objects.filter(pk=working.pk).update(last_checked_at=now, last_status=200)
    Resource.objects.filter(pk=redirected.pk).update(
        last_checked_at=now, last_status=200, final_url="https://elsewhere.example.org/"
    )
    Resource.objects.filter(pk=failing.pk).update(
        last_checked_at=now, last_status=500, consecutive_failures=1
    )
    Resource.objects.filter(pk=broken.pk).update(
        last_checked_at=now, last_status=404, consecutive_failures=2, broken_since=now
    )

    services.snapshot_link_health(day=date(2026, 12, 1))
    services.snapshot_link_health(day=date(2026, 12, 1))  # the same day again: one row

    assert list(
        LinkHealthSnapshot.objects.values_list(
            "day", "working", "redirected", "failing", "broken", "unchecked"
        )
    ) == [(date(2026, 12, 1), 1, 1, 1, 1, 1)]


def test_the_link_checker_task_keeps_the_days_health(httpserver):
    httpserver.expect_request("/ok").respond_with_data("fine")
    ResourceFactory(url=httpserver.url_for("/ok"))

    assert tasks.check_links(timestamp=0) == {"checked": 1, "failed": 0}

    snapshot = LinkHealthSnapshot.objects.get()
    assert (snapshot.day, snapshot.working, snapshot.unchecked) == (timezone.localdate(), 1, 0)
    assert timezone.localdate() - snapshot.day == timedelta(0)
