from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.bilingual_admin import BilingualAdmin
from directory.models import GlossaryTerm, Organization, Topic


@admin.register(Organization)
class OrganizationAdmin(BilingualAdmin):
    list_display = ["name", "acronym", "kind", "country", "is_member"]
    list_filter = ["kind", "is_member", "country"]
    search_fields = ["name_en", "name_ko", "acronym_en", "acronym_ko", "country"]
    list_editable = ["is_member"]


@admin.register(Topic)
class TopicAdmin(BilingualAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_ko", "description_en", "description_ko"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["english", "korean", "other_names"]
    search_fields = ["english", "korean", "synonyms"]

    @admin.display(description=_("synonyms and abbreviations"))
    def other_names(self, term):
        """One name per line is stored; the list shows them apart ("신종 코로나바이러스" is one
        name, not two), less the two terms."""
        terms = {term.english.casefold(), term.korean.casefold()}
        return " · ".join(form for form in term.forms if form.casefold() not in terms)
