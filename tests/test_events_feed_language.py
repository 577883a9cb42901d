"""Each feed's channel carries the language of the reader it is written for, and each item
written in another language (an English title in the Korean feed, while it has no Korean yet)
names its own: Dublin Core's dc:language in RSS 2.0, which has none below the channel, and
xml:lang on an Atom entry (common.feeds)."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import EventFactory, EventSeriesFactory, ResourceFactory

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}language"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def rss_items(response) -> dict[str, str | None]:
    """Each item's title and its dc:language (None without one)."""
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    return {item.findtext("title"): item.findtext(DC) for item in channel.findall("item")}


@pytest.mark.parametrize(
    ("prefix", "language", "title"),
    [("", "en", "Forum on resilience"), ("/ko", "ko", "회복력 포럼")],
)
def test_feed_channel_language_is_the_language_of_its_texts(client, prefix, language, title):
    series = EventSeriesFactory(slug="feed-series", name_en="Consultations", name_ko="협의")
    EventFactory(title_en="Forum on resilience", title_ko="회복력 포럼", series=series)

    for path in (f"{prefix}/events/feed/", f"{prefix}/events/series/feed-series/feed/"):
        body = client.get(path).content.decode()

        assert f"<language>{language}</language>" in body
        assert f"<title>{title}</title>" in body


def test_an_event_without_a_korean_title_is_marked_english_in_the_korean_feed(client):
    EventFactory(title_en="Forum on resilience", title_ko="회복력 포럼")
    EventFactory(title_en="Heat action webinar", title_ko="")

    assert rss_items(client.get("/ko/events/feed/")) == {
        "회복력 포럼": None,
        "Heat action webinar": "en",
    }
    assert rss_items(client.get("/events/feed/")) == {
        "Forum on resilience": None,
        "Heat action webinar": None,
    }


def test_resource_feeds_mark_an_english_item_and_give_the_korean_summary(client):
    ResourceFactory(
        title="Seoul's shelters",
        title_ko="서울의 쉼터",
        summary="Cool rooms.",
        summary_ko="무더위 쉼터.",
    )
    ResourceFactory(title="Busan heat plan", title_ko="", summary="A plan for heatwaves.")

    rss = client.get("/ko/resources/feed/")
    assert rss_items(rss) == {"서울의 쉼터": None, "Busan heat plan": "en"}
    channel = ET.fromstring(rss.content).find("channel")  # noqa: S314 - our own feed
    descriptions = [item.findtext("description") for item in channel.findall("item")]
    assert sorted(descriptions) == ["A plan for heatwaves.", "무더위 쉼터."]

    atom = ET.fromstring(client.get("/ko/resources/feed/atom/").content)  # noqa: S314 - ours
    entries = {
        entry.findtext("a:title", namespaces=ATOM): entry.get(XML_LANG)
        for entry in atom.findall("a:entry", ATOM)
    }
    assert entries == {"서울의 쉼터": None, "Busan heat plan": "en"}
    assert atom.get(XML_LANG) == "ko"

    assert rss_items(client.get("/resources/feed/")) == {
        "Seoul's shelters": None,
        "Busan heat plan": None,
    }
