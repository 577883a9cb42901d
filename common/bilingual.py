"""Which records still lack their Korean text.

One function the workspace and the admin's "Korean" filter both use, so that a change in how
Korean is stored (translated fields) is made here once.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def missing_korean(queryset):
    """The records of ``queryset`` without a Korean title."""
    return queryset.filter(title_ko="")


class MissingKoreanFilter(admin.SimpleListFilter):
    title = _("Korean")
    parameter_name = "korean"

    def lookups(self, request, model_admin):
        return [("missing", _("Korean missing"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return missing_korean(queryset)
        return queryset
