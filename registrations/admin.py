from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import LANGUAGE_NAMES, Event
from registrations import services
from registrations.exports import stream_csv
from registrations.models import Registration
from registrations.selectors import event_summary


class ChannelFilter(admin.SimpleListFilter):
    """The channels in use, by language name rather than code."""

    title = _("interpretation channel")
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        codes = Registration.objects.order_by("channel").values_list("channel", flat=True)
        return [(code, LANGUAGE_NAMES.get(code, code)) for code in codes.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(channel=self.value()) if self.value() else queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "status", "channel_label", "category", "country", "created_at"]
    list_filter = [
        "status",
        ChannelFilter,
        "category",
        ("event", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    search_fields = ["name", "user__email", "organisation", "city", "country", "event__title"]
    list_select_related = ["event", "user"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["event"]
    actions = ["promote", "cancel", "resend_confirmation", "fill_free_seats", "export_csv"]
    change_list_template = "admin/registrations/registration/change_list.html"
    readonly_fields = [
        "event",
        "user",
        "status",
        "channel",
        "privacy_consent_at",
        "created_at",
        "updated_at",
        "promoted_at",
        "cancelled_at",
        "reminder_day_sent_at",
        "reminder_hour_sent_at",
    ]
    fields = [
        "event",
        "user",
        "status",
        "channel",
        "name",
        "organisation",
        "position",
        "city",
        "country",
        "category",
        "accessibility_needs",
        "question",
        "time_zone",
        "language",
        *readonly_fields[4:],
    ]

    @admin.display(description=_("interpretation channel"), ordering="channel")
    def channel_label(self, obj):
        return obj.channel_name

    def has_add_permission(self, request):
        # Registrations are made through the registration form, which keeps the seat count.
        return False

    def changelist_view(self, request, extra_context=None):
        # The counts link, for an event that exists (the parameter is whatever the address says).
        event_id = request.GET.get("event__id__exact", "")
        if event_id.isascii() and event_id.isdigit() and Event.objects.filter(pk=event_id).exists():
            summary_url = reverse("admin:registrations_registration_summary", args=[event_id])
            extra_context = {**(extra_context or {}), "summary_url": summary_url}
        return super().changelist_view(request, extra_context)

    def response_action(self, request, queryset):
        """Actions lock the event; if it stays locked too long, say so instead of failing
        (each registration's change is its own transaction, and repeating one is harmless)."""
        try:
            return super().response_action(request, queryset)
        except services.RegistrationBusy as busy:
            self.message_user(request, busy.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Promote from the waiting list"), permissions=["change"])
    def promote(self, request, queryset):
        promoted = sum(services.promote_registration(registration=r) for r in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d registration promoted.", "%(count)d registrations promoted.", promoted
            )
            % {"count": promoted},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Cancel (frees the seat for the waiting list)"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        count = 0
        for registration in queryset.active():
            services.cancel_registration(registration=registration)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Send the confirmation again"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        count = sum(
            services.resend_confirmation(registration=r)
            for r in queryset.select_related("event", "user")
        )
        self.message_user(
            request,
            ngettext("%(count)d message queued.", "%(count)d messages queued.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Fill free seats from the waiting list"), permissions=["change"])
    def fill_free_seats(self, request, queryset):
        count = 0
        for event_id in set(queryset.values_list("event_id", flat=True)):
            with transaction.atomic():
                event = services.lock_event(event_id)
                count += len(services.fill_free_seats(event=event))
        self.message_user(
            request,
            ngettext("%(count)d person promoted.", "%(count)d people promoted.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export selected as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        return stream_csv(queryset.order_by("event", "created_at"), "registrations.csv")

    def has_export_permission(self, request):
        return request.user.has_perm("registrations.export_registration")

    def get_urls(self):
        return [
            path(
                "event/<int:event_id>/",
                self.admin_site.admin_view(self.summary_view),
                name="registrations_registration_summary",
            ),
            path(
                "event/<int:event_id>/export.csv",
                self.admin_site.admin_view(self.export_view),
                name="registrations_registration_export",
            ),
            *super().get_urls(),
        ]

    def summary_view(self, request, event_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=event_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Registrations for %(event)s") % {"event": event},
            "opts": self.model._meta,
            "event": event,
            "summary": event_summary(event.pk),
            "category_names": dict(Registration.Category.choices),
            "changelist_url": reverse("admin:registrations_registration_changelist")
            + f"?event__id__exact={event.pk}",
            "can_export": self.has_export_permission(request),
        }
        return TemplateResponse(request, "admin/registrations/registration/summary.html", context)

    def export_view(self, request, event_id):
        if not self.has_export_permission(request):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=event_id)
        registrations = Registration.objects.filter(event=event).order_by("created_at", "id")
        return stream_csv(registrations, f"registrations-{event.slug}.csv")
