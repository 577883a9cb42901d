"""The events' reader-facing texts in English and Korean (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from common.bilingual import ENGLISH_REQUIRED
from events.models import Event, EventSeries, FeaturedLink, Session, Speaker, StreamLink


@register(Event)
class EventTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "theme",
        "objectives",
        "audience",
        "venue_name",
        "venue_address",
        "image_alt",
    )
    required_languages = ENGLISH_REQUIRED


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "channel")
    required_languages = ENGLISH_REQUIRED


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "bio")
    required_languages = ENGLISH_REQUIRED


@register(EventSeries)
class EventSeriesTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ENGLISH_REQUIRED
    # A missing translation is NULL, so unique names allow many series without Korean.
    empty_values = {"name": None, "description": ""}


@register(StreamLink)
class StreamLinkTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ENGLISH_REQUIRED


@register(FeaturedLink)
class FeaturedLinkTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ENGLISH_REQUIRED
