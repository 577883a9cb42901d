"""Scale-out: two app servers and two queue workers on one PostgreSQL and one Redis.

Runs against the machine's services on 127.0.0.1 (PostgreSQL on 5432, Redis on 6379), as CI
does; ``SCALE_OUT_DATABASE_URL`` and ``SCALE_OUT_REDIS_URL`` point elsewhere. Each run makes
its own database (dropped at the end) and its own Redis key prefix (deleted at the end), so it
never touches another run's data. Where either service does not answer, the module skips and
says which, except under CI (``CI=true``, which CI sets), where it fails and says which: CI
runs these tests, and a skip there would pass unseen.
"""

import json
import os
import secrets
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
import pytest
import redis

from tests import processes
from tests.smtp import SMTPServer, free_port

ADMIN_DATABASE_URL = os.environ.get(
    "SCALE_OUT_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/0")
SEATS = 20
CLIENTS = 60
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def _unavailable() -> str | None:
    try:
        psycopg.connect(ADMIN_DATABASE_URL, connect_timeout=3).close()
    except psycopg.Error as error:
        shown = _without_password(ADMIN_DATABASE_URL)
        return f"no PostgreSQL answers at {shown} ({str(error).strip()})"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"no Redis answers at {_without_password(REDIS_URL)} ({error})"
    return None


UNDER_CI = os.environ.get("CI", "").lower() in {"true", "1", "yes"}
UNAVAILABLE = _unavailable()

pytestmark = pytest.mark.skipif(
    UNAVAILABLE is not None and not UNDER_CI,
    reason=f"Scale-out test needs real services: {UNAVAILABLE}",
)


@pytest.fixture(scope="module")
def cluster():
    """Two gunicorn servers and two workers on a fresh database, one Redis prefix, one SMTP."""
    if UNAVAILABLE is not None:  # under CI only: elsewhere the module skips
        pytest.fail(f"CI runs the scale-out tests, but {UNAVAILABLE}", pytrace=False)
    name = f"forum_scale_out_{secrets.token_hex(4)}"
    database_url = urlunsplit(urlsplit(ADMIN_DATABASE_URL)._replace(path=f"/{name}"))
    prefix = f"scale-out-{secrets.token_hex(4)}"
    smtp = SMTPServer()
    smtp.start()
    started = []
    processes.create_database(ADMIN_DATABASE_URL, name)
    try:
        environment = processes.portal_environment(
            database_url=database_url,
            email_url=f"smtp://127.0.0.1:{smtp.port}",
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=prefix,
        )
        processes.manage("migrate", "--noinput", "-v0", environment=environment)
        servers = []
        for _ in range(2):
            port = free_port()
            server = processes.start_gunicorn(environment, port)
            started.append(server)
            servers.append((f"http://127.0.0.1:{port}", server))
        started += [processes.start_worker(environment) for _ in range(2)]
        seed = json.loads(
            processes.manage(
                "shell",
                "-c",
                "from tests.processes import seed_race; "
                f"print(seed_race(seats={SEATS}, clients={CLIENTS}))",
                environment=environment,
            ).splitlines()[-1]
        )
        for base_url, server in servers:
            processes.wait_until_serving(base_url, server)
        yield {
            "servers": [base_url for base_url, _ in servers],
            "database_url": database_url,
            "redis_prefix": prefix,
            "smtp": smtp,
            **seed,
        }
    finally:
        processes.stop(*started)
        smtp.stop()
        processes.drop_database(ADMIN_DATABASE_URL, name)
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(match=f"{prefix}:*"):
            store.delete(key)


def test_scale_out_session_made_on_one_server_works_on_the_other(cluster):
    server_a, server_b = cluster["servers"]

    with httpx.Client(base_url=server_a, timeout=20) as browser:
        signed_in = processes.sign_in(browser, email=cluster["email"], password=PASSWORD)
        cookies = browser.cookies
    with httpx.Client(base_url=server_b, cookies=cookies, timeout=20) as browser:
        profile = browser.get("/accounts/profile/")
    with httpx.Client(base_url=server_b, timeout=20) as stranger:
        anonymous = stranger.get("/accounts/profile/")

    assert (signed_in.status_code, signed_in.headers["location"]) == (302, "/accounts/profile/")
    assert profile.status_code == 200
    assert f"Signed in as {cluster['email']}." in profile.text
    assert 'value="Example Attendee"' in profile.text
    assert anonymous.status_code == 302
    assert anonymous.headers["location"].startswith("/accounts/login/")
    # The rate limit of the sign-in lives in the shared Redis cache, under this run's prefix.
    assert list(redis.Redis.from_url(REDIS_URL).scan_iter(match=f"{cluster['redis_prefix']}:*"))


def test_scale_out_registration_race_across_servers_oversells_nothing_and_mails_once(cluster):
    servers, sessions = cluster["servers"], cluster["sessions"]
    start = threading.Barrier(len(sessions))

    def register(number):
        csrf = secrets.token_hex(16)
        cookies = {"sessionid": sessions[number], "csrftoken": csrf}
        with httpx.Client(base_url=servers[number % 2], cookies=cookies, timeout=60) as client:
            start.wait(timeout=30)
            response = client.post(
                f"/events/{cluster['slug']}/register/",
                data={
                    "csrfmiddlewaretoken": csrf,
                    "name": f"Racer {number}",
                    "category": "other",
                    "channel": "ko" if number % 3 == 0 else "en",
                    "time_zone": "Asia/Seoul",
                    "consent": "on",
                },
            )
        return response.status_code, response.headers.get("location", "")

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        outcomes = list(pool.map(register, range(len(sessions))))

    errors = [o for o in outcomes if o[0] != 302 or not o[1].startswith("/registrations/")]
    assert errors == []
    statuses = dict(
        processes.query(
            cluster["database_url"],
            "SELECT status, count(*) FROM registrations_registration WHERE event_id = %s "
            "GROUP BY status",
            [cluster["event"]],
        )
    )
    assert statuses == {"confirmed": SEATS, "waiting": CLIENTS - SEATS}

    # Every message is delivered by one of the two workers, and only once.
    def drained():
        pending = processes.query(
            cluster["database_url"],
            "SELECT (SELECT count(*) FROM outbox_outgoingmessage WHERE status <> 'sent'), "
            "(SELECT count(*) FROM procrastinate_jobs WHERE queue_name = 'mail' "
            "AND status IN ('todo', 'doing'))",
        )[0]
        return pending == (0, 0)

    processes.wait_until(drained, timeout=60, message="the outbox was not drained in 60 s")
    stored = processes.query(
        cluster["database_url"],
        "SELECT message_id, recipients->>0, subject FROM outbox_outgoingmessage",
    )
    received = Counter((m["Message-ID"], m["To"]) for m in cluster["smtp"].messages)
    assert len(stored) == CLIENTS
    assert received == Counter((message_id, to) for message_id, to, _ in stored)
    assert set(received.values()) == {1}
    assert {to for _, to in received} == {f"racer{n}@city.example" for n in range(CLIENTS)}
    subjects = Counter(
        "waiting" if "waiting list" in subject else "confirmed" for _, _, subject in stored
    )
    assert subjects == {"confirmed": SEATS, "waiting": CLIENTS - SEATS}
