"""Load the portal's demo data: every fact of the two seed pages.

Idempotent: running it again updates the rows it owns and creates nothing twice. Each app
keeps its own demo data in ``<app>/demo.py``; this command runs them in dependency order.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand
from django.db import transaction

import accounts.demo
import directory.demo
import events.demo
import registrations.demo
import resources.demo
from accounts.demo import STAFF_EMAIL, staff_password

LOADERS = [
    directory.demo.load,
    events.demo.load,
    registrations.demo.load,
    resources.demo.load,
    accounts.demo.load,
]


class Command(BaseCommand):
    help = "Load the demo data from the seed pages (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, then roll back."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            # allauth's e-mails name the site and link to its domain.
            Site.objects.update_or_create(
                id=settings.SITE_ID,
                defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": "Forum Portal"},
            )
            for load in LOADERS:
                for what, count in load().items():
                    self.stdout.write(f"{load.__module__}: {count} {what} created")
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing was saved.")
                return
        self.stdout.write(f"Secretariat sign-in: {STAFF_EMAIL} / {staff_password()}")
