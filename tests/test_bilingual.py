"""Reader-facing texts exist in English and Korean (django-modeltranslation)."""

from datetime import timedelta

from django.db import connection
from django.utils import translation

from events.models import Event
from resources.models import Resource
from tests.factories import EventFactory, ResourceFactory, SessionFactory


def _stored(model, pk, *columns):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - names from the test
        return cursor.fetchone()


def test_bilingual_title_reads_the_readers_language_and_falls_back_to_english(db):
    event = EventFactory(title="Urban resilience webinar", title_ko="도시 회복력 웨비나")
    untranslated = EventFactory(title="Partner webinar")

    with translation.override("ko"):
        korean = Event.objects.get(pk=event.pk).title
        fallback = Event.objects.get(pk=untranslated.pk).title
    with translation.override("en"):
        english = Event.objects.get(pk=event.pk).title

    assert (korean, fallback, english) == (
        "도시 회복력 웨비나",
        "Partner webinar",
        "Urban resilience webinar",
    )


def test_bilingual_save_in_korean_keeps_english_in_the_original_column(db):
    resource = ResourceFactory(title="Heatwave plan", summary="A plan.")

    with translation.override("ko"):
        resource = Resource.objects.get(pk=resource.pk)
        resource.title_ko = "폭염 대응 계획"
        resource.summary_ko = "계획입니다."
        resource.save()

    # The library's search reads the original columns as English.
    assert _stored(Resource, resource.pk, "title", "title_en", "title_ko", "summary") == (
        "Heatwave plan",
        "Heatwave plan",
        "폭염 대응 계획",
        "A plan.",
    )


def test_bilingual_event_keyword_filter_matches_either_language(client, db):
    EventFactory(title="Urban resilience webinar", title_ko="도시 회복력 웨비나", slug="urban")
    EventFactory(title="Heatwave briefing", slug="heat")

    korean_words = client.get("/events/", {"q": "회복력"})
    english_words = client.get("/ko/events/", {"q": "Heatwave"})

    assert [event.slug for event in korean_words.context["page"].object_list] == ["urban"]
    assert [event.slug for event in english_words.context["page"].object_list] == ["heat"]


def test_bilingual_korean_page_marks_english_fallback_and_keeps_its_own_lang(client, db):
    EventFactory(
        slug="partner",
        title="Partner webinar",
        summary="Cities meet.",
        theme="Safe cities",
        theme_ko="안전한 도시",
    )

    html = client.get("/ko/events/partner/").content.decode()

    assert '<html lang="ko">' in html
    assert (
        '<h1 id="event-title"><span lang="en">Partner webinar</span>'
        ' <small class="lang-note">(영어)</small></h1>'
    ) in html
    assert (
        '<p class="lead"><span lang="en">Cities meet.</span> <small class="lang-note">(영어)</small></p>'
        in html
    )
    assert "<q>안전한 도시</q>" in html
    assert '<meta property="og:locale" content="en_GB">' in html


def test_bilingual_korean_page_shows_korean_unmarked(client, db):
    EventFactory(slug="forum", title="Forum", title_ko="포럼", summary="One.", summary_ko="하나.")

    korean = client.get("/ko/events/forum/").content.decode()
    english = client.get("/events/forum/").content.decode()

    assert '<h1 id="event-title">포럼</h1>' in korean
    assert '<meta property="og:locale" content="ko_KR">' in korean
    assert '<h1 id="event-title">Forum</h1>' in english
    assert "lang-note" not in english


def test_bilingual_programme_marks_a_session_without_korean(client, db):
    event = EventFactory(slug="forum", title="Forum", title_ko="포럼")
    SessionFactory(event=event, title="Opening", title_ko="개회식", start=event.start)
    SessionFactory(event=event, title="Closing", start=event.start + timedelta(hours=1))

    html = client.get("/ko/events/forum/").content.decode()

    assert '<h4 class="session__title">개회식</h4>' in html
    assert (
        '<h4 class="session__title"><span lang="en">Closing</span>'
        ' <small class="lang-note">(영어)</small></h4>'
    ) in html


def test_bilingual_resource_page_marks_english_summary(client, db):
    ResourceFactory(slug="plan", title="Plan", title_ko="계획", summary="A *plan*.")

    html = client.get("/ko/resources/plan/").content.decode()

    assert "<h1>계획</h1>" in html
    assert '<div lang="en"><p>A <em>plan</em>.</p></div>' in html


def test_bilingual_calendar_names_the_language_of_each_summary(client, db):
    event = EventFactory(slug="forum", title="Forum", title_ko="포럼")
    SessionFactory(event=event, title="Closing", start=event.start)

    ics = client.get("/ko/events/forum/calendar.ics").content.decode()

    assert "SUMMARY;LANGUAGE=ko:포럼" in ics
    assert "SUMMARY;LANGUAGE=en:Closing (포럼)" in ics
