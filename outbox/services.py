"""Queueing and delivering e-mail durably through the PostgreSQL task queue."""

import logging

from django.conf import settings
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone

from outbox import transport
from outbox.deferred import DeferredEmail, NothingToSend, render
from outbox.models import OutgoingMessage

logger = logging.getLogger(__name__)


def queue_email(*, email_message) -> OutgoingMessage:
    """Store one Django EmailMessage and defer its delivery job.

    Side effects: one OutgoingMessage row and one procrastinate job, both written through
    Django's connection, so they commit or roll back with the caller's transaction. A
    DeferredEmail is stored as what to render; the worker renders it.
    """
    from outbox.tasks import deliver_message

    if isinstance(email_message, DeferredEmail):
        fields = {
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "message_id": make_msgid(domain=DNS_NAME),
            "renderer": email_message.renderer,
            "renderer_kwargs": email_message.renderer_kwargs,
        }
    else:
        mime = email_message.message()
        fields = {
            "from_email": email_message.from_email,
            "subject": str(email_message.subject)[:500],
            "message_id": mime["Message-ID"],
            "raw": mime.as_bytes(linesep="\n"),
        }
    # No savepoint: both rows belong to the caller's transaction (or to this one).
    with transaction.atomic(savepoint=False):
        message = OutgoingMessage.objects.create(
            recipients=list(email_message.recipients()), **fields
        )
        deliver_message.defer(message_id=message.pk)
    return message


def _render(message: OutgoingMessage) -> list[str]:
    """Render a deferred message into its row (unsaved); return the fields it changed."""
    email = render(message.renderer, message.renderer_kwargs)
    email.extra_headers["Message-ID"] = message.message_id
    mime = email.message()
    message.raw = mime.as_bytes(linesep="\n")
    message.subject = str(email.subject)[:500]
    message.from_email = email.from_email
    message.recipients = list(email.recipients())
    return ["raw", "subject", "from_email", "recipients"]


def deliver(*, message_id: int) -> bool:
    """Send one queued message unless it was sent already; return True if it was sent now.

    The row is locked for the whole attempt, so two workers holding jobs for the same message
    send it once. A deferred message is rendered on its first attempt and its bytes kept, so
    retries send the same message. A failure is recorded and re-raised, so the queue retries
    with backoff; a message with nothing left to send (NothingToSend) fails for good.
    """
    error = None
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status in (
            OutgoingMessage.Status.SENT,
            OutgoingMessage.Status.FAILED,
        ):
            return False
        message.attempts += 1
        rendered = []
        try:
            if message.awaits_rendering:
                rendered = _render(message)
            transport.send(message.as_email())
        except NothingToSend as reason:
            message.status = OutgoingMessage.Status.FAILED
            message.last_error = str(reason)[:2000]
            message.save(update_fields=["attempts", "status", "last_error"])
            return False
        except Exception as exc:
            error = exc
            message.status = OutgoingMessage.Status.RETRYING
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "status", "last_error", *rendered])
        else:
            message.status = OutgoingMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["attempts", "status", "sent_at", "last_error", *rendered])
    if error is not None:
        logger.warning("Delivery of message %s failed: %s", message_id, error)
        raise error
    return True


def mark_failed(*, message_id: int) -> None:
    OutgoingMessage.objects.filter(pk=message_id).exclude(
        status=OutgoingMessage.Status.SENT
    ).update(status=OutgoingMessage.Status.FAILED)


def retry_now(*, messages) -> int:
    """Queue a fresh delivery job for each unsent message (the admin's "retry now")."""
    from outbox.tasks import deliver_message

    count = 0
    with transaction.atomic():
        for message in messages.unsent():
            deliver_message.defer(message_id=message.pk)
            count += 1
        messages.unsent().update(status=OutgoingMessage.Status.QUEUED)
    return count
