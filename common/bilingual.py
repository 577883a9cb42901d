"""Bilingual content: texts a reader sees exist in English and Korean.

The translated fields come from django-modeltranslation (``translation.py`` in each app):
``title`` reads ``title_ko`` for a Korean reader and falls back to ``title_en``. The original
column (``title``) keeps the English whatever language is active when a record is saved, so
SQL that reads it directly (the library's search vector and word list) stays English.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy


class EnglishInOriginalColumns(models.Model):
    """Save with the default language active, so each translated field's original column
    holds its English text (modeltranslation would otherwise store the active language's)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)


# Hangul syllables: a text holding any is Korean (``written_in``); the library's analysis
# (``resources.search.analysis``) makes its pairs from runs of them.
SYLLABLES = "\uac00-\ud7a3"
HAS_HANGUL = re.compile(f"[{SYLLABLES}]")


def written_in(text: str) -> str:
    """The language of a short text of either language, a name or a term: "ko" when it holds
    Hangul, else "en"."""
    return "ko" if HAS_HANGUL.search(text) else "en"


# Translation options: the English is required wherever the field itself is; Korean never is.
ENGLISH_REQUIRED = ("en",)


def either_language(field: str, word: str) -> Q:
    """``field`` contains ``word`` in its English or its Korean (``field`` may follow
    relations: ``series__name``)."""
    return Q(**{f"{field}_en__icontains": word}) | Q(**{f"{field}_ko__icontains": word})


def reader_language() -> str:
    """The content language of the active page: "ko" or "en"."""
    return "ko" if (translation.get_language() or "").startswith("ko") else "en"


def pick(english, korean, *, reader: str | None = None) -> tuple:
    """The text a reader of the active language sees, with its language: the reader's own
    when there is one, else the other (the English, for a Korean reader). A caller marking
    many texts passes ``reader`` (``reader_language()``, read once)."""
    if (reader or reader_language()) == "ko":
        return (korean, "ko") if korean else (english or "", "en")
    return (english, "en") if english else (korean or "", "ko" if korean else "en")


# Open Graph locales of the two content languages.
OG_LOCALES = {"en": "en_GB", "ko": "ko_KR"}

# The small marker beside a text shown in the other language ("영어" on a Korean page).
LANGUAGE_NOTES = {"en": gettext_lazy("English"), "ko": gettext_lazy("Korean")}


def shown_language(instance, field: str) -> str:
    """The language of the text ``instance.<field>`` shows the active reader."""
    if instance is None:
        return reader_language()
    return pick(getattr(instance, f"{field}_en", None), getattr(instance, f"{field}_ko", None))[1]


def lang_attribute(language: str) -> str:
    """`` lang="en"`` for a text in another language than the page's, else nothing."""
    return format_html(' lang="{}"', language) if language != reader_language() else ""


def language_note(language: str, *, reader: str | None = None) -> str:
    """The marker after a text in another language than the page's, else nothing."""
    if language == (reader or reader_language()):
        return ""
    return format_html(' <small class="lang-note">({})</small>', LANGUAGE_NOTES[language])


def marked(text, language: str, *, reader: str | None = None, note: bool = True) -> str:
    """``text`` escaped; inside ``<span lang>`` with its marker (unless ``note`` is false: where
    both languages stand side by side by design, as in the glossary) when it is in another
    language than the page's (a Korean reader shown the English, WCAG 3.1.2)."""
    reader = reader or reader_language()
    if language == reader or not text:
        return conditional_escape(text or "")
    return format_html(
        '<span lang="{}">{}</span>{}',
        language,
        text,
        language_note(language, reader=reader) if note else "",
    )
