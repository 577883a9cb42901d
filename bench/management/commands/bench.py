"""Benchmark the portal as it runs in production (``make bench``).

Why: the figures that matter (pages per second, latency under load, queries, memory, the
registration race) only show through gunicorn over HTTP, and they only compare across
machines next to the framework's own floor. So this command prepares the data (a synthetic
forum with a 200-session programme, 100,000 synthetic resources), starts gunicorn in
production mode with a trivial view switched on (``BENCH_FLOOR_VIEW``), loads each page with
1 and 20 concurrent clients (wrk, or threads when wrk is missing), counts each page's SQL
queries, reads each worker's peak memory, runs the registration race, prints a table and
writes ``bench/results.md`` with the machine described and the targets passed or failed.
A benchmark, not a test: run it on a quiet machine. ``--delete`` removes the bench data.
"""

import logging
import math
import os
import statistics
from pathlib import Path
from urllib.parse import quote

import httpx
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.flow import SECTION_TITLE as FLOW_SECTION_TITLE
from bench.flow import SLUG as FLOW_SLUG
from bench.flow import forget_synthetic_mail
from bench.forum import bench_forum, delete_bench_forum
from bench.load import Load, load, median_load
from bench.race import SLUG as RACE_SLUG
from bench.race import run_race
from bench.report import (
    Results,
    Section,
    Target,
    existing_section,
    machine,
    text_table,
    write_results,
)
from bench.searches import SECTION_TITLE as SEARCH_SECTION_TITLE
from bench.searches import queries as search_queries
from bench.server import (
    FLOOR_PATH,
    drain,
    free_port,
    start_gunicorn,
    stop,
    wait_until_up,
    workers_peak_memory_mb,
)
from directory.models import Organization
from events.models import Event
from forum_site import page_cache
from resources.models import Resource

CONCURRENCY = (1, 20)
FLOOR_SHARE = 0.6  # cached public pages: at least 60% of the floor's requests per second
P95_MS = {1: 50.0, 20: 250.0}  # uncached event and search pages
WORKER_MB = 150.0
HEADER = ["page", "cache", "clients", "req/s", "p50 ms", "p95 ms", "x floor", "SQL"]


class Page:
    def __init__(self, name, paths, *, cached=False, latency_target=False):
        self.name, self.paths, self.cached = name, paths, cached
        self.latency_target = latency_target
        self.queries = ""
        self.loads: dict[int, Load] = {}
        self.ratios: dict[int, float] = {}  # requests per second, as a share of the floor's
        self.runs: dict[int, list[Load]] = {}  # the floor's own runs


