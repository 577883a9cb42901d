"""A shared cache of the public pages as anonymous readers see them.

Most visitors read the same few pages without signing in; rendering the forum's programme for
each of them costs tens of milliseconds that one cached copy saves. Django's own cache
middleware cannot do this here: every page carries the request's CSP nonce (header and HTML)
and a CSRF token in its feedback and language forms, and keys on the ``Cookie`` header, so no
two readers would ever share an entry. This one stores the rendered page with the nonce and
the CSRF token replaced by placeholders and, on a hit, puts in a fresh nonce (which the CSP
middleware then writes into the header) and the reader's own CSRF token.

What is cached (``PAGE_CACHE_VIEWS``): GET requests without a query string (filters, searches
and page numbers are rendered each time) by anonymous readers with no pending messages, for
a 200 response that sets no cookie, did not touch the session and was not marked private or
uncacheable. The key holds the scheme, host, path, language and time zone. A page is served
from the cache (GET and HEAD) only while the content version it was made under is current:
any save or delete of the public models (``directory``, ``events``, ``resources``) and any
form or action the admin receives (bulk actions update without model signals) replace the
version, and ``PAGE_CACHE_SECONDS`` (default 60; 0 turns the cache off) bounds what a change
outside those (a bulk update from a shell, time passing: upcoming becoming past,
registration opening) can leave stale. Each worker also keeps the pages it
served lately in memory (``LocalPages``) and the version (``common.content_version``), so most
hits run no query; it reads the shared version again after a second, which is how long another
worker's change can take to show there.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

from common import content_version

CACHE_ALIAS = content_version.CACHE_ALIAS
VERSION_KEY = content_version.VERSION_KEY
PUBLIC_APPS = frozenset({"directory", "events", "resources"})
PAGE_CACHE_VIEWS = frozenset(
    {
        "home",
        "about",
        "privacy",
        "contact",
        "events:list",
        "events:detail",
        "events:speaker",
        "resources:search",
        "resources:detail",
    }
)
# PostgreSQL text cannot hold a NUL character, so no content of the site can contain these.
NONCE_MARK = b"\x00csp-nonce\x00"
CSRF_MARK = b"\x00csrf-token\x00"
MARKS = re.compile(b"(" + re.escape(NONCE_MARK) + b"|" + re.escape(CSRF_MARK) + b")")
# The exact output of {% csrf_token %}; one render uses one masked token throughout.
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
UNCACHEABLE = frozenset({"private", "no-cache", "no-store"})
HIT_HEADER = "X-Page-Cache"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


LOCAL_BYTES = 8 * 1024 * 1024


# Part of every page's key: a release that changes Entry never reads an older one.
ENTRY_FORMAT = 2


@dataclass(frozen=True)
class Entry:
    version: str
    expires: float  # time.time()
    status: int
    headers: tuple[tuple[str, str], ...]
    # The page cut where the nonce and the CSRF token go, the markers kept as parts.
    parts: tuple[bytes, ...]

    @property
    def size(self) -> int:
        return sum(map(len, self.parts))


class LocalPages:
    """This worker's copy of the pages it served lately.

    A hit then costs no query at all: the shared cache is asked for the content version at
    most once a second (``common.content_version``, so another worker's change shows here
    within a second) and for a page only when this worker has no current copy. Holds at most
    ``LOCAL_BYTES`` of pages, least recently used first out.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        """Forget the pages and the version, as a worker that has served nothing yet."""
        content_version.forget()
        with self.lock:
            self.pages: OrderedDict[str, Entry] = OrderedDict()
            self.size = 0

    def get(self, key: str, version: str) -> "Entry | None":
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            if entry.version != version or entry.expires <= time.time():
                self._drop(key)
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if entry.size > LOCAL_BYTES // 4:
            return
        with self.lock:
            if key in self.pages:
                self._drop(key)
            self.pages[key] = entry
            self.size += entry.size
            while self.size > LOCAL_BYTES:
                self._drop(next(iter(self.pages)))

    def _drop(self, key: str) -> None:
        self.size -= self.pages.pop(key).size


local = LocalPages()


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


