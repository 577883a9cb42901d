"""Send the saved searches' due digests now (the periodic task does it every hour); useful
after an outage, and what the tests run as a separate worker process."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from personal import digests


class Command(BaseCommand):
    help = "Send the saved searches' digests that are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the searches that are due."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = digests.due(timezone.now()).count()
            self.stdout.write(f"{count} saved searches are due.")
            return
        sent = digests.send_due_digests()
        self.stdout.write(f"{sent} digests sent.")
