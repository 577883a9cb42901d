import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from outbox import delivery, transport
from outbox.models import OutgoingMessage
from outbox.tasks import deliver_message
from tests.processes import database_url
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
