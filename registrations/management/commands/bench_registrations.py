"""Race many signed-in clients for a few hundred seats, through gunicorn over real HTTP.

``make bench-registrations`` runs it: 1000 clients, 500 seats, gunicorn with two workers on
127.0.0.1. It prints how many were confirmed and waiting, the errors, registrations per second
and p50/p95 latency, and checks that nothing was oversold. A benchmark, not a test: the
figures depend on the machine. The bench event and its users are marked as synthetic and are
reset at every run.
"""

import asyncio
import logging
import os
import secrets
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from events.models import Event
from registrations.models import Registration

SLUG = "synthetic-bench-registration-race"
EMAIL = "bench-client-{}@synthetic.invalid"


def server_cpu_seconds(server) -> float:
    """CPU time (user + system) used so far by a server process and its children (Linux)."""
    if server is None or not Path("/proc").exists():
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(pid) for pid in children.read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class Command(BaseCommand):
    help = "Benchmark the registration race over HTTP against gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=1000)
        parser.add_argument("--seats", type=int, default=500)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
        parser.add_argument("--port", type=int, default=8917)
        parser.add_argument(
            "--url", default="", help="Race an already running server instead of starting one."
        )

    server_cpu = 0.0
    loader_cpu = 0.0

    def handle(self, *args, clients, seats, workers, threads, port, url, **options):
        logging.getLogger("httpx").setLevel(logging.WARNING)  # no line per request
        event = self._event(seats)
        sessions = self._sessions(clients)
        server = None
        base = url.rstrip("/") if url else f"http://127.0.0.1:{port}"
        if not url:
            server = self._start_gunicorn(port, workers, threads)
        try:
            self._wait_until_up(base)
            cpu_before = server_cpu_seconds(server)
            loader_before = time.process_time()
            started = time.perf_counter()
            outcomes = asyncio.run(self._race(base, event, sessions))
            elapsed = time.perf_counter() - started - 1  # less the second spent connecting
            self.server_cpu = server_cpu_seconds(server) - cpu_before
            self.loader_cpu = time.process_time() - loader_before
        finally:
            if server:
                server.terminate()
                server.wait(timeout=30)
        self._report(event, outcomes, elapsed, clients, seats, workers, threads)

    # --- set-up ---------------------------------------------------------------------------

    def _event(self, seats) -> Event:
        Registration.objects.filter(event__slug=SLUG).delete()
        start = timezone.now() + timedelta(days=30)
        event, _ = Event.objects.update_or_create(
            slug=SLUG,
            defaults={
                "title": "Synthetic benchmark: registration race (not a real event)",
                "kind": Event.Kind.WEBINAR,
                "status": Event.Status.PUBLISHED,
                "schedule": Event.Schedule.EXACT,
                "time_zone": "Asia/Seoul",
                "start": start,
                "end": start + timedelta(hours=2),
                "languages": ["en"],
                "interpretation_languages": ["ko"],
                "registration_mode": Event.Registration.PORTAL,
                "registration_opens": None,
                "registration_closes": None,
                "seats": seats,
                "waiting_list": True,
                "needs_review": True,
                "review_notes": "Synthetic: made by bench_registrations; safe to delete.",
            },
        )
        return event

    def _sessions(self, clients) -> list[str]:
        emails = [EMAIL.format(n) for n in range(clients)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            [
                User(email=email, name=f"Synthetic client {n}")
                for n, email in enumerate(emails)
                if email not in existing
            ]
        )
        keys = []
        backend = settings.AUTHENTICATION_BACKENDS[0]
        for user in User.objects.filter(email__in=emails).order_by("pk"):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            keys.append(session.session_key)
        return keys

    def _start_gunicorn(self, port, workers, threads):
        root = Path(settings.BASE_DIR)
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "forum_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ]
        return subprocess.Popen(command, cwd=root, env=dict(os.environ))  # noqa: S603

    def _wait_until_up(self, base):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise CommandError(f"The server at {base} did not answer within 30 seconds.")

    # --- the race -------------------------------------------------------------------------

    async def _race(self, base, event, sessions):
        """Every client opens its connection, then all send their POST at once.

        The load generator writes prepared HTTP/1.1 requests on raw sockets and reads the
        status line and headers: a few hundred microseconds of the shared cores per request,
        where an HTTP client library would spend milliseconds the server then cannot use.
        """
        url = httpx.URL(base)
        path = f"/events/{event.slug}/register/"
        go = asyncio.Event()

        def request_bytes(number, session_key):
            csrf = secrets.token_hex(16)  # a 32-character secret, as Django's cookie holds
            body = urlencode(
                {
                    "csrfmiddlewaretoken": csrf,
                    "name": f"Synthetic client {number}",
                    "category": "other",
                    "channel": "ko" if number % 3 == 0 else "en",
                    "time_zone": "Asia/Seoul",
                    "consent": "on",
                }
            ).encode()
            head = (
                f"POST {path} HTTP/1.1\r\n"
                f"Host: {url.host}:{url.port}\r\n"
                f"Cookie: sessionid={session_key}; csrftoken={csrf}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            )
            return head.encode() + body

        async def one(number, session_key):
            payload = request_bytes(number, session_key)
            try:
                reader, writer = await asyncio.open_connection(url.host, url.port)
            except OSError as error:
                return False, 0.0, type(error).__name__
            try:
                await go.wait()
                started = time.perf_counter()
                writer.write(payload)
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=120)
                elapsed = time.perf_counter() - started
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                return False, 0.0, type(error).__name__
            finally:
                writer.close()
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split()[1])
            headers = dict(
                line.split(": ", 1) for line in header_lines if ": " in line
            )  # one value per name is enough here
            location = headers.get("Location", headers.get("location", ""))
            ok = status == 302 and "/registrations/" in location
            return ok, elapsed, status

        tasks = [asyncio.create_task(one(n, key)) for n, key in enumerate(sessions)]
        await asyncio.sleep(1)  # every client is connected: start together
        go.set()
        return await asyncio.gather(*tasks)

    # --- report ---------------------------------------------------------------------------

    def _report(self, event, outcomes, elapsed, clients, seats, workers, threads):
        confirmed = Registration.objects.filter(event=event, status="confirmed").count()
        waiting = Registration.objects.filter(event=event, status="waiting").count()
        errors = [status for ok, _, status in outcomes if not ok]
        latencies = sorted(duration for ok, duration, _ in outcomes if ok)
        p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
        p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
        rate = len(latencies) / elapsed if elapsed else 0.0
        oversold = confirmed > seats
        write = self.stdout.write
        write(f"clients {clients}, seats {seats}, gunicorn {workers} workers x {threads} threads")
        write(
            f"{'confirmed':>12} {'waiting':>8} {'errors':>7} {'reg/s':>8} {'p50 ms':>8} {'p95 ms':>8}"
        )
        write(f"{confirmed:>12} {waiting:>8} {len(errors):>7} {rate:>8.1f} {p50:>8.0f} {p95:>8.0f}")
        if errors:
            write(f"errors: {sorted(set(map(str, errors)))[:5]}")
        if self.server_cpu:
            write(
                f"CPU per request: gunicorn {self.server_cpu / clients * 1000:.1f} ms, "
                f"load generator {self.loader_cpu / clients * 1000:.1f} ms "
                f"(same cores; load average {os.getloadavg()[0]:.1f})"
            )
        verdict = "OVERSOLD" if oversold else "not oversold"
        target = "meets" if (not oversold and not errors and rate >= 100) else "misses"
        write(f"{verdict}; {target} the target (500/500/0 and at least 100 registrations/s)")
        if oversold:
            raise CommandError("More registrations were confirmed than there are seats.")
