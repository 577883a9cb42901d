"""Make synthetic resources for benchmarking the search (never for the demo or production).

Everything it makes is marked: resources have ``is_synthetic`` set and slugs starting with
``synthetic-``, their publishers are organisations named "... (synthetic)". Rows are written
with bulk inserts in batches, then one set-based UPDATE fills the search columns.
"""

import random
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from directory.demo import TOPICS
from directory.models import Organization, Topic
from resources.models import Resource, ResourcePublisher
from resources.services import refresh_search_columns

BATCH = 5000
CITIES = [
    ("Seoul", "Republic of Korea"),
    ("Busan", "Republic of Korea"),
    ("Incheon", "Republic of Korea"),
    ("Tokyo", "Japan"),
    ("Yokohama", "Japan"),
    ("Kathmandu", "Nepal"),
    ("Dhankuta", "Nepal"),
    ("Colombo", "Sri Lanka"),
    ("Dhaka", "Bangladesh"),
    ("Jakarta", "Indonesia"),
    ("Surabaya", "Indonesia"),
    ("Manila", "Philippines"),
    ("Cebu", "Philippines"),
    ("Hanoi", "Viet Nam"),
    ("Da Nang", "Viet Nam"),
    ("Bangkok", "Thailand"),
    ("Kuala Lumpur", "Malaysia"),
    ("Singapore", "Singapore"),
    ("Delhi", "India"),
    ("Pune", "India"),
    ("Ulaanbaatar", "Mongolia"),
    ("Taipei", "Taiwan"),
    ("Melbourne", "Australia"),
    ("Suva", "Fiji"),
    ("Karachi", "Pakistan"),
    ("Almaty", "Kazakhstan"),
    ("Tehran", "Iran"),
    ("Nairobi", "Kenya"),
    ("Cape Town", "South Africa"),
    ("Lima", "Peru"),
    ("Bogotá", "Colombia"),
    ("Rotterdam", "Netherlands"),
    ("Barcelona", "Spain"),
]
SUBJECTS = [
    "flood early warning",
    "heatwave response",
    "pandemic preparedness",
    "contact tracing",
    "social protection for informal workers",
    "business continuity planning",
    "community health volunteers",
    "disaster risk reduction",
    "climate adaptation finance",
    "urban food security",
    "public transport recovery",
    "smart safety systems",
    "earthquake retrofitting",
    "landslide monitoring",
    "drought management",
    "coastal resilience",
    "mental health support",
    "school reopening",
    "vaccination logistics",
    "waste management during lockdown",
    "green recovery",
    "citizen participation",
    "data sharing platforms",
    "emergency shelters",
    "water and sanitation",
    "air quality",
    "evacuation planning",
    "supply chain resilience",
    "remote working",
    "tourism recovery",
]
FORMS = [
    "Lessons from {city} on {subject}",
    "{subject} in {city}: a case study",
    "Guidelines for {subject}",
    "How {city} organised {subject}",
    "{subject}: a planning tool",
    "Tracking city policies on {subject}",
    "Measures for {subject} in {country}",
    "Building back better through {subject}",
    "{subject} and the COVID-19 recovery",
    "A toolkit for {subject} in Asian cities",
    "{city} report on {subject}",
]
SENTENCES = [
    "This document describes how {city} approached {subject} with its partners.",
    "It sets out the measures taken, their costs and what the municipality learnt.",
    "The authors compare the experience of {country} with other cities in the region.",
    "Practical steps are given for local governments that face similar risks.",
    "Data from {year} show the effect of the measures on vulnerable groups.",
    "The report recommends stronger cooperation between national and local government.",
    "Community organisations played a central role in {subject}.",
    "A checklist helps city officials plan, fund and evaluate their own programmes.",
]
KINDS = [choice for choice, _label in Resource.Kind.choices]
LANGUAGES = ["en"] * 8 + ["ko", "ja", "fr", "es", "id", "ne", "zh"]


class Command(BaseCommand):
    help = "Create synthetic resources (marked as such) for the search benchmark."

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=100_000, help="How many in all.")
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument("--delete", action="store_true", help="Remove all synthetic data.")

    def handle(self, *args, resources, seed, delete, **options):
        if delete:
            deleted, _details = Resource.objects.filter(is_synthetic=True).delete()
            Organization.objects.filter(name__endswith="(synthetic)").delete()
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
            publishers = self._publishers()
            topics = self._topics()
            for offset in range(0, missing, BATCH):
                self._batch(
                    rng, existing + offset, min(BATCH, missing - offset), publishers, topics
                )
            refresh_search_columns(
                Resource.objects.filter(is_synthetic=True, search_publishers="").values_list(
                    "pk", flat=True
                )
            )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE resources_resource")
            cursor.execute("VACUUM ANALYZE resources_resourcepublisher")
        self.stdout.write(
            f"Created {missing} synthetic resources in {time.monotonic() - started:.1f} s."
        )

    def _publishers(self):
        publishers = []
        for city, country in CITIES:
            for kind, name in [
                (Organization.Kind.CITY, f"{city} Metropolitan Government (synthetic)"),
                (Organization.Kind.ACADEMIA, f"{city} Urban Institute (synthetic)"),
                (Organization.Kind.NGO, f"{city} Resilience Network (synthetic)"),
            ]:
                organization, _made = Organization.objects.get_or_create(
                    name=name, defaults={"kind": kind, "country": country}
                )
                publishers.append(organization)
        return publishers

    def _topics(self):
        for name, slug, description in TOPICS:
            Topic.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
        return list(Topic.objects.all())

    def _batch(self, rng, start, size, publishers, topics):
        rows, chosen = [], []
        for number in range(start, start + size):
            city, country = rng.choice(CITIES)
            subject = rng.choice(SUBJECTS)
            year = rng.randint(2005, 2025)
            words = {"city": city, "country": country, "subject": subject, "year": year}
            title = rng.choice(FORMS).format(**words)
            title = title[0].upper() + title[1:]
            summary = " ".join(s.format(**words) for s in rng.sample(SENTENCES, 3))
            precision = rng.choice(["year", "month", "day"])
            published = date(year, rng.randint(1, 12), rng.randint(1, 28))
            published = {
                "year": published.replace(month=1, day=1),
                "month": published.replace(day=1),
                "day": published,
            }[precision]
            url = f"https://synthetic.example.org/resources/{number}"
            rows.append(
                Resource(
                    title=title,
                    slug=f"synthetic-{number}",
                    url=url,
                    normalized_url=url,
                    kind=rng.choice(KINDS),
                    countries=[country],
                    cities=[city],
                    languages=[rng.choice(LANGUAGES)],
                    published_on=published,
                    date_precision=precision,
                    summary=summary,
                    summary_text=summary,
                    status=Resource.Status.PUBLISHED,
                    published_at=f"{year}-06-01T00:00:00Z",
                    is_synthetic=True,
                )
            )
            chosen.append(
                (
                    rng.sample(publishers, rng.choice([1, 1, 1, 2])),
                    rng.sample(topics, rng.randint(1, 3)),
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
