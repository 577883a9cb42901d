"""Compare the stored search index with a fresh analysis of the library.

Exits with an error (status 1) when anything is stale or missing: run reindex_search then.
"""

from django.core.management.base import BaseCommand, CommandError

from resources.indexing import index_state

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Find resources whose search vector, entry or postings, and search groups, that differ "
        "from a fresh analysis."
    )

    def handle(self, *args, **options):
        state = index_state()
        problems = [
            ("resources analysed with an older analysis", state.stale_vectors),
            ("published resources whose search entry is missing or stale", state.stale_entries),
            ("search entries of resources gone or unpublished", state.orphan_entries),
        ]
        for label, ids in problems:
            if ids:
                shown = ", ".join(str(pk) for pk in ids[:SHOWN])
                more = f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else ""
                self.stdout.write(f"{len(ids)} {label}: {shown}{more}")
        if state.stale_groups:
            shown = "; ".join(state.stale_groups[:SHOWN])
            self.stdout.write(
                f"{len(state.stale_groups)} search groups differ from what their queries find: "
                f"{shown}"
            )
        if state.postings_stale:
            self.stdout.write(
                f"The postings hold {state.postings} words; the search entries have {state.words}."
            )
        if not state.healthy:
            raise CommandError("The search index is stale: run reindex_search.")
        self.stdout.write(
            f"The search index is current ({state.words} words in the search entries)."
        )
