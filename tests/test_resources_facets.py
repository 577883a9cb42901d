import random
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import QueryDict

from directory.models import Organization, Topic
from resources import services
from resources.filters import ResourceFilter
from resources.models import LibraryVersion, Resource
from resources.search.page import search_library
from resources.search.query import text_query
from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = "/resources/"
KINDS = [Resource.Kind.REPORT, Resource.Kind.CASE_STUDY, Resource.Kind.GUIDELINE]
COUNTRIES = ["Nepal", "Japan", "Republic of Korea", "Fiji"]
LANGUAGES = ["en", "ko", "fr"]
WORDS = ["flood", "pandemic", "heatwave", "recovery", "resilience"]


def search(params: dict):
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    filterset = ResourceFilter(query, queryset=Resource.objects.published())
    return search_library(filterset, page=query.get("page"))


def shown_counts(result) -> dict:
    """Each facet's {value: count} as the page shows them (selected values may show 0)."""
    return {
        facet.name: {value.value: value.count for value in facet.values + facet.more}
        for facet in result.facets
    }


def values_of(resource) -> dict:
    return {
        "topic": {topic.slug for topic in resource.topics.all()},
        "kind": {resource.kind},
        "country": set(resource.countries),
        "publisher": {str(pk) for pk in resource.publisher_ids},
        "language": set(resource.languages),
        "year": {str(resource.published_on.year)} if resource.published_on else set(),
    }


def expected_counts(params: dict) -> tuple[int, dict]:
    """The facet counts by their definition: each facet over the hits of the other facets."""
    hits = Resource.objects.published().prefetch_related("topics")
    if params.get("q"):
        hits = hits.filter(search_vector=text_query(params["q"]))
    rows = [values_of(resource) for resource in hits]
    selected = {
        name: set(value if isinstance(value, list) else [value])
        for name, value in params.items()
        if name in ("topic", "kind", "country", "publisher", "language", "year")
    }

    def passes(row, skip=None):
        return all(row[name] & chosen for name, chosen in selected.items() if name != skip)

    counts = {}
    for facet in ("topic", "kind", "country", "publisher", "language", "year"):
        tally = {}
        for row in rows:
            if passes(row, skip=facet):
                for value in row[facet]:
                    tally[value] = tally.get(value, 0) + 1
        for value in selected.get(facet, ()):
            tally.setdefault(value, 0)
        counts[facet] = tally
    return sum(passes(row) for row in rows), counts


def random_library(rng: random.Random, size: int = 30):
    topics = [TopicFactory(slug=f"theme-{n}", name=f"Theme {n}") for n in range(4)]
    publishers = [OrganizationFactory(name=f"Publisher {n}") for n in range(4)]
    for number in range(size):
        ResourceFactory(
            title=f"{rng.choice(WORDS).title()} report {number}",
            summary=f"About {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
            kind=rng.choice(KINDS),
            countries=rng.sample(COUNTRIES, rng.randint(0, 2)),
            languages=rng.sample(LANGUAGES, rng.randint(1, 2)),
            published_on=rng.choice([date(2019, 1, 1), date(2020, 1, 1), date(2021, 1, 1), None]),
            status=rng.choice([Resource.Status.PUBLISHED] * 4 + [Resource.Status.DRAFT]),
            publishers=rng.sample(publishers, rng.randint(0, 2)),
            topics=rng.sample(topics, rng.randint(0, 3)),
        )
    return topics, publishers


def random_params(rng, topics, publishers) -> dict:
    choices = {
        "topic": [topic.slug for topic in topics],
        "kind": KINDS,
        "country": COUNTRIES,
        "publisher": [str(publisher.pk) for publisher in publishers],
        "language": LANGUAGES,
        "year": ["2019", "2020", "2021"],
    }
    params = {}
    if rng.random() < 0.5:
        params["q"] = rng.choice(WORDS)
    for name in rng.sample(sorted(choices), rng.randint(0, 3)):
        params[name] = rng.sample(choices[name], rng.randint(1, 2))
    return params


@pytest.mark.parametrize("seed", range(4))
def test_facet_counts_equal_counts_by_definition(seed):
    rng = random.Random(seed)
    topics, publishers = random_library(rng)

    for _attempt in range(12):
        params = random_params(rng, topics, publishers)
        result = search(params)

        total, counts = expected_counts(params)
        assert result.total == total, params
        assert shown_counts(result) == counts, params


def test_facet_counts_follow_publish_withdraw_and_edit():
    covid = TopicFactory(slug="covid-19", name="COVID-19")
    draft = ResourceFactory(topics=[covid], status=Resource.Status.DRAFT)
    ResourceFactory(topics=[covid])
    assert shown_counts(search({}))["topic"] == {"covid-19": 1}

    services.publish_resources(resources=Resource.objects.filter(pk=draft.pk))
    assert shown_counts(search({}))["topic"] == {"covid-19": 2}

    services.withdraw_resources(resources=Resource.objects.filter(pk=draft.pk))
    assert shown_counts(search({}))["topic"] == {"covid-19": 1}

    published = Resource.objects.get(status=Resource.Status.PUBLISHED)
    published.kind = Resource.Kind.VIDEO
    services.save_resource(resource=published, topics=[])
    counts = shown_counts(search({}))
    assert counts["topic"] == {}
    assert counts["kind"] == {"video": 1}


def test_facet_counts_follow_writes_that_bypass_the_services():
    first = ResourceFactory(kind=Resource.Kind.REPORT)
    ResourceFactory(kind=Resource.Kind.REPORT)
    assert shown_counts(search({}))["kind"] == {"report": 2}

    Resource.objects.filter(pk=first.pk).update(kind=Resource.Kind.DATASET)
    assert shown_counts(search({}))["kind"] == {"report": 1, "dataset": 1}

    first.delete()
    assert shown_counts(search({}))["kind"] == {"report": 1}
    assert search({}).total == 1


