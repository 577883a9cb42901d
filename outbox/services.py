"""Queueing and delivering e-mail durably through the PostgreSQL task queue."""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from outbox.models import OutgoingMessage

logger = logging.getLogger(__name__)


def queue_email(*, email_message) -> OutgoingMessage:
    """Store one Django EmailMessage and defer its delivery job.

    Side effects: one OutgoingMessage row and one procrastinate job, both written through
    Django's connection, so they commit or roll back with the caller's transaction.
    """
    from outbox.tasks import deliver_message

    mime = email_message.message()
    with transaction.atomic():
        message = OutgoingMessage.objects.create(
            from_email=email_message.from_email,
            recipients=list(email_message.recipients()),
            subject=str(email_message.subject)[:500],
            message_id=mime["Message-ID"],
            raw=mime.as_bytes(linesep="\n"),
        )
        deliver_message.defer(message_id=message.pk)
    return message


def deliver(*, message_id: int) -> bool:
    """Send one queued message unless it was sent already; return True if it was sent now.

    The row is locked for the whole attempt, so two workers holding jobs for the same message
    send it once. A failure is recorded and re-raised, so the queue retries with backoff.
    """
    error = None
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == OutgoingMessage.Status.SENT:
            return False
        message.attempts += 1
        try:
            with get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False) as conn:
                conn.send_messages([message.as_email()])
        except Exception as exc:
            error = exc
            message.status = OutgoingMessage.Status.RETRYING
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "status", "last_error"])
        else:
            message.status = OutgoingMessage.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
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
