"""The pieces of ``make bench`` (the bench app and its commands), with tiny numbers.

The benchmark itself is a command, not a test; these check that what it measures is measured.
"""

import os
import shutil

import httpx
import pytest
from django.core.management import call_command
from werkzeug import Response

from bench import forum, load, report, server
from bench.management.commands.bench import Command
from bench.race import run_race
from events.models import Event, Session, SessionSpeaker, Speaker
from registrations.models import Registration
from resources.models import Resource
from tests.factories import EventFactory, ResourceFactory


@pytest.fixture
def tiny_server(httpserver):
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/also-ok").respond_with_data("also ok")
    httpserver.expect_request("/broken").respond_with_response(Response("no", status=500))
    return httpserver.url_for("").rstrip("/")


# Each load generator: Python threads always, wrk where it is installed.
LOAD_TOOLS = [
    "python",
    pytest.param(
        "wrk",
        marks=pytest.mark.skipif(
            not shutil.which("wrk"), reason="wrk is not installed (make bench-deps installs it)"
        ),
    ),
]


@pytest.mark.parametrize("tool", LOAD_TOOLS)
def test_bench_load_counts_requests_and_latencies(tiny_server, tool):
    measured = load.load(tiny_server, ["/ok", "/also-ok"], clients=2, seconds=1, tool=tool)

    assert measured.tool == tool
    assert measured.clients == 2
    assert measured.errors == 0
    assert measured.requests > 10
    assert 0.9 < measured.seconds < 3
    assert measured.per_second == measured.requests / measured.seconds
    assert 0 < measured.p50_ms <= measured.p95_ms < 1000


@pytest.mark.parametrize("tool", LOAD_TOOLS)
def test_bench_load_counts_server_errors_as_errors(tiny_server, tool):
    measured = load.load(tiny_server, ["/broken"], clients=1, seconds=1, tool=tool)

    assert measured.requests == 0
    assert measured.errors > 0


def test_bench_percentile_of_sorted_values():
    values = [n / 1000 for n in range(1, 101)]

    assert load.percentile(values, 50) == pytest.approx(0.0505)
    assert load.percentile(values, 95) == pytest.approx(0.09505)
    assert load.percentile([0.2], 95) == 0.2


def test_bench_median_load_takes_the_median_of_each_figure():
    runs = [
        load.Load("wrk", 20, requests=1000, errors=0, seconds=5, p50_ms=10, p95_ms=30),
        load.Load("wrk", 20, requests=3000, errors=1, seconds=5, p50_ms=4, p95_ms=90),
        load.Load("wrk", 20, requests=2000, errors=0, seconds=5, p50_ms=6, p95_ms=20),
    ]

    median = load.median_load(runs)

    assert (median.per_second, median.errors, median.p50_ms, median.p95_ms) == (400, 1, 6, 30)


def test_bench_gunicorn_serves_the_floor_view_and_reports_worker_memory():
    port = server.free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = server.start_gunicorn(port=port, workers=1)
    try:
        server.wait_until_up(base, server.FLOOR_PATH)
        response = httpx.get(base + server.FLOOR_PATH)
        memory = server.workers_peak_memory_mb(gunicorn)
    finally:
        server.stop(gunicorn)

    assert (response.status_code, response.text) == (200, "floor")
    assert len(memory) == 1
    assert 20 < memory[0] < 1000
    assert gunicorn.returncode is not None


@pytest.mark.django_db
def test_bench_floor_view_is_absent_unless_switched_on(client):
    response = client.get(server.FLOOR_PATH)

    assert response.status_code == 404


def test_bench_peak_memory_of_this_process():
    assert 10 < server.peak_memory_mb(os.getpid()) < 4000
    assert os.getpid() in server.child_pids(os.getppid())


@pytest.mark.django_db
def test_bench_machine_names_cpu_memory_python_and_postgresql():
    machine = report.machine()

    assert list(machine) == [
        "date",
        "CPU",
        "cores",
        "memory",
        "system",
        "Python",
        "PostgreSQL",
        "load average before the run",
    ]
    assert machine["cores"] == str(os.cpu_count())
    assert machine["Python"].startswith("3.11")
    assert machine["PostgreSQL"].split(".")[0].isdigit()
    assert machine["memory"].endswith(" GiB")


