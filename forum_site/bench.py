"""Pieces the benchmark commands share: gunicorn in production mode on a free port, a load
generator on 127.0.0.1 (Debian's ``wrk`` when installed, threads with httpx otherwise), the
workers' peak memory, the machine's description and the results file.

Benchmarks, not tests: the figures depend on the machine, so ``make bench`` also times a
trivial view on the same server and reports each page as a share of it.
"""

import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from django.conf import settings
from django.db import connection

FLOOR_PATH = "/bench/floor"


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(*, port: int, workers: int, threads: int = 1, env=None) -> subprocess.Popen:
    """gunicorn as in production (DEBUG off, the README's command line) on 127.0.0.1:port,
    with the benchmark's trivial view turned on."""
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
    environment = {**os.environ, "DEBUG": "false", "BENCH_FLOOR_VIEW": "true", **(env or {})}
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment)  # noqa: S603


def wait_until_up(base: str, path: str = "/healthz", timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}{path}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The server at {base} did not answer within {timeout:.0f} seconds.")


def drain(base: str, workers: int) -> None:
    """Wait until the server has taken up every connection a finished load run left queued
    (a load generator stops waiting, gunicorn still answers them)."""
    for _ in range(workers):
        httpx.get(f"{base}{FLOOR_PATH}", timeout=120)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return sorted(children)


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"No VmHWM for process {pid}.")


def workers_peak_memory_mb(server: subprocess.Popen) -> list[float]:
    return [peak_memory_mb(pid) for pid in child_pids(server.pid)]


def processes_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) used so far by a server and its workers (Linux)."""
    total = 0
    for pid in [server.pid, *child_pids(server.pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


# --- the load generator ---------------------------------------------------------------------


@dataclass
class Load:
    """What one load run measured."""

    tool: str
    clients: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


WRK_SCRIPT = """
local paths = {%(paths)s}
local n = 0
request = function()
  n = n %% #paths + 1
  return wrk.format("GET", paths[n])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"answered": %%d, "duration_us": %%d, "failed": %%d, "refused": %%d, '
    .. '"p50_us": %%d, "p95_us": %%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95)))
end
"""


def load(base: str, paths: list[str], *, clients: int, seconds: float, tool: str = "") -> Load:
    """Keep ``clients`` connections busy for ``seconds``, cycling through ``paths``.

    Uses wrk when it is installed (``tool="python"`` forces the fallback). An error is a
    failed connection, a time-out or a status of 400 or more (wrk's rule).
    """
    tool = tool or ("wrk" if shutil.which("wrk") else "python")
    if tool == "wrk":
        return _wrk(base, paths, clients=clients, seconds=seconds)
    return _threads(base, paths, clients=clients, seconds=seconds)


def _wrk(base, paths, *, clients, seconds) -> Load:
    quoted = ", ".join(json.dumps(path) for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": quoted})
    try:
        command = [
            shutil.which("wrk"),
            f"--threads={min(clients, 2)}",
            f"--connections={clients}",
            f"--duration={max(1, round(seconds))}s",
            "--timeout=30s",
            f"--script={script.name}",
            base,
        ]
        output = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    figures = json.loads(line.removeprefix("BENCH-JSON "))
    # "answered" counts every response, "refused" those with a status other than 2xx or 3xx.
    answered = figures["answered"] > 0  # wrk reports 0 for the percentiles of nothing
    return Load(
        tool="wrk",
        clients=clients,
        requests=figures["answered"] - figures["refused"],
        errors=figures["failed"] + figures["refused"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000 if answered else math.nan,
        p95_ms=figures["p95_us"] / 1000 if answered else math.nan,
    )


def _threads(base, paths, *, clients, seconds) -> Load:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    deadline: list[float] = []

    def client(number):
        with httpx.Client(base_url=base, timeout=30) as http:
            start.wait()
            position = number
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                try:
                    ok = http.get(paths[position % len(paths)]).status_code < 400
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies[number].append(time.perf_counter() - began)
                else:
                    errors[number] += 1
                position += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline.append(began + seconds)
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    timings = sorted(duration for durations in latencies for duration in durations)
    return Load(
        tool="python",
        clients=clients,
        requests=len(timings),
        errors=sum(errors),
        seconds=elapsed,
        p50_ms=percentile(timings, 50) * 1000,
        p95_ms=percentile(timings, 95) * 1000,
    )


def median_load(runs: list[Load]) -> Load:
    """One run's figures standing for several: the median of each."""
    seconds = statistics.median(run.seconds for run in runs)
    return Load(
        tool=runs[0].tool,
        clients=runs[0].clients,
        requests=round(statistics.median(run.per_second for run in runs) * seconds),
        errors=sum(run.errors for run in runs),
        seconds=seconds,
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p95_ms=statistics.median(run.p95_ms for run in runs),
    )


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return math.nan
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[round(pct) - 1]


# --- the machine and the results ------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    load_1, load_5, load_15 = os.getloadavg()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": postgres,
        "load average before the run": f"{load_1:.2f}, {load_5:.2f}, {load_15:.2f}",
    }


