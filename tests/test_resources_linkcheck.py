import io
import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from werkzeug import Response

from resources.linkcheck import check_links
from resources.models import Resource
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(httpserver):
    """A local site answering 200, a redirect, 404, 500 and a response slower than the timeout."""
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/moved").respond_with_response(
        Response(status=301, headers={"Location": httpserver.url_for("/ok")})
    )
    httpserver.expect_request("/gone").respond_with_data("not here", status=404)
    httpserver.expect_request("/error").respond_with_data("oops", status=500)

    def slow(request):
        time.sleep(1.5)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    return httpserver


def _resources(site):
    return {
        name: ResourceFactory(title=name, url=site.url_for(f"/{name}"))
        for name in ["ok", "moved", "gone", "error", "slow"]
    }


def test_check_links_records_status_redirects_and_errors(site):
    resources = _resources(site)

    report = check_links(timeout=0.5)

    assert (report.checked, report.ok, report.failed) == (5, 2, 3)
    fresh = {name: Resource.objects.get(pk=r.pk) for name, r in resources.items()}
    assert (fresh["ok"].last_status, fresh["ok"].final_url) == (200, "")
    assert (fresh["moved"].last_status, fresh["moved"].final_url) == (200, site.url_for("/ok"))
    assert fresh["gone"].last_status == 404
    assert fresh["error"].last_status == 500
    assert (fresh["slow"].last_status, fresh["slow"].last_error) == (None, "Timed out")
    assert all(r.last_checked_at is not None for r in fresh.values())
    assert [r.consecutive_failures for r in fresh.values()] == [0, 0, 1, 1, 1]
    assert not any(r.is_broken for r in fresh.values())


def test_check_links_sends_a_real_user_agent(httpserver):
    seen = []

    def remember(request):
        seen.append(request.headers.get("User-Agent"))
        return Response("ok")

    httpserver.expect_request("/agent").respond_with_handler(remember)
    ResourceFactory(url=httpserver.url_for("/agent"))

    check_links(timeout=5)

    assert len(seen) == 1
    assert seen[0].startswith("ForumPortalLinkChecker/1.0 (+http")


def test_link_broken_twice_in_a_row_is_flagged_and_shown(site, client):
    gone = ResourceFactory(title="Gone report", url=site.url_for("/gone"))

    check_links(timeout=5)
    assert Resource.objects.get(pk=gone.pk).broken_since is None
    report = check_links(timeout=5)

    gone.refresh_from_db()
    assert report.newly_broken == 1
    assert gone.broken_since is not None and gone.consecutive_failures == 2
    html = client.get(gone.get_absolute_url()).content.decode()
    assert f'href="https://web.archive.org/web/{gone.url}"' in html
    search = client.get("/resources/", {"q": "gone"}).content.decode()
    assert "Archived copy" in search


def test_link_that_recovers_is_no_longer_broken(site):
    resource = ResourceFactory(url=site.url_for("/ok"))
    Resource.objects.filter(pk=resource.pk).update(
        consecutive_failures=3, broken_since="2020-01-01T00:00:00Z"
    )

    check_links(timeout=5)

    resource.refresh_from_db()
    assert (resource.consecutive_failures, resource.broken_since) == (0, None)


def test_check_links_skips_withdrawn_synthetic_and_linkless(site):
    skipped = [
        ResourceFactory(url="", title="No link"),
        ResourceFactory(url=site.url_for("/ok?withdrawn"), status=Resource.Status.WITHDRAWN),
        ResourceFactory(url=site.url_for("/ok?synthetic"), is_synthetic=True),
    ]
    visited = ResourceFactory(url=site.url_for("/ok"))

    report = check_links(timeout=0.5)

    assert report.checked == 1
    assert [result.resource_id for result in report.results] == [visited.pk]
    assert [Resource.objects.get(pk=resource.pk).last_checked_at for resource in skipped] == [
        None,
        None,
        None,
    ]


class Gate:
    """Counts the requests in flight, per host and in all. Each is held until ``per_host``
    are in flight on its host and ``overall`` in all (or a second has passed), then a little
    longer, so that a checker that ignored the limit would have more requests arrive meanwhile."""

    def __init__(self, *, per_host, overall):
        self.per_host, self.overall = per_host, overall
        self.in_flight, self.peak, self.served = Counter(), Counter(), Counter()
        self.in_flight_overall = self.peak_overall = 0
        self.condition = threading.Condition()

    def hold(self, host):
        with self.condition:
            self.in_flight[host] += 1
            self.in_flight_overall += 1
            self.peak[host] = max(self.peak[host], self.in_flight[host])
            self.peak_overall = max(self.peak_overall, self.in_flight_overall)
            self.condition.notify_all()
            self.condition.wait_for(
                lambda: (
                    self.in_flight[host] >= self.per_host and self.in_flight_overall >= self.overall
                ),
                timeout=1,
            )
        time.sleep(0.1)
        with self.condition:
            self.in_flight[host] -= 1
            self.in_flight_overall -= 1
            self.served[host] += 1


@contextmanager
def gated_host(address, gate):
    """A threaded HTTP server on ``address`` (many requests at once, where pytest-httpserver
    serves one at a time) whose every answer waits at the gate."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            gate.hold(address)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((address, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{address}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_check_links_limits_requests_per_host_and_reaches_the_limit(settings):
    # Two hosts (127.0.0.1 and 127.0.0.2 both answer on this machine), six links each; three
    # per host (not the default two) under a global limit of ten that never binds. The checker
    # visits only public addresses unless told otherwise: these two are allowed.
    settings.LINK_CHECK_ALLOWED_ADDRESSES = ["127.0.0.1", "127.0.0.2"]
    gate = Gate(per_host=3, overall=6)
    with gated_host("127.0.0.1", gate) as first, gated_host("127.0.0.2", gate) as second:
        for base in (first, second):
            for number in range(6):
                ResourceFactory(url=f"{base}/doc?n={number}")

        report = check_links(timeout=10, per_host=3, concurrency=10)

    assert (report.checked, report.ok) == (12, 12)
    assert gate.served == {"127.0.0.1": 6, "127.0.0.2": 6}
    # Reached and never exceeded on either host, and both hosts served at the same time.
    assert gate.peak == {"127.0.0.1": 3, "127.0.0.2": 3}
    assert gate.peak_overall == 6


def test_check_links_command_dry_run_records_nothing(site):
    resource = ResourceFactory(url=site.url_for("/gone"))
    out = io.StringIO()

    call_command("check_links", "--dry-run", "--timeout", "5", stdout=out)

    resource.refresh_from_db()
    assert resource.last_checked_at is None
    assert "404  " + resource.url in out.getvalue()
    assert "Checked 1 links: 0 working, 1 failing, 0 newly broken. Dry run" in out.getvalue()


def test_check_links_command_checks_given_slugs(site):
    chosen = ResourceFactory(url=site.url_for("/ok"))
    other = ResourceFactory(url=site.url_for("/gone"))

    call_command("check_links", chosen.slug, "--timeout", "5", stdout=io.StringIO())

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.last_status == 200
    assert other.last_checked_at is None
