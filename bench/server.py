"""gunicorn in production mode on a free port, and what /proc tells of its processes: their
CPU time and their workers' peak memory (Linux)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from django.conf import settings

FLOOR_PATH = "/bench/floor"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    *, port: int, workers: int, threads: int = 1, env=None, options=()
) -> subprocess.Popen:
    """gunicorn as in production (DEBUG off, the README's command line) on 127.0.0.1:port,
    with the benchmark's trivial view turned on; ``options`` are more of gunicorn's."""
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
        # gunicorn's control socket is one path per host by default: benches (and tests) that
        # run side by side would take it from each other, and none of them needs it.
        "--no-control-socket",
        *options,
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
    return cpu_seconds([server.pid, *child_pids(server.pid)])


def cpu_seconds(pids) -> float:
    """CPU time (user + system) used so far by these processes, those still running (Linux)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")
