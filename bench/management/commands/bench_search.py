"""Time the library's search on 100,000 synthetic resources (``make bench-search``).

Loads the synthetic data when it is missing, then runs twenty typical searches through the
real view (words, phrases, exclusions, facet combinations, misspellings, facets without
words) in rounds, each running every search once, and prints the p50/p95 server time per
search, the number of SQL queries and the plans that show the GIN indexes and the postings'
index in use. Facet counts come from bitmaps rebuilt by the first search after a change to the
library; that first search is timed apart. A command, not a test: run it on a quiet machine.
Writes its section of ``bench/results.md`` (``make bench`` keeps it), with the load average
before and after the run.
"""

import gc
import os
import statistics
import time
from pathlib import Path
from urllib.parse import unquote_plus, urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bench import relevance
from bench.report import (
    Section,
    cpu_ticks,
    machine,
    reference_loop_ms,
    section_markdown,
    speed_line,
    write_section,
)
from bench.searches import SECTION_TITLE, queries
from directory import demo as directory_demo
from directory.models import Organization
from resources import demo as resources_demo
from resources.models import Resource, SearchEntry
from resources.search import facets, groups
from resources.search.expansion import expand
from resources.search.query import WORD_HITS_SQL, text_query
from resources.selectors import related_resources
from resources.views import search

TARGET_MS = 50.0
MORE_LIKE_THIS_TARGET_MS = 20.0


