"""Make synthetic resources for benchmarking the search (never for the demo or production).

Everything it makes is marked: resources have ``is_synthetic`` set and slugs starting with
``synthetic-``, their publishers are organisations named "... (synthetic)". The words come from
``bench.synthetic``: themed titles and summaries with a realistic spread of vocabulary.
Rows are written with bulk inserts in batches, then one set-based UPDATE fills the search
columns.
"""

import random
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from bench.synthetic import CITIES, NETWORKS, make_text
from directory.demo import TOPICS
from directory.models import Organization, Topic
from resources.models import Resource, ResourcePublisher, SearchEntry
from resources.search import groups
from resources.services import refresh_search_columns

BATCH = 5000
SUFFIX = " (synthetic)"
SEARCH_ENTRIES = SearchEntry._meta.db_table
# Migration 0007: read only by the search's SQL, kept by this trigger on the entries.
SEARCH_POSTINGS = "resources_searchposting"
POSTINGS_TRIGGER = "resources_search_postings"
# Migration 0013: the search groups' postings, kept by this one.
SEARCH_GROUP_POSTINGS = "resources_searchgroupposting"
GROUPS_TRIGGER = "resources_search_groups"


class Command(BaseCommand):
    help = "Create synthetic resources (marked as such) for the search benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=100_000, help="How many in all.")
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument("--delete", action="store_true", help="Remove all synthetic data.")

    def handle(self, *args, resources, seed, delete, **options):
        if delete:
            deleted, _details = Resource.objects.filter(is_synthetic=True).delete()
            Organization.objects.filter(name__endswith=SUFFIX).delete()
            self.stdout.write(f"Deleted {deleted} synthetic rows.")
            return
        existing = Resource.objects.filter(is_synthetic=True).count()
        missing = resources - existing
        if missing <= 0:
            self.stdout.write(f"{existing} synthetic resources already exist.")
            return
        started = time.monotonic()
        rng = random.Random(seed + existing)  # noqa: S311 - reproducible test data, not secrets
        with transaction.atomic():
            # Each entry's postings (migration 0007) are made once, together, at the end: row
            # by row, every resource's would be written twice (it gets its publishers later).
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {SEARCH_ENTRIES} DISABLE TRIGGER {POSTINGS_TRIGGER}")
                cursor.execute(f"ALTER TABLE {SEARCH_ENTRIES} DISABLE TRIGGER {GROUPS_TRIGGER}")
            publishers = self._publishers()
            topics = self._topics()
            for offset in range(0, missing, BATCH):
                self._batch(
                    rng, existing + offset, min(BATCH, missing - offset), publishers, topics
                )
            # Statistics of the new rows first: planned for the tables as they were (often
            # empty), the set-based UPDATE takes minutes instead of seconds.
            with connection.cursor() as cursor:
                for table in (
                    "resources_resource",
                    "resources_resourcepublisher",
                    "resources_resource_topics",
                ):
                    cursor.execute(f"ANALYZE {table}")
            refresh_search_columns(
                Resource.objects.filter(is_synthetic=True, search_publishers="").values_list(
                    "pk", flat=True
                )
            )
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {SEARCH_ENTRIES} ENABLE TRIGGER {POSTINGS_TRIGGER}")
                cursor.execute("SELECT resources_refill_search_postings()")
                cursor.execute(f"ALTER TABLE {SEARCH_ENTRIES} ENABLE TRIGGER {GROUPS_TRIGGER}")
                cursor.execute("SELECT resources_refill_search_groups()")
            # The glossary's wide searches over the new library (those with enough hits).
            groups.build_groups()
        # Every row was written twice (inserted, then given its search columns), leaving the
        # table half dead rows: compact it, as a restored database would be, so searches are
        # timed on the library rather than on the generator's leftovers. VACUUM cannot run in
        # a transaction, as when a test calls the command; then statistics are enough.
        # A plain VACUUM after the full one marks the pages all-visible, as autovacuum would.
        in_transaction = connection.in_atomic_block
        with connection.cursor() as cursor:
            for table in (
                "resources_resource",
                "resources_resourcepublisher",
                SEARCH_ENTRIES,
                SEARCH_POSTINGS,
                SEARCH_GROUP_POSTINGS,
            ):
                if in_transaction:
                    cursor.execute(f"ANALYZE {table}")
                else:
                    cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
                    cursor.execute(f"VACUUM {table}")
        self.stdout.write(
            f"Created {missing} synthetic resources in {time.monotonic() - started:.1f} s."
        )

    def _organization(self, name, kind, country=""):
        organization, _made = Organization.objects.get_or_create(
            name=name + SUFFIX, defaults={"kind": kind, "country": country}
        )
        return organization

    def _publishers(self) -> dict:
        """Local governments, national agencies, universities and regional networks."""
        kinds = Organization.Kind
        local, national, academic = {}, {}, {}
        for number, (city, country, _region) in enumerate(CITIES):
            local[city] = self._organization(f"{city} City Government", kinds.CITY, country)
            if country not in national:
                national[country] = self._organization(
                    f"National Disaster Management Agency of {country}",
                    kinds.NATIONAL_GOVERNMENT,
                    country,
                )
            if number % 3 == 0:
                academic[city] = self._organization(
                    f"{city} Institute of Urban Studies", kinds.ACADEMIA, country
                )
        networks = [self._organization(name, kinds.INTERNATIONAL) for name in NETWORKS]
        return {"local": local, "national": national, "academic": academic, "networks": networks}

    def _topics(self) -> dict:
        for name, slug, description in TOPICS:
            Topic.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
        return {topic.slug: topic for topic in Topic.objects.all()}

    def _pick_publishers(self, rng, text, publishers) -> list:
        roll = rng.random()
        if roll < 0.45:
            chosen = [publishers["local"][text.city]]
        elif roll < 0.6:
            chosen = [publishers["national"][text.country]]
        elif roll < 0.75 and text.city in publishers["academic"]:
            chosen = [publishers["academic"][text.city]]
        else:
            chosen = [rng.choice(publishers["networks"])]
        if rng.random() < 0.2:
            partner = rng.choice(publishers["networks"])
            if partner not in chosen:
                chosen.append(partner)
        return chosen

    def _batch(self, rng, start, size, publishers, topics):
        rows, chosen = [], []
        for number in range(start, start + size):
            text = make_text(rng)
            precision = rng.choice(["year", "month", "day"])
            published = date(text.year, rng.randint(1, 12), rng.randint(1, 28))
            published = {
                "year": published.replace(month=1, day=1),
                "month": published.replace(day=1),
                "day": published,
            }[precision]
            url = f"https://synthetic.example.org/resources/{number}"
            countries = [text.country] + ([text.other_country] if text.other_country else [])
            cities = [text.city] + ([text.other_city] if text.other_city else [])
            rows.append(
                Resource(
                    title=text.title,
                    slug=f"synthetic-{number}",
                    url=url,
                    normalized_url=url,
                    kind=text.kind,
                    countries=countries,
                    cities=cities,
                    languages=text.languages,
                    published_on=published,
                    date_precision=precision,
                    summary=text.summary,
                    summary_text=text.summary,
                    title_ko=text.title_ko,
                    summary_ko=text.summary_ko,
                    status=Resource.Status.PUBLISHED,
                    published_at=f"{text.year}-06-01T00:00:00Z",
                    is_synthetic=True,
                )
            )
            chosen.append(
                (
                    self._pick_publishers(rng, text, publishers),
                    [topics[slug] for slug in text.topics if slug in topics],
                )
            )
        created = Resource.objects.bulk_create(rows)
        ResourcePublisher.objects.bulk_create(
            ResourcePublisher(resource=resource, organization=organization, position=position)
            for resource, (orgs, _topics) in zip(created, chosen, strict=True)
            for position, organization in enumerate(orgs)
        )
        Resource.topics.through.objects.bulk_create(
            Resource.topics.through(resource_id=resource.pk, topic_id=topic.pk)
            for resource, (_orgs, picked) in zip(created, chosen, strict=True)
            for topic in picked
        )
