"""The worker's connection to the real mail transport, kept open from one message to the next.

Django's SMTP backend opens a connection for every ``send_messages`` call: a TCP connect and
EHLO (and STARTTLS and AUTH in production) for each message, which costs a worker more than
rendering it. Here each worker thread keeps its SMTP connection while the settings that name
the server stay the same. A connection idle for longer than ``CHECK_AFTER_SECONDS`` is checked
with NOOP before it is used (servers drop idle clients; Postfix under stress after 10 s), and
any failure closes it, so the next attempt starts on a fresh one. Other backends (console,
locmem, files) have no connection worth keeping and are made for each message, as before.
"""

import contextlib
import threading
import time

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.utils.module_loading import import_string

CHECK_AFTER_SECONDS = 1.0


class _Kept:
    """One thread's open SMTP backend and the settings it was opened with."""

    def __init__(self, backend: SMTPBackend, identity: tuple):
        self.backend = backend
        self.identity = identity
        self.used_at = time.monotonic()

    def usable(self, identity: tuple) -> bool:
        if identity != self.identity or self.backend.connection is None:
            return False
        if time.monotonic() - self.used_at < CHECK_AFTER_SECONDS:
            return True
        try:
            return self.backend.connection.noop()[0] == 250
        except Exception:
            return False

    def __del__(self):
        # Its thread ended (a worker's pool shrinking, a test's worker stopping): drop the
        # socket rather than leave it to the garbage collector.
        if self.backend.connection is not None:
            self.backend.connection.close()


_local = threading.local()


def send(email_message) -> None:
    """Send one message through ``settings.OUTBOX_DELIVERY_BACKEND``; raise if it fails."""
    kept = _open()
    if kept is None:  # console, locmem, files: a backend for this message, as Django does
        with get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False) as backend:
            backend.send_messages([email_message])
        return
    try:
        kept.backend.send_messages([email_message])
    except BaseException:
        close()
        raise
    kept.used_at = time.monotonic()


def close() -> None:
    """Close this thread's kept connection, if any (QUIT, errors ignored)."""
    kept, _local.kept = getattr(_local, "kept", None), None
    if kept is not None:
        with contextlib.suppress(Exception):
            kept.backend.close()


def _open() -> _Kept | None:
    """This thread's SMTP connection, opened if need be; None for other backends."""
    if not issubclass(import_string(settings.OUTBOX_DELIVERY_BACKEND), SMTPBackend):
        return None
    identity = _identity()
    kept = getattr(_local, "kept", None)
    if kept is not None and kept.usable(identity):
        return kept
    close()
    backend = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    backend.open()
    _local.kept = _Kept(backend, identity)
    return _local.kept


def _identity() -> tuple:
    """What names the server and how to reach it: a change (tests, a reload) starts afresh."""
    return (
        settings.OUTBOX_DELIVERY_BACKEND,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER,
        settings.EMAIL_HOST_PASSWORD,
        settings.EMAIL_USE_TLS,
        settings.EMAIL_USE_SSL,
        settings.EMAIL_TIMEOUT,
    )
