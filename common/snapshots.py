"""Objects a worker keeps from one request to the next while the public content is unchanged.

An event's page, its registration form, the registration's result page and each registration
e-mail read the same event with its organisers, links and programme; read afresh each time,
that is a wide row and several related queries per page (about a third of a registration's
CPU, measured by ``make bench-registrations``). A ``Snapshots`` keeps what a function made,
under the content version it was made in (``common.content_version``): any change to the
public models or in the admin makes every copy stale at once in the worker that made the
change and within a second in the others, as for the anonymous page cache, and
``PAGE_CACHE_SECONDS`` (0 turns the copies off) bounds what a change that sends no signal (a
bulk update from a shell) can leave stale.

What is kept is shared by the requests of one process: callers treat it as read-only, and
key it by everything that shapes it (the language, for texts an object keeps once made). Rows
that change with every registration (seats taken, a person's own registration) are never
part of it: they are read at each request, under the event's lock where it matters.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings

from common import content_version


class Snapshots:
    """Up to ``size`` objects, the least recently used dropped first."""

    def __init__(self, size: int = 512):
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[Hashable, tuple[str, float, object]] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], object]):
        """What ``make()`` returns, kept under ``key``; None is returned, never kept."""
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if seconds <= 0:
            return make()
        # Read before making: a change while making leaves this copy stale at once.
        version = content_version.current()
        now = time.monotonic()
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and entry[0] == version and entry[1] > now:
                self.entries.move_to_end(key)
                return entry[2]
        value = make()
        if value is not None:
            with self.lock:
                self.entries[key] = (version, now + seconds, value)
                self.entries.move_to_end(key)
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
