import io
import time

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
    ResourceFactory(url="", title="No link")
    ResourceFactory(url=site.url_for("/ok"), status=Resource.Status.WITHDRAWN)

    report = check_links(timeout=0.5)

    assert report.checked == 0


def test_check_links_limits_requests_per_host(httpserver):
    active, peak = [0], [0]

    def counting(request):
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        time.sleep(0.2)
        active[0] -= 1
        return Response("ok")

    httpserver.expect_request("/doc").respond_with_handler(counting)
    for number in range(6):
        ResourceFactory(url=httpserver.url_for(f"/doc?n={number}"))

    report = check_links(timeout=5, per_host=2, concurrency=10)

    assert report.ok == 6
    assert peak[0] <= 2


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
