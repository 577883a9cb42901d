"""Wait until the worker has taken every queued e-mail.

``make run`` starts the task-queue worker, waits with this command and only then starts the
web server: the demo's e-mails (printed by the console transport) come before the address
and the sign-in instead of scrolling them away. Messages waiting to be retried after an error
are not waited for.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from outbox.models import OutgoingMessage


class Command(BaseCommand):
    help = "Wait until no e-mail is queued for its first attempt (or the timeout passes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=15.0, help="seconds to wait at most (default 15)"
        )

    def handle(self, *args, timeout, **options):
        deadline = time.monotonic() + timeout
        while queued := OutgoingMessage.objects.filter(
            status=OutgoingMessage.Status.QUEUED
        ).count():
            if time.monotonic() >= deadline:
                raise CommandError(f"{queued} e-mails are still queued after {timeout:g} s.")
            time.sleep(0.2)
