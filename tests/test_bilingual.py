"""Reader-facing texts exist in English and Korean (django-modeltranslation)."""

from django.db import connection
from django.utils import translation

from events.models import Event
from resources.models import Resource
from tests.factories import EventFactory, ResourceFactory


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

    korean_words = client.get("/en/events/", {"q": "회복력"})
    english_words = client.get("/ko/events/", {"q": "Heatwave"})

    assert [event.slug for event in korean_words.context["page"].object_list] == ["urban"]
    assert [event.slug for event in english_words.context["page"].object_list] == ["heat"]