# The content version's functions, under the names this module has always given them.
bump = content_version.bump
content_changed = content_version.changed


# Rows of the public apps that no public page shows: a reader's stars change no cached page.
PRIVATE_MODELS = frozenset({"events.star"})


def _model_changed(sender, **kwargs) -> None:
    if (
        sender._meta.app_label in PUBLIC_APPS
        and sender._meta.label_lower not in PRIVATE_MODELS
        and seconds() > 0
    ):
        content_changed()


def connect_signals() -> None:
    """Replace the content version whenever the public models change (called from ready())."""
    from django.db.models import signals

    for signal in (signals.post_save, signals.post_delete, signals.m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"page-cache-{id(signal)}")


def page_key(request) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page-cache:page:{ENTRY_FORMAT}:{digest}"


class PageCacheMiddleware:
    """Serve and fill the public-page cache; place it after ``csp.middleware.CSPMiddleware``
    (so the nonce it draws reaches the header) and after the CSRF, session, locale, auth
    and messages middleware (whose work on the response it leaves to them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if (
            request.method not in SAFE_METHODS
            and match
            and "admin" in match.namespaces
            and seconds() > 0
        ):
            bump()  # after the change committed (ATOMIC_REQUESTS is off)
        pending = getattr(request, "_page_cache_pending", None)
        if pending is not None:
            key, version = pending
            entry = self._entry(request, response, version)
            if entry is not None:
                caches[CACHE_ALIAS].set(key, entry, seconds())
                local.put(key, entry)
                response[HIT_HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._applies(request):
            return None
        cache = caches[CACHE_ALIAS]
        key = page_key(request)
        version = content_version.known()
        found = None
        if version is None:  # the version and the page in one query
            found = cache.get_many([VERSION_KEY, key])
            version = content_version.from_shared(found)
        entry = local.get(key, version)
        if entry is None:
            shared = cache.get(key) if found is None else found.get(key)
            if (
                isinstance(shared, Entry)
                and shared.version == version
                and shared.expires > time.time()
            ):
                local.put(key, shared)
                entry = shared
        if entry is not None:
            return self._replay(request, entry)
        if request.method == "GET":
            request._page_cache_pending = (key, version)
        return None

    @staticmethod
    def _applies(request) -> bool:
        match = request.resolver_match
        return (
            seconds() > 0
            and request.method in {"GET", "HEAD"}
            and not request.META.get("QUERY_STRING")
            and match is not None
            and match.view_name in PAGE_CACHE_VIEWS
            and not request.user.is_authenticated
            and len(get_messages(request)) == 0  # reads without marking them shown
        )

    @staticmethod
    def _entry(request, response, version) -> Entry | None:
        """The response as a cache entry, or None when it must not be shared."""
        storage = get_messages(request)
        cache_control = {
            part.split("=", 1)[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        session = getattr(request, "session", None)
        if (
            response.status_code != 200
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.cookies
            or cache_control & UNCACHEABLE
            or (session is not None and session.modified)
            or storage.used
            or getattr(storage, "added_new", False)
        ):
            return None
        body = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            body = body.replace(nonce.encode(), NONCE_MARK)
        for token in set(CSRF_INPUT.findall(body)):
            body = body.replace(token, CSRF_MARK)
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() != "content-length"
        )
        return Entry(
            version=version,
            expires=time.time() + seconds(),
            status=response.status_code,
            headers=headers,
            parts=tuple(part for part in MARKS.split(body) if part),
        )

    @staticmethod
    def _replay(request, entry: Entry) -> HttpResponse:
        tokens = {}
        if NONCE_MARK in entry.parts:
            # Drawing the nonce here is what makes the CSP middleware put it in the header.
            tokens[NONCE_MARK] = str(request.csp_nonce).encode()
        if CSRF_MARK in entry.parts:
            # Also sets the reader's CSRF cookie, as rendering {% csrf_token %} would.
            tokens[CSRF_MARK] = get_token(request).encode()
        body = (
            b"".join([tokens.get(part, part) for part in entry.parts])
            if tokens
            else b"".join(entry.parts)
        )
        response = HttpResponse(body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response