class Command(BaseCommand):
    help = "Benchmark the resource search on 100,000 synthetic resources."

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=30, help="Timed runs per search.")
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "bench" / "results.md")
        )
        parser.add_argument(
            "--no-output", action="store_true", help="Print only; leave bench/results.md."
        )

    def handle(self, *args, resources, runs, output, no_output, **options):
        if Resource.objects.filter(is_synthetic=True).count() < resources:
            call_command("generate_bench_data", resources=resources, stdout=self.stdout)
        total = Resource.objects.published().count()
        self.stdout.write(f"Published resources: {total}")
        described = machine()
        loop_before, ticks_before = reference_loop_ms(), cpu_ticks()
        publisher = Organization.objects.filter(name__endswith="(synthetic)").first()
        factory = RequestFactory()
        # The typical searches are what readers ask: asked (the search log), then the nightly
        # job has made the groups of those with many hits, as on a portal in use.
        for _asked in range(groups.ASKED_FROM):
            for _label, query in queries(publisher.pk if publisher else 0):
                request = factory.get("/resources/?" + query)
                request.user = AnonymousUser()
                search(request)
        groups_line = self._build_groups()
        server = self._settings()
        # As in a gunicorn worker (forum_site/wsgi.py): what is loaded stays out of the
        # garbage collector's full collections.
        gc.collect()
        gc.freeze()
        rows, worst = [], 0.0
        self.stdout.write(
            f"{'search':<22} {'parameters':<48} {'p50 ms':>7} {'p95 ms':>7} {'SQL':>4}"
        )
        searches = []
        for label, query in queries(publisher.pk if publisher else 0):
            request = factory.get("/resources/?" + query)
            request.user = AnonymousUser()
            search(request)  # warm-up
            searches.append((label, query, request, [], []))
        # In rounds, each search once per round, as readers' searches follow one another: a
        # slow moment of the machine (its speed moves from minute to minute) then falls on
        # one run of many searches, not on many runs of one.
        for _round in range(runs):
            for _label, query, request, timings, counts in searches:
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = search(request)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, query
                counts.append(len(captured.captured_queries))
        for label, query, _request, timings, counts in searches:
            p50 = statistics.median(timings)
            p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
            worst = max(worst, p95)
            count = statistics.mode(counts)
            shown = unquote_plus(query)  # (the Korean as the reader typed it)
            rows.append(
                [label, f"`{shown}`" if shown else "", f"{p50:.1f}", f"{p95:.1f}", str(count)]
            )
            self.stdout.write(f"{label:<22} {query[:48]:<48} {p50:7.1f} {p95:7.1f} {count:4d}")
        self.stdout.flush()
        all_p95 = sorted(float(row[3]) for row in rows)
        summary = (
            f"Worst p95: {worst:.1f} ms (target {TARGET_MS:.0f} ms): "
            + ("met" if worst < TARGET_MS else "NOT met")
            + f"; median of the p95s: {statistics.median(all_p95):.1f} ms"
        )
        self.stdout.write("\n" + summary)
        lines = [summary]
        lines.append(groups_line)
        lines.append(self._first_search_after_a_change(factory))
        lines.append(self._without_its_group(factory, runs, "covid", "its names' postings summed"))
        lines.append(
            self._without_its_group(factory, runs, "재난 대응", "every hit's vector ranked")
        )
        lines.append(self._more_like_this(runs))
        speed = speed_line(loop_before, ticks_before)
        self.stdout.write(speed)
        lines.append(self._relevance())
        self._explain(factory)
        if not no_output:
            load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
            setup = [
                f"- measured {described['date']} on {described['cores']} cores "
                f"({described['CPU']}), PostgreSQL {described['PostgreSQL']} ({server}); "
                f"load average before the run {described['load average before the run']}, "
                f"after it {load}",
                f"- {speed}",
                f"- {total:,} published resources (synthetic, `generate_bench_data`); each search "
                f"through the real view in-process, after a warm-up {runs} timed rounds, each running "
                "every search once; SQL: queries per search (the usual number: once a second a worker "
                "also reads the content version)",
                "",
                *[f"- {line}" for line in lines],
            ]
            table = Section("Searches", ["search", "parameters", "p50 ms", "p95 ms", "SQL"], rows)
            write_section(
                Path(output), SECTION_TITLE, section_markdown(SECTION_TITLE, setup, [table])
            )
            self.stdout.write(f"\nWrote its section of {output}")

    def _more_like_this(self, runs):
        """ "More like this" of twenty resources spread over the library, in both languages."""
        ids = list(Resource.objects.published().order_by("pk").values_list("pk", flat=True))
        sample = ids[:: max(1, len(ids) // 20)][:20]
        resources = list(Resource.objects.filter(pk__in=sample))
        timings = []
        for language in ("en", "ko"):
            with translation.override(language):
                for resource in resources:
                    related_resources(resource)  # warm-up
                    for _run in range(max(1, runs // 3)):
                        started = time.perf_counter()
                        related_resources(resource)
                        timings.append((time.perf_counter() - started) * 1000)
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
        line = (
            f"More like this ({len(resources)} resources, English and Korean): p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms (target {MORE_LIKE_THIS_TARGET_MS:.0f} ms): "
            + ("met" if p95 < MORE_LIKE_THIS_TARGET_MS else "NOT met")
        )
        self.stdout.write(line)
        return line

    def _relevance(self):
        """The judged query set (bench/relevance.py) among everything else in the library: the
        seed library and the labelled resources are added for the run, then rolled back."""
        with transaction.atomic():
            directory_demo.load()
            resources_demo.load()
            relevance.prepare()
            started = time.perf_counter()
            judged, recall, ndcg = relevance.evaluate()
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        facets.forget()
        missed = [j for j in judged if j.missed]
        line = (
            f"Relevance, {len(judged)} judged queries among all "
            f"{Resource.objects.published().count()} published resources, synthetic ones "
            f"included (tests/test_search_relevance.py judges the seed library alone; "
            f"{elapsed:.1f} s): "
            f"recall@5 {recall:.3f}, nDCG@10 {ndcg:.3f}; {len(missed)} with a miss"
        )
        self.stdout.write("\n" + line)
        for j in missed:
            self.stdout.write(f"  missed {j.query!r} ({j.language}): {j.missed}")
        return line

    def _settings(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, current_setting(name), pending_restart FROM pg_settings "
                "WHERE name IN ('shared_buffers', 'work_mem', 'jit') ORDER BY name"
            )
            rows = cursor.fetchall()
        server = ", ".join(f"{name}={value}" for name, value, _p in rows)
        self.stdout.write("Server: " + server)
        if any(pending for _n, _v, pending in rows):
            self.stdout.write("(a changed setting waits for the server's next start)")
        self.stdout.write("")
        return server

    def _build_groups(self):
        """The search groups of the glossary's wide searches and of the searches asked most,
        made where missing (as the nightly job does), and what they hold."""
        started = time.perf_counter()
        built = groups.build_groups()
        elapsed = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), pg_total_relation_size('resources_searchgroupposting') "
                "FROM resources_searchgroupposting"
            )
            postings, size = cursor.fetchone()
        line = (
            f"Search groups of the glossary's searches and of the {groups.ASKED_GROUPS} asked most "
            f"(each search here asked {groups.ASKED_FROM} times first), with at least "
            f"{groups.GROUPS_FROM} hits: {built.kept + built.made} ({built.made} made by this "
            f"run, in {elapsed:.1f} s), "
            f"{postings} hits between them, {size / 2**20:.0f} MB with their index"
        )
        self.stdout.write(line)
        return line

    def _without_its_group(self, factory, runs, q, served):
        """A wide search before its group is made (after a change to the glossary, or before
        the night after readers first asked it), served otherwise (``served``)."""
        request = factory.get("/resources/?" + urlencode({"q": q}))
        request.user = AnonymousUser()
        sql, params = expand(q).words.sql()
        timings = []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM resources_searchgroup WHERE query_text = ({sql})::text",  # noqa: S608 - the query's SQL; words are parameters
                params,
            )
            search(request)  # warm-up
            for _run in range(runs):
                started = time.perf_counter()
                search(request)
                timings.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
        p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
        line = (
            f"A wide search without its group (q={q}, {served}): "
            f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
        )
        self.stdout.write(line)
        return line

    def _first_search_after_a_change(self, factory):
        """The search that rebuilds the facet bitmaps (once per process after any change)."""
        request = factory.get("/resources/?q=flood")
        request.user = AnonymousUser()
        timings = []
        for _run in range(3):
            facets.forget()
            started = time.perf_counter()
            search(request)
            timings.append((time.perf_counter() - started) * 1000)
        line = (
            f"First search after a change to the library (facet bitmaps rebuilt): "
            f"{statistics.median(timings):.0f} ms (median of 3)"
        )
        self.stdout.write(line)
        return line

    def _explain(self, factory):
        request = factory.get("/resources/?q=%ED%9A%8C%EB%B3%B5%EB%A0%A5")  # 회복력
        request.user = AnonymousUser()
        search(request)  # (the facet bitmaps made again after the relevance run's changes)
        with CaptureQueriesContext(connection) as captured:
            search(request)
        first = next(q["sql"] for q in captured.captured_queries if "names AS" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + first)
            self.stdout.write(
                "\nEXPLAIN of a search the glossary widens, from its search group (q=회복력):"
            )
            self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))
        matches = SearchEntry.objects.filter(search_vector=text_query("flood"))
        self.stdout.write("\nEXPLAIN of the full-text match on the search entries (q=flood):")
        self.stdout.write(matches.only("id").explain(analyze=True))
        with connection.cursor() as cursor:
            # "Heap Fetches" well above 0 means the postings wait for a VACUUM (autovacuum
            # runs one after enough inserts), before which each hit costs a heap visit.
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS) " + WORD_HITS_SQL.format(word="%s"), ["measur"]
            )
            self.stdout.write("\nEXPLAIN of a one-word search's postings (q=measures):")
            self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))
            cursor.execute(
                "EXPLAIN ANALYZE SELECT word FROM resources_searchword "
                "WHERE word %% %s ORDER BY similarity(word, %s) DESC LIMIT 1",
                ["pandamic", "pandamic"],
            )
            self.stdout.write("\nEXPLAIN of the spelling correction (pg_trgm, q=pandamic):")
            self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))
