"""The version of the public content: what a worker's copies of public pages and objects are
valid for.

One random token in the shared cache (``pages``), replaced whenever the public content
changes (``forum_site.page_cache`` connects the models' signals and the admin's forms to
``changed``). Each worker keeps the token it last read and trusts it for ``CHECK_SECONDS``
before reading the shared one again, so most requests read no version at all and another
worker's change shows here within a second; a change made in this worker shows here at once.
The page cache (``forum_site.page_cache``) and the worker's copies of objects
(``common.snapshots``) both key on it.
"""

import secrets
import threading
import time

from django.core.cache import caches
from django.db import connection, transaction

CACHE_ALIAS = "pages"
VERSION_KEY = "page-cache:version"
# How long a worker trusts the version it last read from the shared cache.
CHECK_SECONDS = 1.0


class _Known:
    def __init__(self):
        self.lock = threading.Lock()
        self.version: str | None = None
        self.checked = 0.0


_known = _Known()


def known() -> str | None:
    """This worker's version while it is still trusted, else None (read ``current``)."""
    if _known.version is not None and time.monotonic() - _known.checked < CHECK_SECONDS:
        return _known.version
    return None


def remember(version: str) -> None:
    with _known.lock:
        _known.version, _known.checked = version, time.monotonic()


def forget() -> None:
    """As a worker that has read no version yet (tests play several workers with this)."""
    with _known.lock:
        _known.version, _known.checked = None, 0.0


def from_shared(found: dict) -> str:
    """The version in ``found`` (a ``get_many`` of the shared cache that asked for
    ``VERSION_KEY``), made when there is none yet; remembered as this worker's."""
    cache = caches[CACHE_ALIAS]
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    remember(version)
    return version


def current() -> str:
    """The version now: this worker's while trusted, else the shared cache's (one read)."""
    version = known()
    if version is None:
        version = from_shared({VERSION_KEY: caches[CACHE_ALIAS].get(VERSION_KEY)})
    return version


def bump(**_signal_kwargs) -> None:
    """Make every copy stale: a new version, shared and this worker's."""
    version = secrets.token_hex(8)
    caches[CACHE_ALIAS].set(VERSION_KEY, version, None)
    remember(version)


def changed() -> None:
    """The public content changed: a new version at once outside a transaction; inside one,
    for this worker at once (its next request may read the uncommitted rows) and for all
    after the commit, once per transaction however many rows it changes."""
    if not connection.in_atomic_block:
        bump()
        return
    remember(secrets.token_hex(8))
    # Django drops the callbacks of a rolled-back savepoint, so this check stays true.
    if not any(callback[1] is bump for callback in connection.run_on_commit):
        transaction.on_commit(bump)