class Command(BaseCommand):
    help = "Benchmark pages, queries, memory and the registration race through gunicorn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="gunicorn worker processes (default: WEB_CONCURRENCY, else 2)",
        )
        parser.add_argument(
            "--seconds", type=float, default=12, help="Load time per page and concurrency."
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=4,
            help="Runs the load time is cut into, each after a run of the floor as long.",
        )
        parser.add_argument("--warm-up", type=float, default=2, help="Unmeasured load first.")
        parser.add_argument("--resources", type=int, default=100_000)
        parser.add_argument("--sessions", type=int, default=200)
        parser.add_argument("--clients", type=int, default=1000, help="Race: clients.")
        parser.add_argument("--seats", type=int, default=500, help="Race: seats.")
        parser.add_argument("--tool", choices=["wrk", "python"], default=None)
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "bench" / "results.md")
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Tiny numbers to check the pieces work (figures mean nothing).",
        )
        parser.add_argument("--delete", action="store_true", help="Remove the bench data.")

    def handle(self, *args, **options):
        logging.getLogger("httpx").setLevel(logging.WARNING)  # no line per request
        if options["delete"]:
            self._delete()
            return
        if options["quick"]:
            options.update(seconds=1, rounds=1, warm_up=0, resources=300, clients=40, seats=20)
        described = machine()  # load average before the run
        self.stdout.write("Preparing the data...")
        forum = bench_forum(options["sessions"])
        if Resource.objects.filter(is_synthetic=True).count() < options["resources"]:
            call_command("generate_bench_data", resources=options["resources"], stdout=self.stdout)
        page_cache.bump()
        pages = self._pages(forum)
        self._count_queries(pages)
        memory = self._load_pages(pages, options)
        self.stdout.write("Registration race...")
        race = run_race(
            clients=options["clients"],
            seats=options["seats"],
            workers=options["workers"],
            threads=1,
        )
        results = self._results(described, pages, memory, race, options)
        self.stdout.write("")
        for section in results.sections:
            self.stdout.write(section.title)
            self.stdout.write(text_table(section.header, section.rows))
            self.stdout.write("")
        for target in results.targets:
            verdict = "pass" if target.met else "FAIL"
            self.stdout.write(f"{verdict:<5} {target.what}: {target.figure}")
        # The sections of make bench-registrations and make bench-search stay as they were.
        kept = [
            existing_section(Path(options["output"]), title)
            for title in (FLOW_SECTION_TITLE, SEARCH_SECTION_TITLE)
        ]
        results.appendix = [section for section in kept if section]
        write_results(Path(options["output"]), results)
        self.stdout.write(f"\nWrote {options['output']}")

    # --- what is measured -------------------------------------------------------------------

    def _pages(self, forum) -> list[Page]:
        publisher = Organization.objects.filter(name__endswith="(synthetic)").first()
        searches = [
            f"/resources/?{quote(query, safe='=&')}"
            for _label, query in search_queries(publisher.pk if publisher else 0)
            if query  # the bare library page is a cached page, not a search
        ]
        forum_path = forum.get_absolute_url()
        return [
            Page("floor (trivial view)", [FLOOR_PATH]),
            Page("home", ["/"], cached=True),
            Page("event list", ["/events/"], cached=True),
            Page(f"forum page, {forum.sessions.count()} sessions", [forum_path], cached=True),
            Page("event list, uncached", ["/events/?page=1"], latency_target=True),
            Page("forum page, uncached", [f"{forum_path}?page=1"], latency_target=True),
            Page(
                f"library search, {Resource.objects.published().count():,} resources",
                searches,
                latency_target=True,
            ),
        ]

    def _count_queries(self, pages):
        """Queries per page, in this process through Django's test client: rendering, and
        for cached pages the cache hit."""
        client = Client(HTTP_HOST="127.0.0.1")
        for page in pages:
            if page.paths == [FLOOR_PATH]:
                page.queries = "0"
                continue
            counts = []
            for path in page.paths:
                page_cache.bump()
                with CaptureQueriesContext(connection) as render:
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}.")
                counts.append(len(render))
            page.queries = str(max(counts))
            if page.cached:
                page_cache.local.clear()  # as a worker that has not served the page yet
                with CaptureQueriesContext(connection) as shared:
                    client.get(page.paths[0])
                with CaptureQueriesContext(connection) as local:
                    client.get(page.paths[0])
                page.queries += f" (hit: {len(shared)} shared, {len(local)} local)"

    def _load_pages(self, pages, options) -> list[float]:
        """Each page in rounds, each round a run of the floor then a run of the page at the
        same concurrency, so that the two share the machine's conditions; a page's ratio
        to the floor is the median of its rounds'."""
        floor, *others = pages
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        workers, tool = options["workers"], options["tool"]
        server = start_gunicorn(port=port, workers=workers)

        def run(page, clients, seconds):
            measured = load(base, page.paths, clients=clients, seconds=seconds, tool=tool)
            drain(base, workers)
            return measured

        try:
            wait_until_up(base)
            for page in pages:
                self._check(base, page)
            each = options["seconds"] / options["rounds"]
            for page in others:
                self.stdout.write(f"Loading {page.name}...")
                for clients in CONCURRENCY:
                    if options["warm_up"]:
                        run(page, clients, options["warm_up"])
                    pairs = [
                        (run(floor, clients, each), run(page, clients, each))
                        for _round in range(options["rounds"])
                    ]
                    floor.runs.setdefault(clients, []).extend(pair[0] for pair in pairs)
                    page.loads[clients] = median_load([pair[1] for pair in pairs])
                    page.ratios[clients] = statistics.median(
                        mine.per_second / theirs.per_second for theirs, mine in pairs
                    )
            for clients, runs in floor.runs.items():
                floor.loads[clients] = median_load(runs)
                floor.ratios[clients] = 1.0
            return workers_peak_memory_mb(server)
        finally:
            stop(server)

    def _check(self, base, page):
        """Every path answers 200, from the cache exactly when the page is a cached one."""
        for path in page.paths:
            httpx.get(base + path, timeout=60)
            response = httpx.get(base + path, timeout=60)
            state = response.headers.get(page_cache.HIT_HEADER)
            if response.status_code != 200 or (state == "hit") != page.cached:
                raise CommandError(
                    f"{path}: status {response.status_code}, page cache {state or 'not used'}."
                )

    # --- the report -------------------------------------------------------------------------

    def _results(self, described, pages, memory, race, options) -> Results:
        rows, targets = [], []
        for page in pages:
            for clients, measured in page.loads.items():
                share = page.ratios[clients]
                rows.append(
                    [
                        page.name,
                        "hit" if page.cached else "-",
                        str(clients),
                        f"{measured.per_second:.0f}",
                        f"{measured.p50_ms:.1f}",
                        f"{measured.p95_ms:.1f}",
                        f"{share:.2f}",
                        page.queries,
                    ]
                )
                if measured.errors:
                    targets.append(Target(f"{page.name}: no errors", str(measured.errors), False))
            if page.cached:
                shares = [page.ratios[c] for c in CONCURRENCY]
                targets.append(
                    Target(
                        f"{page.name} (cached): at least {FLOOR_SHARE:.0%} of the floor's req/s",
                        " / ".join(f"{share:.0%}" for share in shares)
                        + " at "
                        + " / ".join(map(str, CONCURRENCY))
                        + " clients",
                        all(share >= FLOOR_SHARE for share in shares),
                    )
                )
            if page.latency_target:
                for clients in CONCURRENCY:
                    p95 = page.loads[clients].p95_ms
                    targets.append(
                        Target(
                            f"{page.name}: p95 under {P95_MS[clients]:.0f} ms at {clients} "
                            f"client{'s' if clients > 1 else ''}",
                            f"{p95:.1f} ms",
                            not math.isnan(p95) and p95 < P95_MS[clients],
                        )
                    )
        race_row = [
            str(race.clients),
            str(race.seats),
            str(race.confirmed),
            str(race.waiting),
            str(race.oversold),
            str(len(race.errors)),
            f"{race.per_second:.0f}",
            f"{race.p50_ms:.0f}",
            f"{race.p95_ms:.0f}",
        ]
        targets.append(
            Target(
                "registration race: 0 oversold, no errors, at least 100 registrations/s",
                f"{race.oversold} oversold, {len(race.errors)} errors, "
                f"{race.per_second:.0f} registrations/s",
                race.meets_target,
            )
        )
        all_memory = memory + race.worker_memory_mb
        targets.append(
            Target(
                f"a worker under {WORKER_MB:.0f} MB (peak resident memory)",
                f"largest {max(all_memory):.0f} MB",
                max(all_memory) < WORKER_MB,
            )
        )
        memory_rows = [
            ["pages", str(number), f"{value:.0f}"] for number, value in enumerate(memory, 1)
        ] + [
            ["registration race", str(number), f"{value:.0f}"]
            for number, value in enumerate(race.worker_memory_mb, 1)
        ]
        tool = pages[0].loads[CONCURRENCY[0]].tool
        setup = [
            f"gunicorn {options['workers']} sync workers (as `make serve`) for the pages and "
            "for the registration race (every client POSTs at once: "
            "`manage.py bench_registrations --race`); DEBUG off, on 127.0.0.1",
            f"load generator: {tool}; per page and concurrency "
            f"({' and '.join(map(str, CONCURRENCY))} connections): {options['warm_up']:.0f} s "
            f"of warm-up, then {options['rounds']} rounds of "
            f"{options['seconds'] / options['rounds']:.0f} s of the floor and as long of the page",
            f"cache: {settings.CACHES[page_cache.CACHE_ALIAS]['BACKEND'].rsplit('.', 1)[1]}, "
            f"pages kept {settings.PAGE_CACHE_SECONDS} s",
            "uncached rows add `?page=1` (the page cache keeps no address with a query "
            f"string); the search row cycles through the {len(pages[-1].paths)} searches of "
            "`make bench-search` that have words or facets",
        ]
        if options["quick"]:
            setup.insert(0, "QUICK RUN (--quick): tiny numbers, the figures mean nothing")
        return Results(
            machine=described,
            setup=setup,
            sections=[
                Section("Pages", HEADER, rows),
                Section(
                    "Registration race",
                    [
                        "clients",
                        "seats",
                        "confirmed",
                        "waiting",
                        "oversold",
                        "errors",
                        "reg/s",
                        "p50 ms",
                        "p95 ms",
                    ],
                    [race_row],
                ),
                Section(
                    "Peak memory per gunicorn worker (VmHWM)",
                    ["server", "worker", "MB"],
                    memory_rows,
                ),
            ],
            targets=targets,
            notes=[
                "x floor: requests per second as a share of the trivial view's on the same "
                "server at the same concurrency: the median over the rounds, each a run of the "
                "floor then one of the page; a page's other figures are the medians of its "
                "runs, the floor's the medians of all its runs.",
                "SQL: queries to render the page (the most of any search); for cached pages, "
                "the queries of a hit: from the shared cache (a worker without its own copy, "
                "or once a second to read the content version) and from the worker's memory.",
            ],
        )

    def _delete(self):
        delete_bench_forum()
        Event.objects.filter(slug__in=[RACE_SLUG, FLOW_SLUG]).delete()
        User.objects.filter(email__endswith="@synthetic.invalid").delete()
        forget_synthetic_mail()
        call_command("generate_bench_data", delete=True, stdout=self.stdout)
        page_cache.bump()
        self.stdout.write(
            "Deleted the bench forum, the registration benches' events, their synthetic users "
            "and their e-mails."
        )
