"""The library's reader-facing texts in English and Korean (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from common.bilingual import ENGLISH_REQUIRED
from resources.models import Resource


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ENGLISH_REQUIRED
