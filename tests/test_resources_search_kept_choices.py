"""The topics and publishers a search chooses are checked against the rows the worker read for
the same choice (resources.filters.KeptModelMultipleChoiceField, common.snapshots): no query
while the public content is unchanged, and a renamed or deleted topic shows at once."""

import re

import pytest

from common import content_version
from directory import glossary
from directory.models import Topic
from resources import filters
from tests.factories import OrganizationFactory, ResourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = "/resources/"


@pytest.fixture(autouse=True)
def _kept(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    # A worker trusts the version it read for a second; tests take their time, so longer.
    monkeypatch.setattr(content_version, "CHECK_SECONDS", 600)
    content_version.forget()
    filters._chosen.clear()


def chips(response):
    return re.findall(
        r'<a class="chip" href="[^"]*"><span class="visually-hidden">Remove filter </span>'
        r"(.*?) <span",
        response.content.decode(),
    )


def notices(response):
    return re.findall(r'class="message message--warning">(.*?)</p>', response.content.decode())


def titles(response):
    return re.findall(
        r'<h3 class="hit__title"><a [^>]*>(?:<mark>)?(.*?)(?:</mark>)?</a></h3>',
        response.content.decode(),
    )


@pytest.fixture
def chosen(db):
    topic = TopicFactory(name="Heatwaves", slug="heatwaves")
    publisher = OrganizationFactory(name="Seoul Institute", acronym="")
    ResourceFactory(title="Cooling centres", topics=[topic], publishers=[publisher])
    return {"topic": topic.slug, "publisher": publisher.pk}


def test_a_chosen_topic_and_publisher_are_checked_without_a_query_once_read(
    client, chosen, django_assert_num_queries
):
    glossary.terms()  # read once a minute by each process, not by each search
    first = client.get(SEARCH, chosen)
    assert chips(first) == ["Topic: Heatwaves", "Publisher: Seoul Institute"]

    # the facets and total, the page of hits, the search noted: no topic or publisher query
    with django_assert_num_queries(3):
        second = client.get(SEARCH, chosen)

    assert chips(second) == ["Topic: Heatwaves", "Publisher: Seoul Institute"]
    assert titles(second) == ["Cooling centres"]
    assert notices(second) == []


def test_a_renamed_topic_shows_at_once_and_a_deleted_one_is_refused(client, chosen):
    client.get(SEARCH, chosen)
    topic = Topic.objects.get(slug="heatwaves")
    topic.name = "Extreme heat"
    topic.save()

    assert chips(client.get(SEARCH, chosen))[0] == "Topic: Extreme heat"

    topic.delete()
    response = client.get(SEARCH, chosen)
    assert notices(response) == ["Topic: There is no topic “heatwaves”. It was ignored."]
    assert chips(response) == ["Publisher: Seoul Institute"]


def test_an_unknown_choice_is_refused_every_time(client, chosen):
    for _search in range(2):
        response = client.get(SEARCH, {**chosen, "publisher": ["999999", "x"]})
        assert notices(response) == ["Publisher: “x” is not a valid value. It was ignored."]
        assert chips(response) == ["Topic: Heatwaves"]
