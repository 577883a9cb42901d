import asyncio
import logging
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from outbox import delivery, tasks, transport
from outbox.models import OutgoingMessage
from outbox.tasks import deliver_message
from tests.processes import database_url, portal_environment, start_worker, stop, wait_until
from tests.queue import drain_queue, drain_until
from tests.smtp import RecordingHandler, SMTPServer

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_message_commits_with_its_transaction(queued_mail):
    with transaction.atomic():
        send_mail("Kept", "body", "forum@example.org", ["a@city.example"])
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Rolled back", "body", "forum@example.org", ["b@city.example"])
        raise RuntimeError("the registration failed")

    assert list(OutgoingMessage.objects.values_list("subject", flat=True)) == ["Kept"]
    assert ProcrastinateJob.objects.filter(task_name="outbox.tasks.deliver_message").count() == 1
    assert queued_mail.messages == []


def test_queued_message_is_delivered_by_worker_over_smtp(queued_mail):
    queued_mail.start()
    message = EmailMultiAlternatives(
        "Your registration", "Text part", "forum@example.org", ["planner@seoul.example"]
    )
    message.attach_alternative("<p>HTML part</p>", "text/html")
    message.attach("forum.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.send()

    drain_queue()

    stored = OutgoingMessage.objects.get()
    assert (stored.status, stored.attempts) == ("sent", 1)
    assert len(queued_mail.messages) == 1
    received = queued_mail.messages[0]
    assert received["Subject"] == "Your registration"
    assert received["Message-ID"] == stored.message_id
    assert received.get_body(("plain",)).get_content().strip() == "Text part"
    assert received.get_body(("html",)).get_content().strip() == "<p>HTML part</p>"
    assert [part.get_filename() for part in received.iter_attachments()] == ["forum.ics"]


def test_smtp_outage_loses_nothing_and_delivers_when_back(queued_mail):
    # The SMTP server is down when the message is sent.
    send_mail("Confirmation", "You are registered.", "forum@example.org", ["p@city.example"])

    drain_queue()

    stored = OutgoingMessage.objects.get()
    assert stored.status == "retrying"
    assert stored.attempts == 1
    assert "ConnectionRefusedError" in stored.last_error
    assert queued_mail.messages == []

    queued_mail.start()
    # The queue retries on its own after its backoff (seconds); keep a worker draining until then.
    delivered = drain_until(lambda: len(queued_mail.messages) == 1)

    assert delivered
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("sent", 2)
    assert queued_mail.messages[0]["Subject"] == "Confirmation"


def test_each_message_sent_once_with_several_workers_and_duplicate_jobs(queued_mail):
    queued_mail.start()
    for number in range(15):
        send_mail(f"Message {number}", "body", "forum@example.org", [f"p{number}@city.example"])
    for message in OutgoingMessage.objects.all():
        deliver_message.defer(message_id=message.pk)  # a duplicate job for every message

    environment = dict(
        os.environ,
        DATABASE_URL=database_url(connection.settings_dict),
        EMAIL_URL=f"smtp://127.0.0.1:{queued_mail.port}",
    )
    command = [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"]

    def run_worker(_):
        return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, timeout=120)  # noqa: S603

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run_worker, range(3)))

    assert [result.returncode for result in results] == [0, 0, 0]
    received_ids = sorted(message["Message-ID"] for message in queued_mail.messages)
    assert received_ids == sorted(OutgoingMessage.objects.values_list("message_id", flat=True))
    assert len(received_ids) == 15
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"sent"}


class PeerRecordingHandler(RecordingHandler):
    """Also records the client's address for each message: one address, one connection."""

    def __init__(self):
        super().__init__()
        self.peers = []

    async def handle_DATA(self, server, session, envelope):
        self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def peer_smtp(queued_mail):
    server = SMTPServer(PeerRecordingHandler())
    server.port = queued_mail.port  # the port the settings name
    server.start()
    yield server
    transport.close()
    server.stop()


def _queue(count):
    for number in range(count):
        send_mail(f"Message {number}", "body", "forum@example.org", [f"p{number}@city.example"])
    return list(OutgoingMessage.objects.order_by("pk").values_list("pk", flat=True))


def test_delivery_reuses_one_smtp_connection_for_consecutive_messages(peer_smtp):
    ids = _queue(3)

    sent = [delivery.deliver(message_id=pk) for pk in ids]

    assert sent == [True, True, True]
    assert [m["Subject"] for m in peer_smtp.messages] == ["Message 0", "Message 1", "Message 2"]
    assert len(set(peer_smtp.handler.peers)) == 1


