"""Check every resource's link and record which ones are broken.

The periodic task calls the same function (``resources.linkcheck.check_links``); this command
lets the secretariat run it by hand, for everything or for a few slugs, or see what a check
would say without recording it (``--dry-run``).
"""

from django.core.management.base import BaseCommand

from resources.linkcheck import DEFAULT_CONCURRENCY, DEFAULT_PER_HOST, DEFAULT_TIMEOUT, check_links
from resources.models import Resource


class Command(BaseCommand):
    help = "Check the resources' links (concurrently, politely) and record their health."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these resources (default: all).")
        parser.add_argument("--dry-run", action="store_true", help="Check, but record nothing.")
        parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
        parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
        parser.add_argument("--per-host", type=int, default=DEFAULT_PER_HOST)

    def handle(self, *args, slugs, dry_run, timeout, concurrency, per_host, **options):
        resources = Resource.objects.filter(slug__in=slugs) if slugs else None
        report = check_links(
            resources,
            timeout=timeout,
            concurrency=concurrency,
            per_host=per_host,
            dry_run=dry_run,
        )
        for result in report.results:
            if not result.ok:
                self.stdout.write(f"{result.status or result.error}  {result.url}")
        self.stdout.write(
            f"Checked {report.checked} links: {report.ok} working, {report.failed} failing, "
            f"{report.newly_broken} newly broken."
            + (" Dry run: nothing was recorded." if dry_run else "")
        )
