"""Many signed-in clients race for a few hundred seats, through gunicorn over real HTTP.

The bench event and its users are marked as synthetic and are reset at every run.
"""

import asyncio
import logging
import secrets
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx

from bench.registrants import bench_event, signed_in
from bench.server import (
    free_port,
    processes_cpu_seconds,
    start_gunicorn,
    stop,
    wait_until_up,
    workers_peak_memory_mb,
)
from events.models import Event
from registrations.models import Registration

SLUG = "synthetic-bench-registration-race"


@dataclass
class RaceResult:
    clients: int
    seats: int
    workers: int
    threads: int
    confirmed: int
    waiting: int
    errors: list = field(default_factory=list)
    per_second: float = 0.0
    p50_ms: float = float("nan")
    p95_ms: float = float("nan")
    worker_memory_mb: list[float] = field(default_factory=list)
    # CPU per request of gunicorn (master and workers) and of the load generator.
    server_cpu_ms: float = 0.0
    loader_cpu_ms: float = 0.0

    @property
    def oversold(self) -> int:
        return max(self.confirmed - self.seats, 0)

    @property
    def meets_target(self) -> bool:
        return not self.oversold and not self.errors and self.per_second >= 100


def run_race(*, clients, seats, workers, threads, port=0, url="") -> RaceResult:
    """Reset the race event, sign the clients in and race them, against ``url`` or a
    gunicorn started for the race (``workers`` x ``threads``; the port is free if 0)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # no line per request
    race = Race()
    event = race.event(seats)
    sessions = race.sessions(clients)
    server = None
    base = url.rstrip("/") if url else f"http://127.0.0.1:{port or free_port()}"
    memory = []
    if not url:
        server = start_gunicorn(port=int(base.rsplit(":", 1)[1]), workers=workers, threads=threads)
    server_cpu = loader_cpu = 0.0
    try:
        wait_until_up(base)
        cpu_before = processes_cpu_seconds(server) if server else 0.0
        loader_before = time.process_time()
        started = time.perf_counter()
        outcomes = asyncio.run(race.race(base, event, sessions))
        elapsed = time.perf_counter() - started - 1  # less the second spent connecting
        loader_cpu = time.process_time() - loader_before
        if server:
            server_cpu = processes_cpu_seconds(server) - cpu_before
            memory = workers_peak_memory_mb(server)
    finally:
        if server:
            stop(server)
    result = race.summarise(event, outcomes, elapsed, clients, seats, workers, threads, memory)
    result.server_cpu_ms = server_cpu / clients * 1000
    result.loader_cpu_ms = loader_cpu / clients * 1000
    return result


class Race:
    """The race's steps: its event, its signed-in clients, the race, the summary."""

    # --- set-up ---------------------------------------------------------------------------

    def event(self, seats) -> Event:
        return bench_event(
            slug=SLUG,
            title="Synthetic benchmark: registration race (not a real event)",
            seats=seats,
        )

    def sessions(self, clients) -> list[str]:
        return [session_key for _email, session_key in signed_in(clients)]

    # --- the race -------------------------------------------------------------------------

    async def race(self, base, event, sessions):
        """Every client opens its connection, then all send their POST at once.

        The load generator writes prepared HTTP/1.1 requests on raw sockets and reads the
        status line and headers: under a millisecond of the shared cores per request, where
        an HTTP client library spends several that the server then cannot use.
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
            headers = {
                name.lower(): value
                for name, _sep, value in (line.partition(": ") for line in header_lines)
            }
            ok = status == 302 and "/registrations/" in headers.get("location", "")
            return ok, elapsed, status

        tasks = [asyncio.create_task(one(n, key)) for n, key in enumerate(sessions)]
        await asyncio.sleep(1)  # every client is connected: start together
        go.set()
        return await asyncio.gather(*tasks)

    # --- report ---------------------------------------------------------------------------

    def summarise(
        self, event, outcomes, elapsed, clients, seats, workers, threads, memory
    ) -> RaceResult:
        latencies = sorted(duration for ok, duration, _ in outcomes if ok)
        return RaceResult(
            clients=clients,
            seats=seats,
            workers=workers,
            threads=threads,
            confirmed=Registration.objects.filter(event=event, status="confirmed").count(),
            waiting=Registration.objects.filter(event=event, status="waiting").count(),
            errors=[status for ok, _, status in outcomes if not ok],
            per_second=len(latencies) / elapsed if elapsed else 0.0,
            p50_ms=statistics.median(latencies) * 1000 if latencies else float("nan"),
            p95_ms=(
                latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
            ),
            worker_memory_mb=memory,
        )
