"""Benchmark registering as a browser does (``make bench-registrations``).

Why: a registration costs more than its POST. Each of 1000 signed-in registrants loads the
event page and the form, POSTs the form with its CSRF token and cookies and follows the
redirect to the result page, against gunicorn (two sync workers, production settings) on
127.0.0.1, while the mail workers (``manage.py run_worker``) deliver every e-mail to an SMTP
sink. It prints whole-flow registrations a second, the CPU each step costs, the time the
outbox takes to drain after the last registration, and checks that nothing was oversold, no
request failed and every e-mail arrived exactly once; then writes its section of
``bench/results.md``. A benchmark, not a test: the figures depend on the machine and on what
else runs on it. ``--race`` runs the older race instead (every client POSTs at once, no
pages, no mail), as ``make bench`` does.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.flow import SECTION_TITLE, STEPS, FlowResult, run_flow
from bench.load import percentile
from bench.race import RaceResult, run_race
from bench.report import (
    Section,
    machine,
    section_markdown,
    text_table,
    write_section,
)


class Command(BaseCommand):
    help = "Benchmark the registration flow as a browser runs it, with the mail delivered."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=1000, help="Registrants.")
        parser.add_argument("--seats", type=int, default=500)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument(
            "--mail-workers", type=int, default=1, help="manage.py run_worker processes (mail)"
        )
        parser.add_argument(
            "--concurrency", type=int, default=16, help="Registrants in flight at once."
        )
        parser.add_argument(
            "--url", default="", help="Run against an already running server instead."
        )
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "bench" / "results.md")
        )
        parser.add_argument(
            "--no-output", action="store_true", help="Print only; leave bench/results.md."
        )
        parser.add_argument(
            "--race",
            action="store_true",
            help="The older race: every client POSTs at once on raw sockets (no pages, no mail).",
        )
        # Race only. Sync workers, as `make serve` runs: threads sharing a process also share
        # its interpreter lock, which the holder of the event's row lock then waits for
        # between its statements (109 against 134 registrations a second, measured).
        parser.add_argument("--threads", type=int, default=1, help="Race: threads per worker.")
        parser.add_argument("--port", type=int, default=8917, help="Race: gunicorn's port.")

    def handle(self, *args, **options):
        if options["race"]:
            self._race(options)
            return
        described = machine()  # the load average before the run
        try:
            result = run_flow(
                clients=options["clients"],
                seats=options["seats"],
                workers=options["workers"],
                mail_workers=options["mail_workers"],
                concurrency=options["concurrency"],
                url=options["url"],
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        lines, tables = flow_report(result, described, url=options["url"])
        for line in lines:
            self.stdout.write(line.removeprefix("- "))
        for table in tables:
            self.stdout.write(f"\n{table.title}")
            self.stdout.write(text_table(table.header, table.rows))
        if result.errors:
            self.stdout.write("\nFirst errors:")
            for error in result.errors[:5]:
                self.stdout.write(f"  {error}")
        if not options["no_output"]:
            write_section(
                Path(options["output"]),
                SECTION_TITLE,
                section_markdown(SECTION_TITLE, lines, tables),
            )
            self.stdout.write(f"\nWrote its section of {options['output']}")
        broken = [what for what, _figure, met in result.guarantees() if not met]
        if broken:
            raise CommandError("Failed: " + "; ".join(broken) + ".")

    # --- the older race ---------------------------------------------------------------------

    def _race(self, options):
        try:
            result = run_race(
                clients=options["clients"],
                seats=options["seats"],
                workers=options["workers"],
                threads=options["threads"],
                port=options["port"],
                url=options["url"],
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        self._race_report(result)

    def _race_report(self, result: RaceResult):
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


def flow_report(result: FlowResult, described: dict, *, url: str = "") -> tuple[list, list]:
    """The flow's set-up lines and tables, for the terminal and for bench/results.md."""
    server = (
        f"the server at {url}"
        if url
        else f"gunicorn {result.workers} sync workers (production settings, DEBUG off)"
    )
    lines = [
        f"- measured {described['date']} on {described['cores']} cores ({described['CPU']}); "
        f"load average before the run {described['load average before the run']}, "
        f"after it {', '.join(f'{value:.2f}' for value in os.getloadavg())}",
        f"- {result.clients} signed-in registrants for {result.seats} seats, "
        f"{result.concurrency} in flight at once; {server} on 127.0.0.1; "
        f"{result.mail_workers} mail worker{'s' if result.mail_workers != 1 else ''} "
        "(`manage.py run_worker --queues mail`) delivering to an SMTP sink on 127.0.0.1",
        "- each registrant: GET the event page, GET the form, POST it with the form's CSRF "
        "token and the cookies (session, CSRF), follow the redirect to the result page; "
        "the load generator (`bench/browser.py`: one asyncio loop, each registrant a browser "
        "with its own cookies, keep-alive when the server allows it, which gunicorn's sync "
        "workers do not) runs on the same cores as everything else",
        "- CPU per step: each request's CPU time in its gunicorn worker (server hooks); "
        "the other rows: user + system time from /proc over the run, divided by what they "
        "served",
    ]
    outcome = Section(
        "Outcome",
        [
            "registrants",
            "seats",
            "confirmed",
            "waiting",
            "oversold",
            "errors",
            "whole flows/s",
            "seconds",
            "e-mails once / expected",
            "outbox drained after",
        ],
        [
            [
                str(result.clients),
                str(result.seats),
                str(result.confirmed),
                str(result.waiting),
                str(result.oversold),
                str(len(result.errors)),
                f"{result.per_second:.1f}",
                f"{result.seconds:.1f}",
                f"{result.emails_delivered_once} / {result.emails_expected}",
                (
                    f"{result.drain_seconds:.1f} s"
                    if result.drain_seconds is not None
                    else "not drained"
                ),
            ]
        ],
    )
    step_rows = []
    for step in STEPS:
        latencies = result.latencies_ms.get(step, [])
        cpu = result.step_cpu_ms.get(step)
        step_rows.append(
            [
                step,
                str(result.step_requests.get(step, len(latencies))),
                f"{cpu:.1f}" if cpu is not None else "-",
                f"{percentile(sorted(latencies), 50):.0f}",
                f"{percentile(sorted(latencies), 95):.0f}",
            ]
        )
    if result.step_cpu_ms:
        total = sum(result.step_cpu_ms.get(step, 0.0) for step in STEPS)
        step_rows.append(["all four pages, per registration", "", f"{total:.1f}", "", ""])
    steps = Section(
        "CPU and latency per step",
        ["step", "requests", "CPU ms per request", "p50 ms", "p95 ms"],
        step_rows,
    )
    process_rows = [[name, f"{value:.1f}"] for name, value in result.cpu_ms.items()]
    if "gunicorn (from /proc), per registration" in result.cpu_ms:
        # One e-mail per registration, so per message is per registration.
        total = sum(result.cpu_ms.values())
        cores = os.cpu_count() or 1
        process_rows.append(["all of them, per registration", f"{total:.1f}"])
        if total:
            lines.append(
                f"- all processes together spend {total:.0f} ms of CPU per registration: with "
                f"the {cores} cores to themselves, at most {cores * 1000 / total:.0f} "
                "registrations/s"
            )
    processes = Section("CPU of each process, from /proc", ["process", "CPU ms"], process_rows)
    checks = Section(
        f"Targets ({sum(met for *_rest, met in result.checks())} of {len(result.checks())} met)",
        ["target", "measured", "result"],
        [[what, figure, "pass" if met else "FAIL"] for what, figure, met in result.checks()],
    )
    return lines, [outcome, steps, processes, checks]
