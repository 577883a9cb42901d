from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.models import OutgoingMessage
from outbox.services import retry_now


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient_list", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "recipients", "message_id"]
    date_hierarchy = "created_at"
    actions = ["retry_selected"]
    readonly_fields = [
        "created_at",
        "from_email",
        "recipients",
        "subject",
        "message_id",
        "renderer",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    exclude = ["raw", "renderer_kwargs"]

    @admin.display(description=_("recipients"))
    def recipient_list(self, obj):
        return ", ".join(obj.recipients)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry delivery now"), permissions=["view"])
    def retry_selected(self, request, queryset):
        count = retry_now(messages=queryset)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
