"""A load generator on 127.0.0.1: Debian's ``wrk`` when installed, threads with httpx otherwise.

Benchmarks, not tests: the figures depend on the machine, so ``make bench`` also times a
trivial view on the same server and reports each page as a share of it.
"""

import json
import math
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass

import httpx


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
