"""The secretariat edits both languages of a record on one form.

Every translated field shows its English and its Korean side by side on one line (Django
admin's grouped fields, no JavaScript), built from modeltranslation's admin; a Korean field
left empty beside an English text says so, and every content list filters the records whose
Korean is missing.
"""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.contrib.postgres.fields import ArrayField
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import translator
from modeltranslation.utils import get_translation_fields

MISSING_KOREAN = _("Korean missing: Korean readers see the English, marked as English.")


def side_by_side(fields, translated) -> list:
    """``fields`` with each run ``x_en, x_ko`` of a translated field ``x`` grouped on one
    line; lines that already group fields are left as they are."""
    lines, names = [], list(fields)
    index = 0
    while index < len(names):
        name = names[index]
        if isinstance(name, str) and name.endswith("_en") and name[:-3] in translated:
            languages = get_translation_fields(name[:-3])
            if names[index : index + len(languages)] == languages:
                lines.append(tuple(languages))
                index += len(languages)
                continue
        lines.append(name)
        index += 1
    return lines


def _blank(model, name: str) -> Q:
    """``name`` holds nothing: NULL, an empty text or an empty list."""
    empty = [] if isinstance(model._meta.get_field(name), ArrayField) else ""
    return Q(**{f"{name}__isnull": True}) | Q(**{name: empty})


def missing_korean(model) -> Q:
    """Records with an English text whose Korean is missing, in any translated field."""
    fields = translator.get_options_for_model(model).fields
    return reduce(
        or_,
        (~_blank(model, f"{name}_en") & _blank(model, f"{name}_ko") for name in fields),
    )


class MissingKoreanFilter(admin.SimpleListFilter):
    """ "Missing Korean": the records with an English text that has no Korean yet."""

    title = _("Korean")
    parameter_name = "korean"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing Korean")), ("complete", _("Korean complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(missing_korean(queryset.model))
        if self.value() == "complete":
            return queryset.exclude(missing_korean(queryset.model))
        return queryset


class MarksMissingKorean:
    """A form mixin: each Korean field left empty beside its English says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        translated = translator.get_options_for_model(type(self.instance)).fields
        for name in translated:
            korean = self.fields.get(f"{name}_ko")
            if korean is None:
                continue
            if self.initial.get(f"{name}_en") and not self.initial.get(f"{name}_ko"):
                korean.help_text = MISSING_KOREAN
                classes = korean.widget.attrs.get("class", "")
                korean.widget.attrs["class"] = f"{classes} missing-korean".strip()


class BilingualAdmin(TranslationAdmin):
    """A model admin whose translated fields are edited side by side, missing Korean marked,
    with the "missing Korean" filter first in its list filters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if MissingKoreanFilter not in self.list_filter:
            self.list_filter = [MissingKoreanFilter, *self.list_filter]

    def get_fieldsets(self, request, obj=None):
        translated = self.trans_opts.all_fields
        return [
            (name, {**options, "fields": side_by_side(options["fields"], translated)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (MarksMissingKorean, form), {})


class BilingualTabularInline(TranslationTabularInline):
    """A table of related rows with a column for each language of a translated field."""
