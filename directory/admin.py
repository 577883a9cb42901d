from django.contrib import admin

from directory.models import GlossaryTerm, Organization, Topic


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "is_member"]
    list_filter = ["kind", "is_member", "country"]
    search_fields = ["name", "acronym", "country"]
    list_editable = ["is_member"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["english", "korean", "synonyms"]
    search_fields = ["english", "korean", "synonyms"]
