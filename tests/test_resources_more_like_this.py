""" "More like this" on a resource's page: shared topics, countries and cities, similar title
words; up to five, in the reader's language first; one query."""

import re

import pytest
from django.utils import translation

from resources.models import Resource
from resources.selectors import related_resources
from tests.factories import ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    flood = TopicFactory(name="Floods", slug="floods")
    heat = TopicFactory(name="Heat", slug="heat")
    health = TopicFactory(name="Health", slug="health")
    this = ResourceFactory(
        title="Flood shelters in Seoul",
        topics=[flood, heat],
        countries=["Republic of Korea"],
        cities=["Seoul"],
    )
    return {
        "this": this,
        "both topics": ResourceFactory(title="River levels", topics=[flood, heat]),
        "topic and country": ResourceFactory(
            title="Cooling centres", topics=[heat], countries=["Republic of Korea"]
        ),
        "words": ResourceFactory(title="Shelters for flood evacuees", topics=[health]),
        "unrelated": ResourceFactory(title="Vaccination logistics", topics=[health]),
        "draft": ResourceFactory(
            title="Flood shelters draft", topics=[flood, heat], status=Resource.Status.DRAFT
        ),
    }


def test_the_most_similar_come_first_and_nothing_unrelated(library):
    similar = [resource.title for resource in related_resources(library["this"])]

    assert similar == ["River levels", "Cooling centres", "Shelters for flood evacuees"]


def test_words_of_the_title_count_in_the_others_titles_only(library):
    # "flood" and "shelters" in a summary: a word of this title, but not in that one's title
    ResourceFactory(
        title="Vaccination planning", summary="Flood shelters need vaccines.", topics=[]
    )

    similar = [resource.title for resource in related_resources(library["this"])]

    assert similar == ["River levels", "Cooling centres", "Shelters for flood evacuees"]


def test_korean_readers_see_resources_in_korean_first(library):
    korean = ResourceFactory(
        title="Summer heat", title_ko="여름 폭염", topics=[library["this"].topics.get(slug="heat")]
    )

    with translation.override("ko"):
        similar = related_resources(library["this"])

    assert similar[0].pk == korean.pk
    assert [resource.pk for resource in related_resources(library["this"])][-1] == korean.pk


def test_at_most_five(library):
    heat = library["this"].topics.get(slug="heat")
    for number in range(8):
        ResourceFactory(title=f"Heat plan {number}", topics=[heat])

    assert len(related_resources(library["this"])) == 5


def test_a_resource_with_nothing_in_common_has_no_list(client, library):
    lonely = ResourceFactory(title="Zzyzx", topics=[])
    html = client.get(lonely.get_absolute_url()).content.decode()

    assert "More like this" not in html


def test_the_page_lists_them_with_english_titles_marked_for_korean_readers(client, library):
    html = client.get("/ko" + library["this"].get_absolute_url().removeprefix("/ko")).content
    section = re.search(r'<ul class="more-like-this">(.*?)</ul>', html.decode(), re.S).group(1)

    assert re.findall(r'<span lang="en">([^<]*)</span>', section) == [
        "River levels",
        "Cooling centres",
        "Shelters for flood evacuees",
    ]


def test_one_query(django_assert_num_queries, library):
    with django_assert_num_queries(1):
        related_resources(library["this"])
