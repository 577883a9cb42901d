"""Faults on the real services: the database restarting under load, a queue worker killed in
the middle of sending an e-mail.

An SMTP outage is covered in ``tests/test_outbox.py``
(``test_smtp_outage_loses_nothing_and_delivers_when_back`` for any message, and
``test_smtp_outage_keeps_registration_mail_until_delivered`` below for a registration's).
Uploads that are too large or not images are in ``tests/test_uploads.py``.
"""

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.core.mail import send_mail
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from outbox.models import OutgoingMessage
from outbox.tasks import retry_stalled
from registrations.services import Attendee, register_attendee
from tests import processes
from tests.factories import EventFactory, UserFactory
from tests.queue import drain_queue, drain_until, run_with_worker_connector
from tests.smtp import SMTPServer, StallingHandler, free_port

# --- PostgreSQL restarted while requests flow ---------------------------------------------


@pytest.fixture
def private_postgres():
    server = processes.PrivatePostgres()
    server.start()
    yield server
    server.stop()


def test_faults_postgres_restart_while_requests_flow_recovers_without_restarting_the_app(
    private_postgres,
):
    processes.create_database(private_postgres.url("postgres"), "forum")
    smtp = SMTPServer()
    smtp.start()
    environment = processes.portal_environment(
        database_url=private_postgres.url("forum"),
        email_url=f"smtp://127.0.0.1:{smtp.port}",
        CONN_MAX_AGE=60,
    )
    processes.prepare_database(environment)
    processes.manage(
        "shell",
        "-c",
        "from tests.factories import EventFactory; EventFactory(title='Recovery webinar')",
        environment=environment,
    )
    base_url = f"http://127.0.0.1:{free_port()}"
    server = processes.start_gunicorn(environment, int(base_url.rsplit(":", 1)[1]))
    worker = processes.start_worker(environment)
    outcomes = []  # (started, finished, outcome) of every request
    stop = threading.Event()

    def visit(client):
        started = time.monotonic()
        try:
            response = client.get("/events/")
            outcome = response.status_code
            if outcome == 200 and "Recovery webinar" not in response.text:
                outcome = "page without the event"
        except httpx.HTTPError as error:
            outcome = type(error).__name__
        outcomes.append((started, time.monotonic(), outcome))

    def browse():
        with httpx.Client(base_url=base_url, timeout=20) as client:
            while not stop.is_set():
                visit(client)

    def crowd(visits=5):
        # Many people at once: every gunicorn thread serves, each with its kept connection,
        # including threads that sat idle (their connection cut) while the server restarted.
        def person(_):
            with httpx.Client(base_url=base_url, timeout=20) as client:
                for _ in range(visits):
                    visit(client)

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(person, range(8)))

    def mail(subject):
        # Queued by another process, as a page would, for the worker to deliver.
        processes.manage(
            "shell",
            "-c",
            f"from django.core.mail import send_mail; send_mail({subject!r}, '', None, ['a@b.example'])",
            environment=environment,
        )
        processes.wait_until(
            lambda: subject in [message["Subject"] for message in smtp.messages],
            timeout=60,
            message=f"the worker did not deliver {subject!r}",
        )

    try:
        processes.wait_until_serving(base_url, server)
        workers = processes.worker_pids(server)
        mail("Before the restart")
        crowd()
        browser = threading.Thread(target=browse)
        browser.start()
        processes.wait_until(lambda: len(outcomes) >= 30, timeout=30)

        restart_began = time.monotonic()
        private_postgres.restart()
        restart_ended = time.monotonic()
        crowd()
        stop.set()
        browser.join(timeout=30)
        mail("After the restart")
        workers_after = processes.worker_pids(server)
        still_running = (server.poll(), worker.poll()) == (None, None)
    finally:
        stop.set()
        processes.stop(server, worker)
        smtp.stop()

    before = {o[2] for o in outcomes if o[1] < restart_began}
    during = {o[2] for o in outcomes if o[1] >= restart_began and o[0] <= restart_ended}
    after = [o[2] for o in outcomes if o[0] > restart_ended]
    assert before == {200}
    # While the server is down a page fails with the 500 page (never a dropped connection:
    # no gunicorn worker dies); every request that starts once it is back succeeds.
    assert during <= {200, 500}
    assert len(after) >= 40
    assert set(after) == {200}
    assert still_running  # the same gunicorn and queue worker, never restarted
    assert worker.returncode == 0  # and SIGTERM stopped the worker for good
    assert workers_after == workers
    assert [message["Subject"] for message in smtp.messages] == [
        "Before the restart",
        "After the restart",
    ]