@dataclass
class Target:
    what: str
    figure: str
    met: bool


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Results:
    machine: dict[str, str]
    setup: list[str]
    sections: list[Section]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    first = [header[0].ljust(widths[0])] + [
        cell.rjust(width) for cell, width in zip(header[1:], widths[1:], strict=True)
    ]
    lines = ["  ".join(first)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def results_markdown(results: Results) -> str:
    met = sum(target.met for target in results.targets)
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python manage.py bench`); run it again to replace this file.",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in results.machine.items()],
        "",
        "## Set-up",
        "",
        *[f"- {line}" for line in results.setup],
        "",
        *[
            line
            for section in results.sections
            for line in (
                f"## {section.title}",
                "",
                markdown_table(section.header, section.rows),
                "",
            )
        ],
        f"## Targets ({met} of {len(results.targets)} met)",
        "",
        markdown_table(
            ["target", "measured", "result"],
            [[t.what, t.figure, "pass" if t.met else "FAIL"] for t in results.targets],
        ),
    ]
    if results.notes:
        parts += ["", "## Notes", "", *[f"- {note}" for note in results.notes]]
    return "\n".join(parts) + "\n"


def write_results(path: Path, results: Results) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(results_markdown(results), encoding="utf-8")


# --- the bench forum ------------------------------------------------------------------------

FORUM_SLUG = "synthetic-bench-forum"
SPEAKER_SLUG = "synthetic-bench-speaker-{}"
ROOMS = ["Room A", "Room B", "Room C", "Room D", "Room E"]


def bench_forum(sessions: int = 200):
    """A published forum with ``sessions`` sessions over four days, five rooms in parallel,
    two speakers each; marked synthetic (slug, title, review notes). Kept between runs."""
    from datetime import timedelta

    from django.utils import timezone

    from events.models import Event, Session, SessionSpeaker, Speaker
    from forum_site import page_cache

    event = Event.objects.filter(slug=FORUM_SLUG).first()
    if event is not None and event.sessions.count() == sessions:
        return event
    delete_bench_forum()
    first_day = (timezone.now() + timedelta(days=60)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    days = 4
    per_day = -(-sessions // days)
    event = Event.objects.create(
        title="Synthetic benchmark forum (not a real event)",
        slug=FORUM_SLUG,
        kind=Event.Kind.FORUM,
        status=Event.Status.PUBLISHED,
        schedule=Event.Schedule.EXACT,
        time_zone="Asia/Seoul",
        start=first_day,
        end=first_day + timedelta(days=days - 1, hours=10),
        summary="Made by `manage.py bench` to time a forum page with a long programme.",
        languages=["en"],
        needs_review=True,
        review_notes="Synthetic: made by manage.py bench; `manage.py bench --delete` removes it.",
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            name=f"Synthetic speaker {number}",
            slug=SPEAKER_SLUG.format(number),
            position="Benchmark speaker",
        )
        for number in range(100)
    )
    rows = []
    for number in range(sessions):
        day, slot = divmod(number, per_day)
        start = first_day + timedelta(days=day, minutes=45 * (slot // len(ROOMS)))
        rows.append(
            Session(
                event=event,
                title=f"Synthetic session {number + 1}: resilient infrastructure",
                kind=Session.Kind.PANEL,
                start=start,
                end=start + timedelta(minutes=40),
                channel=ROOMS[slot % len(ROOMS)],
                description="A synthetic session for the benchmark.",
                sort_order=slot % len(ROOMS),
            )
        )
    made = Session.objects.bulk_create(rows)
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(
            session=session,
            speaker=speakers[(number * 2 + offset) % len(speakers)],
            role=SessionSpeaker.Role.SPEAKER,
            sort_order=offset,
        )
        for number, session in enumerate(made)
        for offset in range(2)
    )
    page_cache.bump()  # bulk inserts send no signals
    return event


def delete_bench_forum() -> None:
    from events.models import Event, Speaker

    Event.objects.filter(slug=FORUM_SLUG).delete()
    Speaker.objects.filter(slug__startswith=SPEAKER_SLUG.format("")).delete()
