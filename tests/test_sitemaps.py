"""sitemap.xml: the site's pages, published events and resources, announced speakers, each in
English and Korean with its alternates; never a draft."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import (
    EventFactory,
    EventSeriesFactory,
    ResourceFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
DOMAIN = "http://example.com"  # the sites framework's default site in tests


def _sitemap(client) -> dict[str, dict]:
    """Each <url> by its address: its alternates ({hreflang: href}) and lastmod."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    entries = {}
    for url in ET.fromstring(response.content).findall("s:url", NS):  # noqa: S314 - ours
        loc = url.find("s:loc", NS).text
        assert loc not in entries, f"{loc} listed twice"
        lastmod = url.find("s:lastmod", NS)
        entries[loc.removeprefix(DOMAIN)] = {
            "alternates": {
                link.get("hreflang"): link.get("href").removeprefix(DOMAIN)
                for link in url.findall("x:link", NS)
            },
            "lastmod": lastmod.text if lastmod is not None else None,
        }
    return entries


def test_sitemap_lists_published_events_in_both_languages_with_alternates(client):
    event = EventFactory(slug="flood-week")

    entries = _sitemap(client)

    alternates = {
        "en": "/events/flood-week/",
        "ko": "/ko/events/flood-week/",
        "x-default": "/events/flood-week/",
    }
    assert entries["/events/flood-week/"]["alternates"] == alternates
    assert entries["/ko/events/flood-week/"]["alternates"] == alternates
    assert entries["/events/flood-week/"]["lastmod"] == event.updated.date().isoformat()


def test_sitemap_lists_postponed_and_cancelled_events_but_never_drafts(client):
    EventFactory(slug="postponed-event", status="postponed")
    EventFactory(slug="cancelled-event", status="cancelled")
    EventFactory(slug="draft-event", status="draft")

    entries = _sitemap(client)

    assert "/events/postponed-event/" in entries
    assert "/ko/events/cancelled-event/" in entries
    assert not [loc for loc in entries if "draft-event" in loc]


def test_sitemap_lists_published_resources_only(client):
    ResourceFactory(slug="heat-plan")
    ResourceFactory(slug="draft-plan", status="draft")
    ResourceFactory(slug="withdrawn-plan", status="withdrawn")
    ResourceFactory(slug="synthetic-plan", is_synthetic=True)

    entries = _sitemap(client)

    assert entries["/resources/heat-plan/"]["alternates"]["ko"] == "/ko/resources/heat-plan/"
    assert "/ko/resources/heat-plan/" in entries
    resource_paths = sorted(loc for loc in entries if loc.startswith(("/resources/", "/ko/res")))
    assert resource_paths == ["/ko/resources/heat-plan/", "/resources/heat-plan/"]


def test_sitemap_lists_speakers_of_published_events_only(client):
    public = SessionFactory(event=EventFactory())
    secret = SessionFactory(event=EventFactory(status="draft"))
    SessionSpeakerFactory(session=public, speaker=SpeakerFactory(slug="kim-seoul"))
    SessionSpeakerFactory(session=secret, speaker=SpeakerFactory(slug="not-yet-announced"))
    both = SpeakerFactory(slug="speaks-twice")
    SessionSpeakerFactory(session=public, speaker=both)
    SessionSpeakerFactory(session=secret, speaker=both)
    SpeakerFactory(slug="no-session")

    entries = _sitemap(client)

    speaker_paths = sorted(loc for loc in entries if "/speakers/" in loc)
    assert speaker_paths == [
        "/events/speakers/kim-seoul/",
        "/events/speakers/speaks-twice/",
        "/ko/events/speakers/kim-seoul/",
        "/ko/events/speakers/speaks-twice/",
    ]
    assert entries["/events/speakers/kim-seoul/"]["alternates"]["ko"] == (
        "/ko/events/speakers/kim-seoul/"
    )


def test_sitemap_keeps_the_site_pages(client):
    entries = _sitemap(client)

    assert entries["/about/"]["alternates"]["ko"] == "/ko/about/"
    assert "/ko/" in entries


def _populate(count):
    for _ in range(count):
        event = EventFactory(series=EventSeriesFactory())
        SessionSpeakerFactory(session=SessionFactory(event=event))
        ResourceFactory()


@pytest.mark.parametrize("count", [1, 8])
def test_sitemap_runs_constant_queries(client, django_assert_num_queries, count):
    _populate(count)
    client.get("/sitemap.xml")  # the current Site is cached after the first request

    # One query each for events, speakers, event series and resources.
    with django_assert_num_queries(4):
        response = client.get("/sitemap.xml")

    assert response.content.decode().count("<url>") == 2 * (4 + 4 * count)
