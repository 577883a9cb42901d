"""Showing a translated text truthfully: the reader's language, or the English marked as such.

``{% shown event "title" %}`` prints the title in the reader's language; where the Korean is
missing it prints the English inside ``<span lang="en">`` with a small "(영어)" after it.
For longer texts the element carries the language: ``<div{% lang_of event "description" %}>``,
and the heading the marker: ``{% lang_note event "description" %}``.
"""

from django import template

from common.bilingual import lang_attribute, language_note, marked, pick, shown_language

register = template.Library()


@register.simple_tag
def shown(instance, field):
    if instance is None:
        return ""
    return marked(
        *pick(getattr(instance, f"{field}_en", None), getattr(instance, f"{field}_ko", None))
    )


@register.simple_tag
def in_language(text, language):
    """A text whose language is known (``common.bilingual.pick``), marked like ``shown``."""
    return marked(text, language)


@register.simple_tag
def lang_attr(language):
    return lang_attribute(language)


@register.simple_tag
def language_marker(language):
    return language_note(language)


@register.simple_tag
def lang_of(instance, field):
    return lang_attribute(shown_language(instance, field))


@register.simple_tag
def lang_note(instance, field):
    return language_note(shown_language(instance, field))
