"""Real processes for the scale-out and fault tests: databases, gunicorn and queue workers.

Everything here runs the portal the production way, as separate processes configured only
through the environment, so the tests see what a deployment sees.
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import quote

import httpx
import psycopg
from psycopg import sql

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
# Settings a test's own environment may carry that must not leak into a server it starts.
_INHERITED_SETTINGS = {
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CONN_MAX_AGE",
}


def portal_environment(*, database_url: str, email_url: str = "consolemail://", **settings):
    """The environment of a production-mode portal process (no .env file, DEBUG off)."""
    environment = {k: v for k, v in os.environ.items() if k not in _INHERITED_SETTINGS}
    environment.update(
        ENV_FILE=os.devnull,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        EMAIL_URL=email_url,
        LOG_LEVEL="WARNING",
        XDG_RUNTIME_DIR=os.environ.get("XDG_RUNTIME_DIR", "/tmp"),  # noqa: S108 - as the Makefile
    )
    environment.update({name: str(value) for name, value in settings.items()})
    return environment


def database_url(settings_dict: dict) -> str:
    """DATABASE_URL for another process to reach the database Django's connection uses
    (the test database, over a Unix socket or TCP)."""
    auth = quote(settings_dict["USER"], safe="")
    if settings_dict.get("PASSWORD"):
        auth += ":" + quote(settings_dict["PASSWORD"], safe="")
    name, host, port = settings_dict["NAME"], settings_dict["HOST"], settings_dict.get("PORT")
    if host.startswith("/"):  # a socket folder
        return f"postgres://{auth}@/{name}?host={host}" + (f"&port={port}" if port else "")
    return f"postgres://{auth}@{host or '127.0.0.1'}:{port or 5432}/{name}"


def manage(*arguments: str, environment: dict, timeout: float = 120) -> str:
    """Run one management command in its own process; return its output, raise on failure."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {arguments[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def prepare_database(environment: dict) -> None:
    manage("migrate", "--noinput", "-v0", environment=environment)
    manage("createcachetable", environment=environment)


def create_database(admin_url: str, name: str) -> None:
    with _autocommit(admin_url) as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_url: str, name: str) -> None:
    with _autocommit(admin_url) as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


class _autocommit:
    def __init__(self, url):
        self.url = url

    def __enter__(self):
        self.connection = psycopg.connect(self.url, connect_timeout=5)
        self.connection.autocommit = True
        return self.connection.cursor()

    def __exit__(self, *exc_info):
        self.connection.close()


def query(url: str, statement: str, parameters=()) -> list[tuple]:
    """Rows of one read-only query on another database than the test's own."""
    with _autocommit(url) as cursor:
        cursor.execute(statement, parameters)
        return cursor.fetchall()


def start_gunicorn(environment: dict, port: int, *, workers: int = 2, threads: int = 2):
    command = [
        str(GUNICORN),
        "forum_site.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--log-level=warning",
        "--no-control-socket",  # else every gunicorn takes $XDG_RUNTIME_DIR/gunicorn.ctl
    ]
    return subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603


def start_worker(environment: dict):
    """A long-running task-queue worker, as `manage.py run_worker` in production."""
    command = [sys.executable, "manage.py", "run_worker"]
    return subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603


def stop(*started, timeout: float = 20) -> None:
    """End processes this test started: politely (all at once), then for good."""
    running = [process for process in started if process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def worker_pids(process) -> set[int]:
    """The process ids of a gunicorn master's workers (Linux: read from /proc)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == process.pid:
            children.add(int(stat.parent.name))
    return children


def wait_until(condition, *, timeout: float, interval: float = 0.2, message: str = ""):
    """Poll a condition until it returns something truthy; fail with ``message`` after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(message or f"{condition} did not hold within {timeout} s")
        time.sleep(interval)


def wait_until_serving(base_url: str, process, *, workers: int = 2, timeout: float = 40) -> None:
    """Wait until gunicorn answers /healthz with every worker booted."""

    def ready():
        if process.poll() is not None:
            raise AssertionError(f"gunicorn at {base_url} exited with {process.returncode}")
        try:
            healthy = httpx.get(f"{base_url}/healthz", timeout=2).text == "ok"
        except httpx.HTTPError:
            return False
        return healthy and len(worker_pids(process)) == workers

    wait_until(ready, timeout=timeout, message=f"gunicorn at {base_url} did not start")


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(client: httpx.Client, *, email: str, password: str) -> httpx.Response:
    """Sign in through allauth's own form, as a browser does (CSRF token included)."""
    form = client.get("/accounts/login/")
    token = CSRF_INPUT.search(form.text).group(1)
    return client.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        headers={"Referer": f"{client.base_url}/accounts/login/"},
    )


def seed_race(*, seats: int, clients: int) -> str:
    """Run inside a portal process (``manage.py shell``): an event with ``seats`` seats and a
    waiting list, ``clients`` signed-in sessions, and one verified person who signs in by form.
    """
    import json

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from tests.factories import EventFactory, UserFactory

    event = EventFactory(
        title="Scale-out race",
        slug="scale-out-race",
        languages=["en"],
        interpretation_languages=["ko"],
        registration_mode="portal",
        seats=seats,
        waiting_list=True,
    )
    person = UserFactory(email="signed-in@city.example", name="Example Attendee")
    sessions = []
    for number in range(clients):
        user = User.objects.create(email=f"racer{number}@city.example", name=f"Racer {number}")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return json.dumps(
        {"event": event.pk, "slug": event.slug, "email": person.email, "sessions": sessions}
    )


class PrivatePostgres:
    """A PostgreSQL server of the test's own, from the pgserver wheel's binaries, on a free
    TCP port of 127.0.0.1, in a temporary folder: a test may restart or stop it without
    touching the machine's server or the test database."""

    def __init__(self):
        self.bin = Path(find_spec("pgserver").submodule_search_locations[0]) / "pginstall" / "bin"
        self.folder = Path(tempfile.mkdtemp(prefix="forum-private-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        # PostgreSQL refuses to run as root; pgserver's own system user runs it then.
        self.user = "pgserver" if os.geteuid() == 0 else None
        if self.user:
            from pgserver.utils import ensure_user_exists

            ensure_user_exists(self.user)
            shutil.chown(self.folder, user=self.user, group=self.user)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *arguments: str) -> None:
        # Output to a file, not a pipe: the server pg_ctl starts would keep a pipe open.
        output = self.folder / "commands.log"
        with output.open("ab") as log:
            result = subprocess.run(  # noqa: S603 - the wheel's own binaries
                [str(self.bin / program), "-D", str(self.data), *arguments],
                stdout=log,
                stderr=log,
                user=self.user,
                timeout=60,
            )
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed:\n{output.read_text()[-3000:]}")

    def start(self) -> None:
        self._run("initdb", "--auth=trust", "--username=postgres", "--encoding=utf8", "--no-sync")
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-w", "-l", str(self.folder / "log"), "-o", options, "start")

    def restart(self) -> None:
        """A fast restart: every connection is cut, as when a database server is upgraded."""
        self._run("pg_ctl", "-w", "-l", str(self.folder / "log"), "-m", "fast", "restart")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-w", "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
