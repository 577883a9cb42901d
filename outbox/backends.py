from django.core.mail.backends.base import BaseEmailBackend

from outbox.services import queue_email


class QueuedEmailBackend(BaseEmailBackend):
    """Django's EMAIL_BACKEND for the whole portal: every message goes through the queue.

    The real transport (SMTP, console) is OUTBOX_DELIVERY_BACKEND, used by the worker.
    """

    def send_messages(self, email_messages):
        count = 0
        for email_message in email_messages:
            if email_message.recipients():
                queue_email(email_message=email_message)
                count += 1
        return count