def test_delivery_after_the_server_dropped_the_kept_connection_reconnects(peer_smtp, monkeypatch):
    monkeypatch.setattr(transport, "CHECK_AFTER_SECONDS", 0)  # check before every reuse
    first, second = _queue(2)
    assert delivery.deliver(message_id=first)

    peer_smtp.stop()  # the server goes away and comes back: the kept socket is dead
    peer_smtp.start()

    assert delivery.deliver(message_id=second)
    assert [m["Subject"] for m in peer_smtp.messages] == ["Message 0", "Message 1"]
    assert len(set(peer_smtp.handler.peers)) == 2
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_delivery_follows_a_change_of_smtp_server(peer_smtp, settings):
    first, second = _queue(2)
    assert delivery.deliver(message_id=first)
    other = SMTPServer(PeerRecordingHandler())
    other.start()
    settings.EMAIL_PORT = other.port
    try:
        assert delivery.deliver(message_id=second)
    finally:
        transport.close()
        other.stop()

    assert [m["Subject"] for m in peer_smtp.messages] == ["Message 0"]
    assert [m["Subject"] for m in other.messages] == ["Message 1"]


# --- A job goes on with the other due messages (outbox.tasks.deliver_due) ------------------


def _jobs():
    return ProcrastinateJob.objects.filter(task_name="outbox.tasks.deliver_message")


def test_deliver_due_sends_each_due_message_once_and_finishes_its_job(peer_smtp):
    ids = _queue(4)
    later = _jobs().get(args={"message_id": ids[3]})
    with connection.cursor() as cursor:  # a retry waiting for its back-off is not due yet
        cursor.execute(
            "UPDATE procrastinate_jobs SET scheduled_at = now() + interval '1 hour' WHERE id = %s",
            [later.pk],
        )

    assert tasks.deliver_due(queue="mail") == 3
    assert tasks.deliver_due(queue="mail") == 0

    assert [m["Subject"] for m in peer_smtp.messages] == ["Message 0", "Message 1", "Message 2"]
    statuses = dict(OutgoingMessage.objects.values_list("pk", "status"))
    assert statuses == {ids[0]: "sent", ids[1]: "sent", ids[2]: "sent", ids[3]: "queued"}
    assert dict(_jobs().values_list("args__message_id", "status")) == {
        ids[0]: "succeeded",
        ids[1]: "succeeded",
        ids[2]: "succeeded",
        ids[3]: "todo",
    }
    # Each taken job's history reads as a job run by a worker: started, then succeeded.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type::text, count(*) FROM procrastinate_events WHERE job_id <> %s "
            "GROUP BY type ORDER BY type",
            [later.pk],
        )
        assert cursor.fetchall() == [("deferred", 3), ("started", 3), ("succeeded", 3)]


def test_one_fetched_job_delivers_a_burst_of_messages(peer_smtp, caplog):
    caplog.set_level(logging.INFO, logger="procrastinate.worker")
    _queue(6)

    drain_queue()

    started = [
        record
        for record in caplog.records
        if getattr(record, "action", None) == "start_job"
        and record.job["task_name"] == "outbox.tasks.deliver_message"
    ]
    assert len(started) == 1  # the worker fetched one job; it sent all six messages
    assert sorted(m["Subject"] for m in peer_smtp.messages) == [f"Message {n}" for n in range(6)]
    assert set(OutgoingMessage.objects.values_list("status", "attempts")) == {("sent", 1)}
    assert set(_jobs().values_list("status", flat=True)) == {"succeeded"}


def test_deliver_due_leaves_a_message_another_worker_holds(peer_smtp):
    held = _queue(3)[0]
    locked, release = threading.Event(), threading.Event()

    def hold_row():  # another worker in the middle of sending this message
        with transaction.atomic():
            OutgoingMessage.objects.select_for_update().get(pk=held)
            locked.set()
            release.wait(timeout=30)
        connection.close()

    holder = threading.Thread(target=hold_row)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        sent_meanwhile = tasks.deliver_due(queue="mail")
    finally:
        release.set()
        holder.join()

    assert sent_meanwhile == 2
    assert OutgoingMessage.objects.get(pk=held).status == "queued"
    assert _jobs().get(args={"message_id": held}).status == "todo"
    assert tasks.deliver_due(queue="mail") == 1
    assert sorted(m["Subject"] for m in peer_smtp.messages) == [
        "Message 0",
        "Message 1",
        "Message 2",
    ]


