"""Link health: visit every resource's link and record what answered.

``check_links()`` is what the periodic task and ``manage.py check_links`` call. Requests run
concurrently (httpx, asyncio) with a global limit and a polite limit per host, follow
redirects, give up after a timeout and name themselves with a real User-Agent. Only the
status line is read; bodies are never downloaded. Results are written afterwards, in the
calling thread, through ``services.record_link_check``.
"""

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils import timezone

from resources.models import Resource
from resources.services import record_link_check

DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 10
DEFAULT_PER_HOST = 2
MAX_REDIRECTS = 10
# 429 says "not now", not "gone": such a check counts neither way.
INCONCLUSIVE_STATUSES = {429}


def user_agent() -> str:
    return f"ForumPortalLinkChecker/1.0 (+{settings.SITE_URL}/about/)"


@dataclass
class LinkResult:
    resource_id: int
    url: str
    status: int | None = None
    final_url: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def inconclusive(self) -> bool:
        return self.status in INCONCLUSIVE_STATUSES


@dataclass
class LinkCheckReport:
    checked: int = 0
    ok: int = 0
    failed: int = 0
    newly_broken: int = 0
    results: list | None = None


async def _fetch(client, url, global_limit, host_limit) -> tuple[int | None, str, str]:
    async with global_limit, host_limit:
        try:
            async with client.stream("GET", url) as response:
                return response.status_code, str(response.url), ""
        except httpx.TimeoutException:
            return None, "", "Timed out"
        except httpx.TooManyRedirects:
            return None, "", "Too many redirects"
        except httpx.HTTPError as error:
            return None, "", (type(error).__name__ + ": " + str(error))[:200]


async def _fetch_all(targets, *, timeout, concurrency, per_host) -> list[LinkResult]:
    global_limit = asyncio.Semaphore(concurrency)
    host_limits = defaultdict(lambda: asyncio.Semaphore(per_host))
    async with httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": user_agent(), "Accept": "text/html,application/pdf,*/*;q=0.8"},
        limits=httpx.Limits(max_connections=concurrency),
    ) as client:

        async def one(resource_id, url):
            host = (urlsplit(url).hostname or "").lower()
            status, final_url, error = await _fetch(client, url, global_limit, host_limits[host])
            return LinkResult(resource_id, url, status, final_url, error)

        return await asyncio.gather(*(one(pk, url) for pk, url in targets))


def check_links(
    resources=None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
    dry_run: bool = False,
) -> LinkCheckReport:
    """Check the links of ``resources`` (a queryset; default: every linkable resource).

    Side effects (unless ``dry_run``): each resource's link-health fields are updated; a
    second failure in a row sets ``broken_since``.
    """
    queryset = Resource.objects.all() if resources is None else resources
    queryset = queryset.linkable().order_by("id")
    by_id = {resource.pk: resource for resource in queryset}
    targets = [(pk, resource.url) for pk, resource in by_id.items()]
    results = asyncio.run(
        _fetch_all(targets, timeout=timeout, concurrency=concurrency, per_host=per_host)
    )
    report = LinkCheckReport(results=results)
    checked_at = timezone.now()
    for result in results:
        report.checked += 1
        report.ok += result.ok
        report.failed += not result.ok and not result.inconclusive
        if dry_run or result.inconclusive:
            continue
        resource = by_id[result.resource_id]
        was_broken = resource.is_broken
        record_link_check(
            resource=resource,
            checked_at=checked_at,
            status=result.status,
            final_url=result.final_url,
            error=result.error,
            ok=result.ok,
        )
        report.newly_broken += resource.is_broken and not was_broken
    return report
