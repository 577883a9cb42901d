"""Analyse the library's text again and repair the search entries and postings.

By default only what check_search_index finds stale; ``--all`` takes every resource (after
the analysis itself changed, say). Each batch is its own transaction, so the site keeps
searching meanwhile and an interrupted run keeps what it did.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from resources.indexing import index_state, reindex, stale_ids
from resources.models import Resource


class Command(BaseCommand):
    help = "Re-analyse stale (or, with --all, every) resources and repair the search index."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every resource, stale or not.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        ids = (
            list(Resource.objects.order_by("pk").values_list("pk", flat=True))
            if options["all"]
            else stale_ids(index_state())
        )
        with tqdm(
            total=len(ids), unit="resource", desc="Re-indexing", file=self.stderr, ascii=True
        ) as bar:
            reindex(ids, batch_size=max(1, batch_size), progress=bar.update)
        after = index_state()
        self.stdout.write(
            f"Re-indexed {len(ids)} resources; the index is "
            + ("current." if after.healthy else "still stale: see check_search_index.")
        )
