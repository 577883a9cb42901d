"""Fixed-window rate limits on the shared cache (the database cache, or Redis when configured),
so that every worker and app server counts the same attempts.

A limit allows ``limit`` actions per client in each ``window`` of seconds, the windows aligned
to the clock (an hourly limit starts again on the hour). Counters are keyed by the window, so
one expires with its window whatever the backend does to timeouts: Django's database cache
re-sets an entry's timeout to the default on ``incr``, which is why each count is re-timed.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

from common.clientip import client_ip


def client_key(request) -> str:
    """Who is asking: the signed-in user, otherwise the client address (never stored)."""
    if request.user.is_authenticated:
        return user_key(request.user)
    address = client_ip(request)  # the visitor's, behind TRUSTED_PROXY_COUNT proxies
    return "ip:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def user_key(user) -> str:
    """A signed-in person, for limits counted where there is no request (a service)."""
    return f"user:{user.pk}"


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` actions per client in each ``window`` of seconds, named by ``scope``."""

    scope: str
    limit: int
    window: int

    def _key_and_remaining(self, who: str) -> tuple[str, int]:
        now = time.time()
        number = int(now // self.window)
        remaining = max(1, round((number + 1) * self.window - now))
        return f"ratelimit:{self.scope}:{who}:{number}", remaining

    def reached(self, who: str) -> bool:
        """True when ``who`` has used up this window's actions (counts nothing)."""
        key, _remaining = self._key_and_remaining(who)
        return cache.get(key, 0) >= self.limit

    def count(self, who: str) -> int:
        """Count one action of ``who``; return how many this window holds now."""
        key, remaining = self._key_and_remaining(who)
        if cache.add(key, 1, timeout=remaining):
            return 1
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=remaining)
            return 1
        cache.touch(key, timeout=remaining)
        return count

    def hit(self, who: str) -> bool:
        """Count one attempt; return True while ``who`` is within the limit."""
        return self.count(who) <= self.limit