def test_bench_results_file_has_machine_tables_and_targets(tmp_path):
    results = report.Results(
        machine={"CPU": "Test CPU", "cores": "2"},
        setup=["gunicorn 2 sync workers"],
        sections=[report.Section("Pages", ["page", "req/s"], [["home", "900"], ["floor", "1200"]])],
        targets=[
            report.Target("home: at least 60% of the floor", "75%", True),
            report.Target("a worker under 150 MB", "largest 180 MB", False),
        ],
        notes=["x floor: a share of the trivial view."],
    )
    path = tmp_path / "bench" / "results.md"

    report.write_results(path, results)

    text = path.read_text()
    assert text.startswith("# Benchmark results\n")
    assert "- CPU: Test CPU\n- cores: 2\n" in text
    assert "- gunicorn 2 sync workers\n" in text
    assert "## Pages\n\n| page | req/s |\n|---|---|\n| home | 900 |\n| floor | 1200 |\n" in text
    assert "## Targets (1 of 2 met)" in text
    assert "| home: at least 60% of the floor | 75% | pass |" in text
    assert "| a worker under 150 MB | largest 180 MB | FAIL |" in text
    assert text.endswith("- x floor: a share of the trivial view.\n")


def test_bench_text_table_aligns_columns():
    table = report.text_table(["page", "req/s"], [["home", "900"], ["event list", "75"]])

    assert table.splitlines() == [
        "page        req/s",
        "home          900",
        "event list     75",
    ]


@pytest.mark.django_db
def test_bench_forum_has_a_long_marked_programme_and_is_removable():
    event = forum.bench_forum(sessions=200)
    again = forum.bench_forum(sessions=200)

    assert again.pk == event.pk
    assert event.slug == "synthetic-bench-forum"
    assert event.status == Event.Status.PUBLISHED
    assert event.needs_review is True
    assert "Synthetic" in event.review_notes
    assert event.sessions.count() == 200
    assert SessionSpeaker.objects.filter(session__event=event).count() == 400
    assert len({session.start.date() for session in event.sessions.all()}) == 4

    forum.delete_bench_forum()

    assert not Event.objects.filter(slug="synthetic-bench-forum").exists()
    assert not Session.objects.exists()
    assert not Speaker.objects.filter(slug__startswith="synthetic-bench-speaker-").exists()


@pytest.mark.django_db
def test_bench_counts_queries_per_page_rendered_and_cached(settings):
    settings.PAGE_CACHE_SECONDS = 60
    ResourceFactory.create_batch(3)
    command = Command()
    pages = command._pages(forum.bench_forum(sessions=20))

    command._count_queries(pages)

    queries = {page.name: page.queries for page in pages}
    rendered, cached = queries["forum page, 20 sessions"].split(" ", 1)
    assert queries["floor (trivial view)"] == "0"
    assert int(rendered) > 1
    assert cached == "(hit: 1 shared, 0 local)"
    assert queries["event list, uncached"].isdigit()
    assert queries["library search, 3 resources"].isdigit()


@pytest.mark.django_db(transaction=True)
def test_bench_registration_race_fills_the_seats_and_oversells_nothing(live_server):
    result = run_race(clients=12, seats=5, workers=1, threads=1, url=live_server.url)

    assert (result.confirmed, result.waiting, result.oversold, result.errors) == (5, 7, 0, [])
    assert result.per_second > 0
    assert Registration.objects.filter(status="confirmed").count() == 5


@pytest.mark.django_db
def test_bench_delete_removes_the_bench_data_only(capsys):
    forum.bench_forum(sessions=5)
    kept = EventFactory(slug="real-webinar")
    synthetic = ResourceFactory(is_synthetic=True)
    real = ResourceFactory()

    call_command("bench", delete=True)

    assert list(Event.objects.values_list("slug", flat=True)) == [kept.slug]
    assert not Speaker.objects.exists()
    assert not Resource.objects.filter(pk=synthetic.pk).exists()
    assert Resource.objects.filter(pk=real.pk).exists()
    assert "Deleted the bench forum" in capsys.readouterr().out
