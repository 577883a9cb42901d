from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateJob

from outbox.models import OutgoingMessage
from outbox.services import retry_now


class KnownChoiceFilter(admin.ChoicesFieldListFilter):
    """A choice filter that refuses values outside the choices (as Django does with other
    lookups it cannot use) instead of sending them to the database: the queue's job status
    is a PostgreSQL enum, which answers any other value with an error."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        known = {str(value) for value, _label in field.flatchoices}
        if any(value not in known for value in self.lookup_val or []):
            raise IncorrectLookupParameters


admin.site.unregister(ProcrastinateJob)


@admin.register(ProcrastinateJob)
class QueueJobAdmin(ProcrastinateJobAdmin):
    list_filter = [("status", KnownChoiceFilter), *ProcrastinateJobAdmin.list_filter[1:]]


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