class RefusingOnceHandler(PeerRecordingHandler):
    """Refuses the DATA of one subject once (a temporary error), then accepts everything."""

    def __init__(self, subject):
        super().__init__()
        self.subject, self.refused = subject, []

    async def handle_DATA(self, server, session, envelope):
        if f"Subject: {self.subject}".encode() in envelope.content and not self.refused:
            self.refused.append(session.peer)
            return "451 Try again later"
        return await super().handle_DATA(server, session, envelope)


def test_failure_in_a_batch_closes_the_connection_and_leaves_the_message_to_a_job(queued_mail):
    server = SMTPServer(RefusingOnceHandler("Message 1"))
    server.port = queued_mail.port
    server.start()
    try:
        ids = _queue(4)

        assert tasks.deliver_due(queue="mail") == 1  # Message 0; Message 1 refused: batch over
        refused = OutgoingMessage.objects.get(pk=ids[1])
        assert (refused.status, refused.attempts) == ("retrying", 1)
        assert "451" in refused.last_error
        assert dict(_jobs().values_list("args__message_id", "status")) == {
            ids[0]: "succeeded",
            ids[1]: "todo",  # still queued: a job makes the next attempt
            ids[2]: "todo",
            ids[3]: "todo",
        }

        assert tasks.deliver_due(queue="mail") == 3  # the same thread, a new connection
    finally:
        transport.close()
        server.stop()

    assert [m["Subject"] for m in server.messages] == [
        "Message 0",
        "Message 1",
        "Message 2",
        "Message 3",
    ]
    assert dict(OutgoingMessage.objects.values_list("pk", "attempts")) == {
        ids[0]: 1,
        ids[1]: 2,
        ids[2]: 1,
        ids[3]: 1,
    }
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {"sent"}
    # The connection that saw the error was closed: the later messages came on a new one.
    peers = server.handler.peers
    assert server.handler.refused == [peers[0]]
    assert peers[1] == peers[2] == peers[3] != peers[0]
    assert set(_jobs().values_list("status", flat=True)) == {"succeeded"}


class GatheringHandler(PeerRecordingHandler):
    """Holds every message until ``count`` connections have each sent one (or 60 s passed):
    that many workers are then in the middle of a delivery at the same time."""

    def __init__(self, count):
        super().__init__()
        self.count, self.senders = count, set()

    async def handle_DATA(self, server, session, envelope):
        self.senders.add(session.peer)
        deadline = time.monotonic() + 60
        while len(self.senders) < self.count and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


def test_workers_running_at_once_send_each_message_once(queued_mail):
    server = SMTPServer(GatheringHandler(3))
    server.port = queued_mail.port
    server.start()
    environment = portal_environment(
        database_url=database_url(connection.settings_dict),
        email_url=f"smtp://127.0.0.1:{queued_mail.port}",
    )
    known = _last_worker()
    workers = [start_worker(environment) for _ in range(3)]
    try:
        wait_until(
            lambda: _last_worker() - known >= 3, timeout=60, message="the workers did not start"
        )
        with transaction.atomic():  # a burst: every job becomes due at the same moment
            for number in range(120):
                send_mail(f"Message {number}", "body", None, [f"p{number}@city.example"])
                if number % 3 == 0:  # a second job for a third of them, next to the first
                    latest = OutgoingMessage.objects.order_by("pk").last()
                    deliver_message.defer(message_id=latest.pk)
        wait_until(
            lambda: (
                not OutgoingMessage.objects.unsent().exists()
                and not _jobs().filter(status__in=["todo", "doing"]).exists()
            ),
            timeout=120,
            message="the workers did not send every message",
        )
    finally:
        stop(*workers)
        server.stop()

    received = Counter(message["Message-ID"] for message in server.messages)
    assert set(received) == set(OutgoingMessage.objects.values_list("message_id", flat=True))
    assert set(received.values()) == {1}
    assert len(received) == 120
    assert set(OutgoingMessage.objects.values_list("status", "attempts")) == {("sent", 1)}
    assert len(server.handler.senders) >= 3  # the three workers were sending at once


def _last_worker() -> int:
    """The id of the last worker to register with the queue (ids only grow)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        return cursor.fetchone()[0]
