"""The directory's texts in English and Korean (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from common.bilingual import ENGLISH_REQUIRED
from directory.models import Organization, Topic


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "acronym")
    required_languages = ENGLISH_REQUIRED
    # A missing translation is NULL, so unique names allow many organisations without Korean.
    empty_values = None


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ENGLISH_REQUIRED
    empty_values = {"name": None, "description": ""}
