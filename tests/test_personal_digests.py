"""Saved searches and their digests: each new match once, one digest per period, with two
workers at once or a worker killed mid-run, and a one-click unsubscribe (RFC 8058)."""

import signal
import subprocess
import sys
import threading
from datetime import timedelta
from email import message_from_bytes

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.services import publish_events, unpublish_events
from outbox.models import OutgoingMessage
from personal import digests
from personal.models import Digest, DigestItem, SavedSearch
from personal.services import save_search
from tests import processes
from tests.factories import EventFactory, ResourceFactory, UserFactory


def flood_search(user=None, frequency="daily", kind="resources", query="q=flood"):
    search = save_search(
        user=user or UserFactory(),
        kind=kind,
        query=query,
        name="Flood plans",
        frequency=frequency,
    )
    SavedSearch.objects.filter(pk=search.pk).update(
        last_digest_at=timezone.now() - timedelta(minutes=5)
    )
    search.refresh_from_db()
    return search


def publish_twenty():
    """Ten new resources that match "flood", ten that do not."""
    matching = [ResourceFactory(title=f"Flood response plan {n}") for n in range(10)]
    for n in range(10):
        ResourceFactory(title=f"Heatwave shelter guide {n}")
    return matching


@pytest.mark.django_db
def test_digest_lists_exactly_the_new_matches_once(mailoutbox, settings):
    search = flood_search()
    matching = publish_twenty()

    sent = digests.send_due_digests()
    again = digests.send_due_digests()

    assert (sent, again) == (1, 0)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "10 new matches for “Flood plans”"
    listed = [line.strip()[2:] for line in message.body.splitlines() if line.startswith("- ")]
    assert sorted(listed) == sorted(resource.title for resource in matching)
    assert "Heatwave" not in message.body
    assert sorted(DigestItem.objects.values_list("item_id", flat=True)) == sorted(
        resource.pk for resource in matching
    )
    token = digests.unsubscribe_token(search)
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<{settings.SITE_URL}/me/searches/unsubscribe/{token}/>"
    )
    assert digests.search_from_token(token) == search
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_next_period_lists_only_what_is_new_since(mailoutbox):
    search = flood_search()
    first = publish_twenty()
    digests.send_due_digests()
    ResourceFactory(title="Flood barrier case study")

    tomorrow = timezone.now() + timedelta(days=1)
    digests.send_due_digests(now=tomorrow)

    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "1 new match for “Flood plans”"
    assert "Flood barrier case study" in mailoutbox[1].body
    assert not any(resource.title in mailoutbox[1].body for resource in first)
    assert list(search.digests.order_by("made_at").values_list("item_count", flat=True)) == [10, 1]


