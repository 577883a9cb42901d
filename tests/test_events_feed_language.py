"""RSS 2.0 names one language per channel (no per-item language): each feed's channel
carries the language of the reader it is written for, and its items that have no Korean
title yet are the English, which the channel language cannot mark."""

import pytest

from tests.factories import EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db


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
