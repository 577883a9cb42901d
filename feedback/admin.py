from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from feedback.models import PageFeedback
from feedback.services import mark_handled


class AwaitingReplyFilter(admin.SimpleListFilter):
    title = _("to handle")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("1", _("Reports and comments not handled yet"))]

    def queryset(self, request, queryset):
        return queryset.awaiting_reply() if self.value() == "1" else queryset


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "address",
        "result_count",
        "kind",
        "useful",
        "reason",
        "short_comment",
        "language",
        "created_at",
        "handled",
    ]
    list_filter = [
        AwaitingReplyFilter,
        "kind",
        "useful",
        "reason",
        "handled",
        "language",
        "created_at",
    ]
    search_fields = ["path", "query", "comment", "contact_email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind",
        "path",
        "query",
        "result_count",
        "language",
        "useful",
        "reason",
        "comment",
        "contact_email",
        "user",
        "created_at",
        "handled_at",
        "handled_by",
    ]
    fields = [*readonly_fields[:10], "handled", "handled_at", "handled_by"]
    actions = ["mark_handled", "mark_unhandled"]
    change_list_template = "admin/feedback/pagefeedback/change_list.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("page"), ordering="path")
    def address(self, obj):
        return obj.address

    @admin.display(description=_("comment"))
    def short_comment(self, obj):
        return Truncator(obj.comment).chars(80)

    def save_model(self, request, obj, form, change):
        if "handled" in form.changed_data:
            mark_handled(
                feedback=PageFeedback.objects.filter(pk=obj.pk),
                user=request.user,
                handled=obj.handled,
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = mark_handled(feedback=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d item marked as handled.", "%(count)d items marked as handled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as not handled"), permissions=["change"])
    def mark_unhandled(self, request, queryset):
        mark_handled(feedback=queryset, user=request.user, handled=False)

    def get_urls(self):
        return [
            path(
                "by-page/",
                self.admin_site.admin_view(self.by_page_view),
                name="feedback_pagefeedback_by_page",
            ),
            *super().get_urls(),
        ]

    def by_page_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        changelist = reverse("admin:feedback_pagefeedback_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Feedback by page"),
            "opts": self.model._meta,
            "pages": PageFeedback.objects.by_page()[:500],
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/feedback/pagefeedback/by_page.html", context)
