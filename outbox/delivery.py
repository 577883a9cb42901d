"""Sending a stored message: the worker's side of the outbox (``outbox.tasks`` calls it).

Below the tasks, which are below ``outbox.services``: queueing defers a task, the task
delivers, and nothing here knows about the queue.
"""

import logging

from django.db import transaction
from django.utils import timezone

from outbox import transport
from outbox.deferred import NothingToSend, render
from outbox.models import OutgoingMessage

logger = logging.getLogger(__name__)


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
    send it once. A failure is recorded and re-raised, so the queue retries with backoff.
    """
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return False
        sent, error = attempt(message)
    if error is not None:
        raise error
    return sent


def attempt(message: OutgoingMessage) -> tuple[bool, Exception | None]:
    """One delivery attempt of a message whose row the caller holds locked, recorded in the
    caller's transaction; return whether it was sent now and the error to retry for, if any.

    A message recorded as sent or failed is left alone. A deferred message is rendered on its
    first attempt and its bytes kept, so retries send the same message; a message with
    nothing left to send (NothingToSend) fails for good.
    """
    if message.status in (OutgoingMessage.Status.SENT, OutgoingMessage.Status.FAILED):
        return False, None
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
        return False, None
    except Exception as error:
        message.status = OutgoingMessage.Status.RETRYING
        message.last_error = f"{error.__class__.__name__}: {error}"[:2000]
        message.save(update_fields=["attempts", "status", "last_error", *rendered])
        logger.warning("Delivery of message %s failed: %s", message.pk, error)
        return False, error
    message.status = OutgoingMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "status", "sent_at", "last_error", *rendered])
    return True, None


def mark_failed(*, message_id: int) -> None:
    OutgoingMessage.objects.filter(pk=message_id).exclude(
        status=OutgoingMessage.Status.SENT
    ).update(status=OutgoingMessage.Status.FAILED)
