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
from bench.browser import Browser
from bench.flow import run_flow
from bench.management.commands.bench import Command
from bench.race import run_race
from bench.sink import Sink
from events.models import Event, Session, SessionSpeaker, Speaker
from outbox.models import OutgoingMessage
from registrations.models import Registration
from resources.models import Resource
from tests.factories import EventFactory, ResourceFactory
from tests.processes import database_url


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


def test_bench_floor_switch_is_read_strictly(monkeypatch):
    import importlib

    from bench import conf

    try:
        monkeypatch.setenv("BENCH_FLOOR_VIEW", "yes")
        assert importlib.reload(conf).FLOOR_VIEW is True
        monkeypatch.setenv("BENCH_FLOOR_VIEW", "off")
        assert importlib.reload(conf).FLOOR_VIEW is False
        monkeypatch.setenv("BENCH_FLOOR_VIEW", "maybe")
        with pytest.raises(SystemExit, match="BENCH_FLOOR_VIEW is malformed"):
            importlib.reload(conf)
    finally:
        monkeypatch.delenv("BENCH_FLOOR_VIEW")
        importlib.reload(conf)


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


def test_bench_results_section_is_replaced_in_place_or_added_at_the_end(tmp_path):
    path = tmp_path / "results.md"
    path.write_text("# Benchmark results\n\n## Pages\n\n| a |\n\n## Targets\n\n| b |\n")
    first = report.section_markdown(
        "Flow", ["- 5 registrants"], [report.Section("Outcome", ["reg/s"], [["12.5"]])]
    )

    report.write_section(path, "Flow", first)
    report.write_section(path, "Pages", "## Pages\n\n| c |\n")
    report.write_section(path, "Flow", first.replace("12.5", "99.0"))

    assert path.read_text() == (
        "# Benchmark results\n\n## Pages\n\n| c |\n\n## Targets\n\n| b |\n\n"
        "## Flow\n\n- 5 registrants\n\n### Outcome\n\n| reg/s |\n|---|\n| 99.0 |\n"
    )
    assert report.existing_section(path, "Targets") == "## Targets\n\n| b |\n"
    assert report.existing_section(path, "Missing") is None


def test_bench_results_file_keeps_the_sections_other_commands_wrote(tmp_path):
    results = report.Results(
        machine={"cores": "2"},
        setup=["gunicorn"],
        sections=[],
        appendix=["## Flow\n\n- kept as it was\n"],
    )

    text = report.results_markdown(results)

    assert text.endswith(
        "## Targets (0 of 0 met)\n\n| target | measured | result |\n|---|---|---|\n\n## Flow\n\n- kept as it was\n"
    )


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


@pytest.mark.django_db(transaction=True)
def test_bench_registration_flow_registers_like_a_browser_and_delivers_each_email_once():
    from django.db import connection

    result = run_flow(
        clients=5,
        seats=3,
        workers=1,
        mail_workers=1,
        concurrency=2,
        environment={"DATABASE_URL": database_url(connection.settings_dict)},
        drain_timeout=60,
    )

    assert (result.confirmed, result.waiting, result.oversold, result.errors) == (3, 2, 0, [])
    assert result.completed == 5
    steps = ["event page", "form page", "POST", "result page"]
    assert {step: len(result.latencies_ms[step]) for step in steps} == dict.fromkeys(steps, 5)
    # Each step's CPU, measured in the gunicorn worker, without the warm-up's requests.
    assert {step: result.step_requests[step] for step in steps} == dict.fromkeys(steps, 5)
    assert all(result.step_cpu_ms[step] > 0 for step in steps)
    pages = sum(result.step_cpu_ms[step] for step in steps)
    assert result.cpu_ms["gunicorn (from /proc), per registration"] >= pages * 0.5
    assert result.cpu_ms["e-mail (mail workers), per message"] > 0
    assert result.cpu_ms["load generator, per registration"] > 0
    assert (result.emails_expected, result.emails_delivered_once) == (5, 5)
    assert (result.emails_duplicated, result.emails_missing, result.emails_stray) == (0, 0, 0)
    assert result.emails_unsent == 0
    assert result.drain_seconds is not None
    sent = OutgoingMessage.objects.filter(status="sent")
    assert sorted(recipients for (recipients,) in sent.values_list("recipients")) == sorted(
        [f"bench-client-{number}@synthetic.invalid"] for number in range(5)
    )
    assert Registration.objects.filter(status="confirmed").count() == 3
    checks = {what: met for what, _figure, met in result.checks()}
    assert checks["0 oversold"] and checks["0 errors"]
    assert checks["every registration's e-mail delivered exactly once"]
    assert checks["outbox drained within 30 s of the last registration"]


def test_bench_browser_keeps_the_cookies_the_server_sets_and_drops_deleted_ones(httpserver):
    import asyncio

    seen = []

    def echo_cookies(request):
        seen.append(request.headers.get("Cookie"))
        response = Response(b"x" * 3000)
        response.set_cookie("csrftoken", "t0k3n")
        response.set_cookie("messages", "a-b")
        return response

    def delete_messages(request):
        seen.append(request.headers.get("Cookie"))
        response = Response("gone")
        response.delete_cookie("messages")
        return response

    httpserver.expect_request("/set").respond_with_handler(echo_cookies)
    httpserver.expect_request("/delete", method="POST").respond_with_handler(delete_messages)
    httpserver.expect_request("/after").respond_with_handler(echo_cookies)
    browser = Browser(httpserver.url_for("").rstrip("/"))
    browser.cookies["sessionid"] = "s3ss10n"

    async def visit():
        first = await browser.get("/set")
        second = await browser.post_form("/delete", {"a": "1"}, referer="/set")
        await browser.get("/after")
        browser.close()
        return first, second

    first, second = asyncio.run(visit())

    assert (first.status, len(first.content), second.content) == (200, 3000, b"gone")
    assert seen == [
        "sessionid=s3ss10n",
        "sessionid=s3ss10n; csrftoken=t0k3n; messages=a-b",
        "sessionid=s3ss10n; csrftoken=t0k3n",
    ]


def test_bench_sink_logs_each_message_with_its_id_and_recipients(tmp_path):
    import smtplib
    from email.message import EmailMessage

    sink = Sink(port=server.free_port(), log=tmp_path / "smtp.log")
    sink.start()
    try:
        message = EmailMessage()
        message["Message-ID"] = "<one@bench.test>"
        message["Subject"] = "Confirmation"
        message.set_content("body")
        with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
            smtp.send_message(message, "from@bench.test", ["a@bench.test", "b@bench.test"])
            smtp.send_message(message, "from@bench.test", ["a@bench.test"])
    finally:
        sink.stop()

    deliveries = sink.deliveries()
    assert [(d.message_id, d.recipients) for d in deliveries] == [
        ("<one@bench.test>", ("a@bench.test", "b@bench.test")),
        ("<one@bench.test>", ("a@bench.test",)),
    ]
    assert deliveries[0].at <= deliveries[1].at
    assert sink.process.returncode == 0


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
