import zoneinfo

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.bilingual_admin import BilingualAdmin, BilingualTabularInline
from events import services
from events.forms import EventAdminForm, SpeakerAdminForm
from events.models import (
    Event,
    EventOrganiser,
    EventSeries,
    FeaturedLink,
    Session,
    SessionSpeaker,
    Speaker,
    StreamLink,
)
from events.widgets import LabelledSplitDateTime


def _zone(name: str | None):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class EventTimeZoneMixin:
    """Show and read an event's times (and its sessions') in the event's own time zone."""

    def editing_time_zone(self, request, object_id):
        raise NotImplementedError

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.editing_time_zone(request, object_id) or zoneinfo.ZoneInfo("UTC")
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Render now: the form's times are shown in the zone active at rendering.
            if hasattr(response, "render"):
                response.render()
        return response


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Event.objects.dates("start", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        # isdigit() alone lets through digits int() refuses ("²") and years SQL refuses.
        if value and value.isascii() and value.isdigit() and len(value) <= 4:
            return queryset.filter(start__year=int(value))
        return queryset


class AttentionFilter(admin.SimpleListFilter):
    """The workspace's event counts, as a filter its links open."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("nearly_full", _("Nearly full")),
            ("full_waiting", _("Full, with people waiting")),
            ("closing", _("Registration closes within 3 days")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "nearly_full":
            return queryset.nearly_full()
        if value == "full_waiting":
            return queryset.full_with_waiting()
        if value == "closing":
            return queryset.closing_soon()
        return queryset


class EventOrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "sort_order"]


class StreamLinkInline(BilingualTabularInline):
    model = StreamLink
    extra = 0
    fields = ["label", "url", "channel", "is_public", "sort_order"]


class FeaturedLinkInline(BilingualTabularInline):
    model = FeaturedLink
    extra = 0
    fields = ["label", "url", "sort_order"]


class SessionInline(BilingualTabularInline):
    model = Session
    extra = 0
    fields = ["title", "kind", "start", "end", "channel", "sort_order"]
    show_change_link = True  # speakers are edited on the session's own page


@admin.register(Event)
class EventAdmin(EventTimeZoneMixin, BilingualAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "kind",
        "when",
        "hosted_by",
        "status",
        "seats",
        "confirmed",
        "waiting",
        "featured",
        "needs_review",
        "page_link",
    ]
    list_filter = [
        AttentionFilter,
        "kind",
        "series",
        "status",
        "hosted_by",
        YearListFilter,
        "needs_review",
        "featured",
    ]
    date_hierarchy = "start"
    search_fields = [
        "title_en",
        "title_ko",
        "slug",
        "summary_en",
        "summary_ko",
        "theme",
        "organisers__name_en",
        "organisers__name_ko",
        "organisers__acronym_en",
        "organisers__acronym_ko",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series", "topics"]
    inlines = [EventOrganiserInline, StreamLinkInline, FeaturedLinkInline, SessionInline]
    actions = ["publish", "unpublish", "duplicate"]
    readonly_fields = ["image_thumbnail", "created", "updated"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "series",
                    "hosted_by",
                    "status",
                    "featured",
                ]
            },
        ),
        (_("When"), {"fields": ["schedule", "time_zone", "start", "end"]}),
        (
            _("Where and in which languages"),
            {
                "fields": [
                    "is_online",
                    "venue_name",
                    "venue_address",
                    "languages",
                    "interpretation_languages",
                ]
            },
        ),
        (
            _("Content"),
            {
                "fields": [
                    "theme",
                    "summary",
                    "description",
                    "objectives",
                    "audience",
                    "website",
                    "outcomes_url",
                    "recordings_url",
                    "topics",
                    "image",
                    "image_alt",
                    "image_thumbnail",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_mode",
                    "registration_url",
                    "registration_opens",
                    "registration_closes",
                    "seats",
                    "waiting_list",
                ]
            },
        ),
        (
            _("For the secretariat"),
            {
                "fields": [
                    "programme_is_illustrative",
                    "needs_review",
                    "review_notes",
                    "created",
                    "updated",
                ]
            },
        ),
    ]

    def editing_time_zone(self, request, object_id):
        if request.method == "POST":
            zone = _zone(request.POST.get("time_zone"))
            if zone:
                return zone
        if object_id:
            try:
                name = Event.objects.filter(pk=object_id).values_list("time_zone", flat=True)
                return _zone(name.first())
            except (ValueError, ValidationError):
                return None
        return _zone(Event._meta.get_field("time_zone").default)

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_queryset(self, request):
        return super().get_queryset(request).with_registration_counts()

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("when"))
    def when(self, obj):
        return obj.when.summary

    @admin.display(description=_("page"))
    def page_link(self, obj):
        label = _("Preview") if obj.status == Event.Status.DRAFT else _("View")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            services.refresh_event_thumbnail(event=obj)

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish(self, request, queryset):
        count, flagged = services.publish_events(events=queryset)
        self.message_user(
            request,
            ngettext("%(count)d event published.", "%(count)d events published.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if flagged:
            self.message_user(
                request,
                _(
                    "Not published, because they are flagged for review: %(titles)s. "
                    "Complete them and clear the flag first."
                )
                % {"titles": "; ".join(event.title for event in flagged)},
                messages.WARNING,
            )

    @admin.action(
        description=_("Unpublish the selected events (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = services.unpublish_events(events=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d event is a draft again.", "%(count)d events are drafts again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Duplicate the selected events as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [services.duplicate_event(event=event) for event in queryset.order_by("pk")]
        self.message_user(
            request,
            ngettext(
                "%(count)d draft copy made: %(titles)s.",
                "%(count)d draft copies made: %(titles)s.",
                len(copies),
            )
            % {"count": len(copies), "titles": "; ".join(copy.slug for copy in copies)},
            messages.SUCCESS,
        )


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = ["speaker", "role", "sort_order"]


@admin.register(Session)
class SessionAdmin(EventTimeZoneMixin, BilingualAdmin):
    list_display = ["title", "event", "kind", "start", "end"]
    list_filter = ["kind", "event__series"]
    list_select_related = ["event"]
    search_fields = ["title_en", "title_ko", "event__title_en", "event__title_ko", "speakers__name"]
    autocomplete_fields = ["event"]
    inlines = [SessionSpeakerInline]

    def editing_time_zone(self, request, object_id):
        event_id = request.POST.get("event") if request.method == "POST" else None
        try:
            if event_id:
                name = Event.objects.filter(pk=event_id).values_list("time_zone", flat=True)
            elif object_id:
                name = Session.objects.filter(pk=object_id).values_list(
                    "event__time_zone", flat=True
                )
            else:
                return None
            return _zone(name.first())
        except (ValueError, ValidationError):
            return None

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(Speaker)
class SpeakerAdmin(BilingualAdmin):
    form = SpeakerAdminForm
    list_display = ["name", "position", "organisation"]
    list_select_related = ["organisation"]
    search_fields = [
        "name",
        "position_en",
        "position_ko",
        "organisation__name_en",
        "organisation__name_ko",
        "organisation__acronym_en",
        "organisation__acronym_ko",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    readonly_fields = ["photo_thumbnail"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data:
            services.refresh_speaker_thumbnail(speaker=obj)


@admin.register(EventSeries)
class EventSeriesAdmin(BilingualAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_ko", "description_en", "description_ko"]
    prepopulated_fields = {"slug": ["name"]}