# --- A queue worker killed in the middle of a delivery -------------------------------------


@pytest.fixture
def queue_left_empty(transactional_db):
    """Leave no job or worker row behind: the flush after a transactional test empties
    Django's tables but not the queue's, and other modules count the jobs they defer."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_workers CASCADE")


@pytest.mark.usefixtures("queue_left_empty")
@pytest.mark.parametrize(
    "commits_before_reply",
    [False, True],
    ids=["server-commits-on-reply", "server-commits-before-reply"],
)
def test_faults_worker_killed_mid_delivery_sends_the_message_again_with_its_message_id(
    commits_before_reply, settings
):
    """A worker dies while the SMTP server holds its message; another worker sends it again.

    The outbox marks a message sent only after the server's reply, so a worker that dies before
    the reply leaves it unsent, and the job runs again: the message is never lost. What the
    recipient gets depends on the server. One that accepts a message only with its reply (the
    first case; the dead client's transaction is cancelled) gets it exactly once. One that
    commits it before replying (the second case, as Postfix does on the final dot) gets it
    twice, byte for byte the same with the same Message-ID, which mail systems deduplicate:
    no SMTP client can know the outcome of a transaction whose reply it never read (RFC 1047),
    so the guarantee is "at least once, always as the same message".
    """
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
    handler = StallingHandler(commits_before_reply=commits_before_reply)
    smtp = SMTPServer(handler)
    smtp.start()
    environment = processes.portal_environment(
        database_url=processes.database_url(connection.settings_dict),
        email_url=f"smtp://127.0.0.1:{smtp.port}",
    )
    send_mail("You are registered", "See you in Seoul.", None, ["planner@seoul.example"])
    stored = OutgoingMessage.objects.get()
    first_worker = processes.start_worker(environment)
    second_worker = None
    try:
        assert handler.stalled.wait(timeout=60), "the worker never reached the SMTP server"
        first_worker.send_signal(signal.SIGKILL)
        first_worker.wait(timeout=10)
        handler.release.set()

        # The periodic task (30 s without a heartbeat) made quick: retry what the dead worker held.
        async def retry(worker_app):
            return await retry_stalled(seconds_since_heartbeat=1)

        job = ProcrastinateJob.objects.get(
            task_name="outbox.tasks.deliver_message", args={"message_id": stored.pk}
        )
        retried = processes.wait_until(
            lambda: run_with_worker_connector(retry), timeout=30, interval=0.5
        )
        second_worker = processes.start_worker(environment)
        processes.wait_until(
            lambda: OutgoingMessage.objects.filter(pk=stored.pk, status="sent").exists(),
            timeout=60,
            message="the message was not sent after its worker died",
        )
    finally:
        processes.stop(*[w for w in (first_worker, second_worker) if w is not None])
        smtp.stop()

    assert job.pk in retried
    assert first_worker.returncode == -signal.SIGKILL
    stored.refresh_from_db()
    assert stored.status == "sent"
    # Both transmissions carried the stored message, under its one Message-ID.
    assert handler.transmissions == [stored.message_id, stored.message_id]
    accepted = [message["Message-ID"] for message in handler.messages]
    assert accepted == [stored.message_id] * (2 if commits_before_reply else 1)
    assert len({message.as_bytes() for message in handler.messages}) == 1
    assert handler.messages[0]["Subject"] == "You are registered"


# --- SMTP down: a registration's e-mail waits, then arrives --------------------------------


@pytest.mark.usefixtures("queue_left_empty")
def test_smtp_outage_keeps_registration_mail_until_delivered(queued_mail):
    event = EventFactory(seats=10, registration_mode="portal", title="Outage webinar")
    person = UserFactory(email="planner@seoul.example")
    attendee = Attendee(
        name="Example Attendee", channel="en", category="other", time_zone="Asia/Seoul"
    )

    registration, created = register_attendee(
        event=event, user=person, attendee=attendee, consent=True
    )
    drain_queue()  # the SMTP server is down: the attempt fails and is kept

    stored = OutgoingMessage.objects.get()
    assert (created, registration.status) == (True, "confirmed")
    assert (stored.status, stored.attempts) == ("retrying", 1)
    assert queued_mail.messages == []

    queued_mail.start()
    assert drain_until(lambda: len(queued_mail.messages) == 1)

    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("sent", 2)
    received = queued_mail.messages[0]
    assert received["Message-ID"] == stored.message_id
    assert received["To"] == "planner@seoul.example"
    assert received["Subject"] == "You are registered: Outage webinar"
    assert [part.get_content_type() for part in received.iter_attachments()] == ["text/calendar"]
