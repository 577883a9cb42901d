"""Race many signed-in clients for a few hundred seats, through gunicorn over real HTTP.

``make bench-registrations`` runs it: 1000 clients, 500 seats, gunicorn with two workers on
127.0.0.1. It prints how many were confirmed and waiting, the errors, registrations per second
and p50/p95 latency, and checks that nothing was oversold. A benchmark, not a test: the
figures depend on the machine. The bench event and its users are marked as synthetic and are
reset at every run.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from bench.race import RaceResult, run_race


class Command(BaseCommand):
    help = "Benchmark the registration race over HTTP against gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=1000)
        parser.add_argument("--seats", type=int, default=500)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        # Sync workers, as `make serve` runs: threads sharing a process also share its
        # interpreter lock, which the holder of the event's row lock then waits for between
        # its statements (109 against 134 registrations a second, measured).
        parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
        parser.add_argument("--port", type=int, default=8917)
        parser.add_argument(
            "--url", default="", help="Race an already running server instead of starting one."
        )

    def handle(self, *args, clients, seats, workers, threads, port, url, **options):
        try:
            result = run_race(
                clients=clients, seats=seats, workers=workers, threads=threads, port=port, url=url
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        self._report(result)

    def _report(self, result: RaceResult):
        write = self.stdout.write
        write(
            f"clients {result.clients}, seats {result.seats}, "
            f"gunicorn {result.workers} workers x {result.threads} threads"
        )
        write(
            f"{'confirmed':>12} {'waiting':>8} {'errors':>7} {'reg/s':>8} {'p50 ms':>8} {'p95 ms':>8}"
        )
        write(
            f"{result.confirmed:>12} {result.waiting:>8} {len(result.errors):>7} "
            f"{result.per_second:>8.1f} {result.p50_ms:>8.0f} {result.p95_ms:>8.0f}"
        )
        if result.errors:
            write(f"errors: {sorted(set(map(str, result.errors)))[:5]}")
        if result.server_cpu_ms:
            write(
                f"CPU per request: gunicorn {result.server_cpu_ms:.1f} ms, load generator "
                f"{result.loader_cpu_ms:.1f} ms (on the same cores; load average before the "
                f"race {os.getloadavg()[0]:.1f})"
            )
        verdict = "OVERSOLD" if result.oversold else "not oversold"
        target = "meets" if result.meets_target else "misses"
        write(f"{verdict}; {target} the target (500/500/0 and at least 100 registrations/s)")
        if result.oversold:
            raise CommandError("More registrations were confirmed than there are seats.")
