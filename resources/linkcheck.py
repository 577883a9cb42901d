"""Link health: visit every resource's link and record what answered.

``check_links()`` is what the periodic task and ``manage.py check_links`` call. Requests run
concurrently (httpx, asyncio) with a global limit and a polite limit per host, give up after a
timeout and name themselves with a real User-Agent. Results are written afterwards, in the
calling thread, through ``services.record_link_check``.

A link is anyone's input, so the checker must not be a way into this server's own network:
every connection, first or after a redirect, goes only to public addresses (the host name is
resolved and each of its addresses checked, and the connection is made to the checked
address, so a name cannot change its answer in between); redirects are followed by hand, at
most ``MAX_REDIRECTS``, to http(s) only; only the status line and headers are read, never a
body (not even a redirect's); each step may take ``timeout`` seconds, a whole link
``DEADLINE_FACTOR`` times that. The
``LINK_CHECK_ALLOWED_ADDRESSES`` setting lets the checker visit named private addresses.
"""

import asyncio
import ipaddress
import socket
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import anyio
import httpcore
import httpx
from django.conf import settings
from django.utils import timezone

from resources.models import Resource
from resources.services import record_link_check

DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 10
DEFAULT_PER_HOST = 2
MAX_REDIRECTS = 5
# Each connection, read or write may take ``timeout`` seconds; a whole link (redirects
# included, a server sending its headers a byte at a time included) this many times that.
DEADLINE_FACTOR = 3
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


class NonPublicAddress(httpcore.ConnectError):
    """A host that is, or resolves to, an address of this machine or of a private network."""


def allowed_addresses(entries) -> list[tuple]:
    """``LINK_CHECK_ALLOWED_ADDRESSES`` as (network, port or None): ``10.1.2.3``,
    ``10.0.0.0/8``, ``127.0.0.1:8080``, ``[::1]:8080``."""
    allowed = []
    for entry in entries:
        entry = entry.strip()
        if entry.startswith("["):
            host, _, port = entry[1:].partition("]:")
        elif entry.count(":") == 1:
            host, _, port = entry.partition(":")
        else:
            host, port = entry, ""
        allowed.append((ipaddress.ip_network(host, strict=False), int(port) if port else None))
    return allowed


def may_visit(address: str, port: int, allowed) -> bool:
    """Whether the checker may connect to ``address``: a public one, or one allowed."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network and allowed_port in (None, port) for network, allowed_port in allowed):
        return True
    return ip.is_global and not ip.is_multicast


class _PublicAddressesOnly(httpcore.AsyncNetworkBackend):
    """Opens connections only to addresses ``may_visit`` accepts, whatever the URL says."""

    def __init__(self, allowed):
        self._allowed = allowed
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self, host, port, timeout=None, local_address=None, socket_options=None
    ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout):
                found = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"{host} did not resolve in time") from None
        except OSError as error:
            raise httpcore.ConnectError(f"{host} does not resolve ({error})") from None
        # Scope ids ("fe80::1%eth0") say which interface, not which address.
        addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in found))
        refused = [address for address in addresses if not may_visit(address, port, self._allowed)]
        if refused or not addresses:
            raise NonPublicAddress(f"{host} is not a public address ({', '.join(refused)})")
        error = None
        for address in addresses:
            try:
                return await self._backend.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as failed:
                error = failed
        raise error

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise NonPublicAddress("a local socket is not a public address")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def _transport(allowed, concurrency: int) -> httpx.AsyncHTTPTransport:
    # Proxies from the environment are ignored (trust_env=False): behind one, the address
    # checked would be the proxy's, not the link's.
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    # httpx has no public way to give its connection pool a network backend: the pool it
    # built is replaced by the same kind of pool with ours.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=concurrency,
        network_backend=_PublicAddressesOnly(allowed),
    )
    return transport


async def _visit(client, url: str) -> tuple[int, str]:
    """The status of ``url`` after at most MAX_REDIRECTS redirects, and the address that gave
    it. Redirects are followed here rather than by httpx, which reads each redirect's body."""
    for _hop in range(MAX_REDIRECTS + 1):
        async with client.stream("GET", url) as response:  # headers only: no body is read
            if not response.has_redirect_location:
                return response.status_code, url
            location = response.headers["Location"]
        url = str(response.url.join(location))
        if urlsplit(url).scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"Redirected to a {urlsplit(url).scheme}: address")
    raise httpx.TooManyRedirects(f"More than {MAX_REDIRECTS} redirects")


async def _fetch(client, url, global_limit, host_limit, timeout) -> tuple[int | None, str, str]:
    async with global_limit, host_limit:
        try:
            async with asyncio.timeout(timeout * DEADLINE_FACTOR):
                status, final_url = await _visit(client, url)
            return status, final_url, ""
        except (TimeoutError, httpx.TimeoutException):
            return None, "", "Timed out"
        except httpx.TooManyRedirects:
            return None, "", "Too many redirects"
        except httpx.ConnectError as error:
            if isinstance(error.__cause__, NonPublicAddress):
                return None, "", f"Refused: {error}"[:200]
            return None, "", f"ConnectError: {error}"[:200]
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return None, "", (type(error).__name__ + ": " + str(error))[:200]


async def _fetch_all(targets, *, timeout, concurrency, per_host, allowed) -> list[LinkResult]:
    global_limit = asyncio.Semaphore(concurrency)
    host_limits = defaultdict(lambda: asyncio.Semaphore(per_host))
    async with httpx.AsyncClient(
        transport=_transport(allowed, concurrency),
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": user_agent(), "Accept": "text/html,application/pdf,*/*;q=0.8"},
        trust_env=False,
    ) as client:

        async def one(resource_id, url):
            host = (urlsplit(url).hostname or "").lower()
            status, final_url, error = await _fetch(
                client, url, global_limit, host_limits[host], timeout
            )
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
    allowed = allowed_addresses(settings.LINK_CHECK_ALLOWED_ADDRESSES)
    results = asyncio.run(
        _fetch_all(
            targets, timeout=timeout, concurrency=concurrency, per_host=per_host, allowed=allowed
        )
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
