import email.errors
import logging

from django.core.mail.backends.base import BaseEmailBackend

from outbox.services import queue_email

logger = logging.getLogger(__name__)

# What building a message raises for an address or header no mail system can carry (a
# direction override in a domain fails IDNA encoding): Python's email package and codecs.
UNBUILDABLE = (ValueError, email.errors.MessageError)


class QueuedEmailBackend(BaseEmailBackend):
    """Django's EMAIL_BACKEND for the whole portal: every message goes through the queue.

    The real transport (SMTP, console) is OUTBOX_DELIVERY_BACKEND, used by the worker.
    A message that cannot be built is logged and left out, never raised: the request that
    queued it (a sign-up, a registration) must not fail for a message nobody could receive.
    Nothing of it is written (the message is built before its row).
    """

    def send_messages(self, email_messages):
        count = 0
        for email_message in email_messages:
            if not email_message.recipients():
                continue
            try:
                queue_email(email_message=email_message)
            except UNBUILDABLE:
                logger.exception(
                    "Not queued: the message %r to %r cannot be built.",
                    str(email_message.subject)[:100],
                    email_message.recipients(),
                )
                continue
            count += 1
        return count
