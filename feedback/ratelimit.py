"""A fixed-window rate limit on the shared cache (database cache, or Redis when configured)."""

import hashlib

from django.core.cache import cache


def client_key(request) -> str:
    """Who is asking: the signed-in user, otherwise the client address (never stored)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    address = request.META.get("REMOTE_ADDR", "")
    return "ip:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def hit(request, *, scope: str, limit: int, window: int) -> bool:
    """Count one attempt; return True while the client is within `limit` per `window` seconds."""
    key = f"ratelimit:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
