from django.contrib import admin

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
    list_display = ["english", "korean", "synonyms"]
    search_fields = ["english", "korean", "synonyms"]