def test_facet_labels_follow_a_renamed_topic_and_publisher():
    topic = TopicFactory(slug="heat", name="Heat")
    publisher = OrganizationFactory(name="Old name")
    ResourceFactory(topics=[topic], publishers=[publisher])
    search({})

    topic.name = "Extreme heat"
    topic.save()
    publisher.name = "New name"
    publisher.acronym = "NN"
    publisher.save()

    facets = {facet.name: facet for facet in search({}).facets}
    assert [value.label for value in facets["topic"].values] == ["Extreme heat"]
    assert [value.label for value in facets["publisher"].values] == ["New name (NN)"]


def test_facet_counts_forget_a_rolled_back_change():
    ResourceFactory(kind=Resource.Kind.REPORT)
    with transaction.atomic():
        ResourceFactory(kind=Resource.Kind.VIDEO)
        assert shown_counts(search({}))["kind"] == {"report": 1, "video": 1}
        transaction.set_rollback(True)

    assert shown_counts(search({}))["kind"] == {"report": 1}


def test_library_version_changes_with_facets_not_with_link_checks():
    resource = ResourceFactory()
    before = LibraryVersion.objects.get().number

    services.record_link_check(
        resource=resource, checked_at=resource.created_at, status=200, ok=True
    )
    services.feature_resources(resources=Resource.objects.all())
    unchanged = LibraryVersion.objects.get().number
    services.withdraw_resources(resources=Resource.objects.all())
    after = LibraryVersion.objects.get().number

    assert unchanged == before
    assert after > before


def test_facets_and_hits_of_words_with_filters_and_sorts():
    topic = TopicFactory(slug="floods", name="Floods")
    for number in range(25):
        ResourceFactory(
            title=f"Flood note {number:02d}",
            topics=[topic] if number % 2 else [],
            published_on=date(2000 + number, 1, 1),
        )

    newest = search({"q": "flood", "topic": "floods", "sort": "newest"})
    by_title = search({"q": "flood", "topic": "floods", "sort": "title", "page": "2"})

    assert newest.total == 12
    assert [hit.title for hit in newest.hits][:3] == [
        "Flood note 23",
        "Flood note 21",
        "Flood note 19",
    ]
    # 12 hits make one page: page 2 falls back to it.
    assert by_title.page == 1
    assert [hit.title for hit in by_title.hits] == [
        f"Flood note {number:02d}" for number in range(1, 25, 2)
    ]
    assert len(search({"q": "flood", "sort": "title"}).hits) == 20


@pytest.mark.parametrize("q", ["", "report"])
def test_search_page_past_the_end_shows_the_last_page(client, q):
    for number in range(45):
        ResourceFactory(title=f"Annual report {number:02d}", published_on=date(2020, 1, 1))

    # The first search rebuilds the facet bitmaps and counts in SQL; the second uses them.
    for _search in range(2):
        response = client.get(SEARCH, {"q": q, "sort": "title", "page": "99"})

        html = response.content.decode()
        titles = re.findall(r'<h3 class="hit__title"><a [^>]*>(.*?)</a></h3>', html, re.S)
        titles = [re.sub(r"</?mark>", "", title) for title in titles]
        assert titles == [f"Annual report {number}" for number in range(40, 45)]
        assert "There is no page 99; showing page 3 of 3." in html


def test_generate_bench_data_makes_marked_varied_resources(capsys):
    call_command("generate_bench_data", resources=40, seed=7)

    synthetic = Resource.objects.filter(is_synthetic=True)
    assert synthetic.count() == 40
    assert all(resource.slug.startswith("synthetic-") for resource in synthetic)
    assert all("(synthetic)" in resource.search_publishers for resource in synthetic)
    assert synthetic.filter(topic_ids=[]).count() == 0
    assert len({resource.summary for resource in synthetic}) == 40
    assert len(set(synthetic.values_list("kind", flat=True))) > 3

    call_command("generate_bench_data", delete=True)

    assert not Resource.objects.filter(is_synthetic=True).exists()
    assert not Organization.objects.filter(name__endswith="(synthetic)").exists()
    assert Topic.objects.exists()


def _packed(*ids):
    return b"".join(resource_id.to_bytes(8, "big") for resource_id in ids)


@pytest.mark.parametrize("ids", [(3, 4, 5, 7), (3, 90_000, 7_000_000, 12), (2, 2**40, 9, 2**33)])
def test_facet_index_counts_dense_and_sparse_ids(ids):
    """Ids far apart or past 2**32 count like close ones; ids outside the index are left out."""
    from resources.search.facets import FacetIndex

    rows = [
        ("all", None, None, None, _packed(*ids)),
        ("kind", "report", None, None, _packed(ids[0], ids[1])),
        ("kind", "video", None, None, _packed(ids[2], ids[3])),
        ("topic", "heat", ["Heat", "폭염"], None, _packed(ids[1], ids[2])),
    ]
    index = FacetIndex.from_rows("db", 1, rows)

    hits = index.bits(_packed(ids[0], ids[1], ids[2], 999_999_999))
    total, values = index.counts(
        hits, {"topic": index.selection("topic", ["heat"])}, ["kind", "topic"]
    )

    assert len(index.everything) == 4
    assert total == 2
    assert values == {
        "kind": [("report", None, 1), ("video", None, 1)],
        "topic": [("heat", ("Heat", "폭염"), 2)],
    }
