"""A walk through every page type with the Korean demo data: a Korean page shows no run of
Latin-script words outside an element marked ``lang="en"`` (bar a short list of proper names
and technical terms), and an English page no Hangul outside ``lang="ko"`` (WCAG 3.1.2).
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils.html import escape

from events.models import Event, EventSeries, Speaker
from tests.factories import SessionSpeakerFactory, SpeakerFactory

FORUM = "international-urban-resilience-forum-seoul-2020"
SAMPLE = "sample-webinar-try-registration"
PARTNER = "webinar-cities-on-the-frontlines-towards-the-pandemic-resilient-city"
CIFAL = "unitar-cifal-jeju-virtual-workshop-series-social-protection-2021"
SERIES = "consultation-series-rapid-responses-covid-19"
RESOURCE = "cac-cities-against-covid-19"

# Page types, each as a Korean reader reaches it (the English address is the same without /ko).
PAGES = [
    "/ko/",
    "/ko/events/",
    "/ko/events/?hosted_by=partner",
    f"/ko/events/{FORUM}/",
    f"/ko/events/{PARTNER}/",
    f"/ko/events/{CIFAL}/",
    f"/ko/events/series/{SERIES}/",
    f"/ko/resources/{RESOURCE}/",
    f"/ko/events/{SAMPLE}/",
    "/ko/accounts/login/",
    "/ko/accounts/signup/",
    "/ko/events/speakers/walk-speaker/",
]
# Proper names and technical terms Korean text writes in Latin letters too.
ALLOWED_LATIN = {
    "COVID-19",
    "UNDRR",
    "YouTube",
    "KST",
    "GMT",
    "UTC",
    "RSS",
    "Atom",
    "CSV",
    "JSON",
    "ics",
    "webcal",
    "QR",
    "SVG",
    "Facebook",
    "LinkedIn",
    "WhatsApp",
    "X",
    "Forum Portal",
    "Example Speaker",  # the walk's speaker: a person's name is written as the person writes it
}
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'\u2019.-]*(?:[ \u00a0]+[A-Za-z][A-Za-z0-9'\u2019.-]*)*")
HANGUL = re.compile(r"[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class LanguageText(HTMLParser):
    """The text of a page with the language each run of it is marked as."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.runs: list[tuple[str, str]] = []

    def language(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang
        return ""

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if any(tag in {"script", "style"} for tag, _lang in self.stack):
            return
        if data.strip():
            self.runs.append((self.language(), data))


def _runs(html: str) -> list[tuple[str, str]]:
    parser = LanguageText()
    parser.feed(html)
    return parser.runs


def unmarked_latin(html: str) -> list[str]:
    found = []
    for language, text in _runs(html):
        if language.startswith("en"):
            continue
        for run in LATIN_RUN.findall(text):
            words = run.strip(" .-")
            if words and words not in ALLOWED_LATIN and not words.replace(".", "").isdigit():
                found.append(words)
    return found


def unmarked_hangul(html: str) -> list[str]:
    return [
        run
        for language, text in _runs(html)
        if not language.startswith("ko")
        for run in HANGUL.findall(text)
    ]


@pytest.fixture
def demo_data(db):
    call_command("load_demo", stdout=io.StringIO())
    assert Event.objects.filter(slug__in=[FORUM, PARTNER, CIFAL, SAMPLE]).count() == 4
    # The demo names no speakers: one speaker of the forum, written in both languages.
    SessionSpeakerFactory(
        session=Event.objects.get(slug=FORUM).sessions.order_by("start").first(),
        speaker=SpeakerFactory(
            name="Example Speaker",
            slug="walk-speaker",
            position_en="Director of Urban Safety",
            position_ko="도시안전국장",
            bio_en="She leads the city's resilience plan.",
            bio_ko="시의 회복력 계획을 이끈다.",
        ),
    )


@pytest.mark.parametrize("path", PAGES)
def test_language_walk_korean_page_has_no_unmarked_latin(client, demo_data, path):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert unmarked_latin(html) == []


@pytest.mark.parametrize("path", PAGES)
def test_language_walk_english_page_has_no_unmarked_hangul(client, demo_data, path):
    response = client.get(path.removeprefix("/ko"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert unmarked_hangul(html) == []


def test_language_walk_korean_library_search_has_no_unmarked_latin(client, demo_data):
    html = client.get("/ko/resources/").content.decode()

    assert unmarked_latin(html) == []


def test_language_walk_detects_an_unmarked_english_title(client, demo_data):
    Event.objects.filter(slug=FORUM).update(title_ko="")
    marked = client.get(f"/ko/events/{FORUM}/").content.decode()

    assert '<span lang="en">International Urban Resilience Forum Seoul 2020</span>' in marked
    assert unmarked_latin("<p>International Urban Resilience Forum</p>") == [
        "International Urban Resilience Forum"
    ]
    assert unmarked_hangul('<p>서울 <span lang="ko">포럼</span></p>') == ["서울"]


def test_language_walk_marks_the_fallbacks_of_series_and_speaker_pages(client, demo_data):
    Event.objects.filter(slug=FORUM).update(title_ko="")
    EventSeries.objects.filter(slug=SERIES).update(name_ko=None, description_ko="")
    Speaker.objects.filter(slug="walk-speaker").update(position_ko="", bio_ko="")
    series = EventSeries.objects.get(slug=SERIES)

    series_html = client.get(f"/ko/events/series/{SERIES}/").content.decode()
    speaker_html = client.get("/ko/events/speakers/walk-speaker/").content.decode()

    assert f'<h1><span lang="en">{series.name_en}</span>' in series_html
    assert f'<p class="lead" lang="en">{escape(series.description_en)}</p>' in series_html
    assert '<p class="lead"><span lang="en">Director of Urban Safety</span>' in speaker_html
    assert '<div class="prose" lang="en"><p>She leads' in speaker_html
    assert '<span lang="en">International Urban Resilience Forum Seoul 2020</span>' in speaker_html
    # The <title> (plain text, one language attribute for the whole) names the English title
    # unmarked; the page's body marks every fallback.
    for html in (series_html, speaker_html):
        assert unmarked_latin(html.split("<body", 1)[1]) == []


def test_image_alt_text_that_falls_back_carries_its_language(client, demo_data):
    Event.objects.filter(slug=FORUM).update(
        image="events/forum.jpg",
        image_thumbnail="events/forum-thumb.jpg",
        image_alt_en="The forum's hall in Seoul",
        image_alt_ko="",
    )

    home = client.get("/ko/").content.decode()
    detail = client.get(f"/ko/events/{FORUM}/").content.decode()
    english_home = client.get("/").content.decode()

    assert 'alt="The forum&#x27;s hall in Seoul" lang="en">' in home
    assert 'alt="The forum&#x27;s hall in Seoul" lang="en">' in detail
    assert 'alt="The forum&#x27;s hall in Seoul">' in english_home

    Event.objects.filter(slug=FORUM).update(image_alt_ko="서울의 포럼 회의장")
    home = client.get("/ko/").content.decode()

    assert 'alt="서울의 포럼 회의장">' in home
