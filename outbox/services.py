"""Queueing e-mail durably through the PostgreSQL task queue: the caller's side.

A message is stored and its delivery job deferred in the caller's transaction; the worker
sends it through ``outbox.delivery`` (``outbox.tasks`` runs it).
"""

from django.conf import settings
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction

from outbox.deferred import DeferredEmail
from outbox.models import OutgoingMessage
from outbox.tasks import deliver_message


def queue_email(*, email_message) -> OutgoingMessage:
    """Store one Django EmailMessage and defer its delivery job.

    Side effects: one OutgoingMessage row and one procrastinate job, both written through
    Django's connection, so they commit or roll back with the caller's transaction. A
    DeferredEmail is stored as what to render; the worker renders it.
    """
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


def retry_now(*, messages) -> int:
    """Queue a fresh delivery job for each unsent message (the admin's "retry now")."""
    count = 0
    with transaction.atomic():
        for message in messages.unsent():
            deliver_message.defer(message_id=message.pk)
            count += 1
        messages.unsent().update(status=OutgoingMessage.Status.QUEUED)
    return count
