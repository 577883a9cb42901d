from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from common.bilingual import marked, written_in
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
    list_display = ["english_term", "korean_term", "other_names"]
    search_fields = ["english", "korean", "synonyms"]

    # Each name in its own language (lang), without the "(Korean)" marker: the list holds both
    # languages by design.
    @admin.display(description=_("English term"), ordering="english")
    def english_term(self, term):
        return marked(term.english, "en", note=False)

    @admin.display(description=_("Korean term"), ordering="korean")
    def korean_term(self, term):
        return marked(term.korean, "ko", note=False)

    @admin.display(description=_("synonyms and abbreviations"))
    def other_names(self, term):
        """One name per line is stored; the list shows them apart ("신종 코로나바이러스" is one
        name, not two), less the two terms."""
        terms = {term.english.casefold(), term.korean.casefold()}
        return format_html_join(
            " · ",
            "{}",
            (
                (marked(form, written_in(form), note=False),)
                for form in term.forms
                if form.casefold() not in terms
            ),
        )