@pytest.mark.django_db
def test_a_weekly_search_gets_one_digest_a_week(mailoutbox):
    flood_search(frequency="weekly")
    publish_twenty()
    monday = timezone.now()

    digests.send_due_digests(now=monday)
    ResourceFactory(title="Flood map")
    digests.send_due_digests(now=monday + timedelta(hours=1))

    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_event_filters_are_saved_searches_too(mailoutbox):
    flood_search(kind="events", query="q=flood")
    EventFactory(title="Flood resilience webinar")
    EventFactory(title="Heat webinar")

    digests.send_due_digests()

    assert len(mailoutbox) == 1
    assert "Flood resilience webinar" in mailoutbox[0].body
    assert "Heat webinar" not in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_digest_of_the_ten(settings):
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
    flood_search()
    publish_twenty()
    barrier, results = threading.Barrier(2), []

    def worker():
        barrier.wait()
        try:
            results.append(digests.send_due_digests())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1]
    assert OutgoingMessage.objects.count() == 1
    assert Digest.objects.get().item_count == 10
    assert DigestItem.objects.count() == 10


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_it_holds_the_digest_leaves_it_to_the_next(settings):
    """A real worker process claims the search and is SIGKILLed before it commits; another
    worker skips the claimed search meanwhile; after the kill a new worker process sends the
    digest, once."""
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
    search = flood_search()
    publish_twenty()
    url = processes.database_url(connection.settings_dict)
    environment = processes.portal_environment(database_url=url)
    command = [sys.executable, "manage.py", "send_digests"]
    # Hold the outbox: the worker claims the search, writes its digest and then waits on
    # this lock to queue the e-mail, inside its transaction.
    blocker = psycopg.connect(url.replace("postgres://", "postgresql://"))
    blocker.execute("LOCK TABLE outbox_outgoingmessage IN SHARE ROW EXCLUSIVE MODE")
    first = subprocess.Popen(command, cwd=processes.ROOT, env=environment)  # noqa: S603
    try:
        processes.wait_until(
            lambda: (
                processes.query(
                    url,
                    "SELECT count(*) FROM pg_locks WHERE NOT granted "
                    "AND relation = 'outbox_outgoingmessage'::regclass",
                )[0][0]
                == 1
            ),
            timeout=60,
            message="the first worker never reached the outbox",
        )
        # Meanwhile another worker finds nothing to do: the claimed search is skipped (at
        # once, in this process: the first worker gives up its wait after the portal's lock
        # timeout of five seconds).
        second = digests.send_due_digests()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        blocker.rollback()
        blocker.close()
        if first.poll() is None:
            first.kill()
    third = processes.manage("send_digests", environment=environment)

    assert first.returncode == -signal.SIGKILL
    assert second == 0
    assert third.strip() == "1 digests sent."
    assert OutgoingMessage.objects.count() == 1
    assert list(search.digests.values_list("item_count", flat=True)) == [10]
    raw = bytes(OutgoingMessage.objects.get().raw)
    mime = message_from_bytes(raw)
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_one_click_unsubscribe_works_without_a_session_and_stops_the_next_digest(
    client, mailoutbox
):
    search = flood_search()
    token = digests.unsubscribe_token(search)
    client.handler.enforce_csrf_checks = True

    response = client.post(
        reverse("personal:unsubscribe", kwargs={"token": token}),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "You will get no more e-mails for “Flood plans”" in response.content.decode()
    search.refresh_from_db()
    assert search.frequency == "never"
    publish_twenty()
    assert digests.send_due_digests() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_forged_unsubscribe_link_changes_nothing(client):
    search = flood_search()
    token = digests.unsubscribe_token(search)

    response = client.post(reverse("personal:unsubscribe", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 400
    search.refresh_from_db()
    assert search.frequency == "daily"


@pytest.mark.django_db
def test_saving_a_search_from_the_library_keeps_its_words_and_facets(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/resources/?q=flood&kind=report&page=2").content.decode()
    assert 'name="query" value="q=flood&amp;kind=report&amp;page=2"' in page

    response = client.post(
        reverse("personal:save_search"),
        {
            "kind": "resources",
            "query": "q=flood&kind=report&page=2",
            "name": "Flood reports",
            "frequency": "daily",
            "next": "/resources/?q=flood",
        },
    )

    assert response.url == "/resources/?q=flood"
    search = user.saved_searches.get()
    assert (search.kind, search.query, search.name, search.frequency) == (
        "resources",
        "q=flood&kind=report",
        "Flood reports",
        "daily",
    )


@pytest.mark.django_db
def test_saved_searches_page_renames_changes_frequency_and_deletes(client):
    user = UserFactory()
    search = flood_search(user=user)
    other = flood_search()
    client.force_login(user)

    html = client.get(reverse("personal:searches")).content.decode()
    client.post(
        reverse("personal:change_search", kwargs={"pk": search.pk}),
        {f"s{search.pk}-name": "Floods", f"s{search.pk}-frequency": "weekly"},
    )
    search.refresh_from_db()
    assert (search.name, search.frequency) == ("Floods", "weekly")
    assert "Flood plans" in html
    # Another person's search is not found, and stays.
    assert (
        client.post(reverse("personal:delete_search", kwargs={"pk": other.pk})).status_code == 404
    )
    client.post(reverse("personal:delete_search", kwargs={"pk": search.pk}))
    assert list(SavedSearch.objects.all()) == [other]


@pytest.mark.django_db
def test_a_search_too_long_to_save_says_so_and_saves_nothing(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("personal:save_search"),
        {
            "kind": "resources",
            "query": "q=" + "flood" * 500,
            "name": "Floods",
            "frequency": "daily",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "This search is too long to save." in html
    assert "give it a name" not in html
    assert not SavedSearch.objects.exists()


@pytest.mark.django_db
def test_an_event_drafted_before_the_last_digest_and_published_since_is_new(mailoutbox):
    flood_search(kind="events", query="q=flood")
    long_ago = timezone.now() - timedelta(days=3)
    draft = EventFactory(title="Flood resilience webinar", status=Event.Status.DRAFT)
    seen = EventFactory(title="Flood drill")
    Event.objects.filter(pk__in=[draft.pk, seen.pk]).update(created=long_ago)
    Event.objects.filter(pk=seen.pk).update(published_at=long_ago)
    assert Event.objects.get(pk=draft.pk).published_at is None

    publish_events(events=Event.objects.filter(pk=draft.pk))
    digests.send_due_digests()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "1 new match for “Flood plans”"
    assert "Flood resilience webinar" in mailoutbox[0].body
    assert "Flood drill" not in mailoutbox[0].body


@pytest.mark.django_db
def test_saving_an_event_sets_its_publication_time_and_a_draft_clears_it():
    event = EventFactory(status=Event.Status.DRAFT)
    assert event.published_at is None

    before = timezone.now()
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status"])
    event.refresh_from_db()
    first = event.published_at
    assert before <= first <= timezone.now()

    event.status = Event.Status.POSTPONED
    event.save()
    event.refresh_from_db()
    assert event.published_at == first

    unpublish_events(events=Event.objects.filter(pk=event.pk))
    event.refresh_from_db()
    assert event.published_at is None
