"""The visitor's address, as every rate limit keys on it."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies of our own the address the
    outermost of them saw: the entry that many places from the right of X-Forwarded-For.

    Behind the README's nginx every request comes from nginx, so keying on ``REMOTE_ADDR``
    put every visitor in one bucket (ten failed sign-ins a minute from anyone locked everyone
    out). Entries further left are the client's own to write, and never read. A header with
    too few entries or not an address there falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")]
    if len(entries) < count:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return remote
