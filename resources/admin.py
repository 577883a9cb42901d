from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Func, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.resources import ModelResource

from common.bilingual_admin import BilingualAdmin
from common.spreadsheets import neutralise
from directory.models import Organization, Topic
from resources import linkcheck, services
from resources.forms import FixLinkForm, RejectionForm, ResourceAdminForm
from resources.models import Resource, ResourcePublisher, Submission

# --- Import from CSV / XLSX ------------------------------------------------------------


class NamesWidget(widgets.Widget):
    """Several organisations or topics in one cell, separated by semicolons."""

    def __init__(self, lookup, what):
        self.lookup, self.what = lookup, what
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        found, unknown = [], []
        for name in (part.strip() for part in str(value or "").split(";")):
            if not name:
                continue
            match = self.lookup(name)
            (found if match is not None else unknown).append(match or name)
        if unknown:
            raise ValueError(
                gettext("Unknown %(what)s: %(names)s")
                % {"what": self.what, "names": ", ".join(unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "; ".join(str(item) for item in value or [])


def _organization(name):
    return (
        Organization.objects.filter(name__iexact=name).first()
        or Organization.objects.filter(acronym__iexact=name).first()
    )


def _topic(name):
    return (
        Topic.objects.filter(slug__iexact=name).first()
        or Topic.objects.filter(name__iexact=name).first()
    )


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return Resource.Kind.REPORT
        for code, label in Resource.Kind.choices:
            if value.lower() in (code, str(label).lower()):
                return code
        raise ValueError(gettext("Unknown kind: %(kind)s") % {"kind": value})


class ResourceImport(ModelResource):
    """Rows of a spreadsheet as resources; a link already in the library is a row error."""

    publishers = fields.Field(
        attribute="import_publishers",
        column_name="publishers",
        widget=NamesWidget(_organization, _("publisher")),
    )
    topics = fields.Field(
        attribute="import_topics", column_name="topics", widget=NamesWidget(_topic, _("topic"))
    )
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    # Both languages, each in its own column: "title" and "summary" are the English.
    title = fields.Field(attribute="title_en", column_name="title", widget=widgets.CharWidget())
    title_ko = fields.Field(
        attribute="title_ko", column_name="title_ko", widget=widgets.CharWidget()
    )
    summary = fields.Field(
        attribute="summary_en", column_name="summary", widget=widgets.CharWidget()
    )
    summary_ko = fields.Field(
        attribute="summary_ko", column_name="summary_ko", widget=widgets.CharWidget()
    )
    countries = fields.Field(
        attribute="countries", column_name="countries", widget=widgets.SimpleArrayWidget(";")
    )
    cities = fields.Field(
        attribute="cities", column_name="cities", widget=widgets.SimpleArrayWidget(";")
    )
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=widgets.SimpleArrayWidget(";")
    )

    class Meta:
        model = Resource
        fields = [
            "title",
            "url",
            "publishers",
            "kind",
            "topics",
            "countries",
            "cities",
            "languages",
            "published_on",
            "date_precision",
            "summary",
            "title_ko",
            "summary_ko",
            "status",
            "featured",
        ]
        force_init_instance = True
        clean_model_instances = True
        skip_unchanged = False

    def filter_export(self, queryset, **kwargs):
        """The library the secretariat curates: a member's proposal only once it is accepted
        and published (one awaiting moderation, rejected or withdrawn stays out)."""
        proposals_not_in_library = Q(
            moderation__in=[Resource.Moderation.PENDING, Resource.Moderation.REJECTED]
        ) | (Q(submitted_by__isnull=False) & ~Q(status=Resource.Status.PUBLISHED))
        return queryset.exclude(proposals_not_in_library)

    def export_field(self, field, instance, **kwargs):
        # Every column, CSV or XLSX: titles, summaries and the joined names alike.
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_import(self, dataset, **kwargs):
        self.seen_urls = {}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        instance.languages = [code.strip() for code in instance.languages if code.strip()]
        instance.countries = [name.strip() for name in instance.countries if name.strip()]
        instance.cities = [name.strip() for name in instance.cities if name.strip()]
        if "url" not in errors:
            try:
                services.prepare_resource(instance)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        normalized = instance.normalized_url
        if normalized and normalized in self.seen_urls:
            errors.setdefault("url", []).append(
                ValidationError(
                    gettext("The same link is on row %(row)s of this file.")
                    % {"row": self.seen_urls[normalized]}
                )
            )
        elif normalized:
            self.seen_urls[normalized] = kwargs.get("row_number", "?")
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            return
        services.set_publishers(
            resource=instance, publishers=getattr(instance, "import_publishers", [])
        )
        instance.topics.set(getattr(instance, "import_topics", []))
        services.after_relations_saved(resource=instance)

    def dehydrate_publishers(self, resource):
        return "; ".join(organization.name for organization in resource.publishers.all())

    def dehydrate_topics(self, resource):
        return "; ".join(topic.name for topic in resource.topics.all())


# --- Filters ---------------------------------------------------------------------------


class LinkHealthFilter(admin.SimpleListFilter):
    title = _("link health")
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [
            ("broken", _("Broken (failed twice or more in a row)")),
            ("failing", _("Failed the last check")),
            ("redirected", _("Redirected to another address")),
            ("ok", _("Working")),
            ("unchecked", _("Not checked yet")),
            ("missing", _("No link")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "broken":
            return queryset.broken()
        if value == "failing":
            return queryset.filter(consecutive_failures__gt=0)
        if value == "redirected":
            return queryset.redirected()
        if value == "ok":
            return queryset.filter(last_checked_at__isnull=False, consecutive_failures=0)
        if value == "unchecked":
            return queryset.exclude(url="").filter(last_checked_at__isnull=True)
        if value == "missing":
            return queryset.filter(url="")
        return queryset


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        countries = (
            Resource.objects.annotate(country=Func("countries", function="unnest"))
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        return [(country, country) for country in countries]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(countries__contains=[self.value()])
        return queryset


class ModerationFilter(admin.SimpleListFilter):
    """Submissions awaiting moderation unless another state is chosen."""

    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("Awaiting moderation")),
            ("approved", _("Approved")),
            ("rejected", _("Rejected")),
            ("all", _("All submissions")),
        ]

    def choices(self, changelist):
        value = self.value() or "pending"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "pending"
        return queryset if value == "all" else queryset.filter(moderation=value)


# --- Resources -------------------------------------------------------------------------


class ResourcePublisherInline(admin.TabularInline):
    model = ResourcePublisher
    extra = 1
    autocomplete_fields = ["organization"]
    fields = ["organization", "position"]
    ordering = ["position", "id"]


def link_health(resource):
    if not resource.url:
        return format_html('<span class="resources-health">{}</span>', gettext("No link"))
    if resource.is_broken:
        return format_html(
            "<strong>{}</strong> {}",
            gettext("Broken since %(date)s (%(status)s)")
            % {
                "date": timezone.localdate(resource.broken_since).isoformat(),
                "status": resource.last_status or resource.last_error or "?",
            },
            _fix_link(resource),
        )
    if resource.last_checked_at is None:
        return gettext("Not checked")
    if resource.consecutive_failures:
        return format_html(
            "{} {}",
            gettext("Failed once (%(status)s)")
            % {"status": resource.last_status or resource.last_error or "?"},
            _fix_link(resource),
        )
    if resource.final_url:
        return format_html(
            "{} {}",
            gettext("Redirected (%(status)s)") % {"status": resource.last_status},
            _fix_link(resource),
        )
    return gettext("Working (%(status)s)") % {"status": resource.last_status}


def _fix_link(resource):
    return format_html(
        '<a href="{}" class="resources-fix-link">{}</a>',
        reverse("admin:resources_resource_fix_link", args=[resource.pk]),
        gettext("Fix the link"),
    )


link_health.short_description = _("link health")


@admin.register(Resource)
class ResourceAdmin(BilingualAdmin, ImportExportModelAdmin):
    form = ResourceAdminForm
    resource_classes = [ResourceImport]
    inlines = [ResourcePublisherInline]
    list_display = [
        "short_title",
        "status",
        "kind",
        "publisher_names",
        link_health,
        "featured",
        "needs_review",
        "updated_at",
    ]
    list_filter = [
        LinkHealthFilter,
        "status",
        "kind",
        "featured",
        "needs_review",
        "topics",
        CountryFilter,
        "moderation",
    ]
    list_select_related = ["curated_by"]
    search_fields = ["title_en", "title_ko", "url", "search_publishers", "summary_text"]
    autocomplete_fields = ["topics", "curated_by", "submitted_by", "moderated_by"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "published_at",
        "normalized_url",
        "last_checked_at",
        "last_status",
        "last_error",
        "final_url",
        "broken_since",
        "consecutive_failures",
        "archive_link",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "url", "normalized_url", "kind", "status"]}),
        (
            _("Description"),
            {
                "fields": [
                    "summary",
                    "topics",
                    "countries",
                    "cities",
                    "languages",
                    ("published_on", "date_precision"),
                    "thumbnail",
                    "featured",
                    "needs_review",
                ]
            },
        ),
        (
            _("Curation"),
            {
                "fields": [
                    "curated_by",
                    "published_at",
                    "submitted_by",
                    "suggested_publisher",
                    "moderation",
                    "moderated_by",
                    "moderated_at",
                    "rejection_reason",
                ]
            },
        ),
        (
            _("Link health"),
            {
                "fields": [
                    "last_checked_at",
                    "last_status",
                    "last_error",
                    "final_url",
                    "broken_since",
                    "consecutive_failures",
                    "archive_link",
                ]
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]
    actions = ["publish", "withdraw", "feature", "unfeature", "check_links_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_publishers()

    def get_urls(self):
        return [
            path(
                "<int:object_id>/fix-link/",
                self.admin_site.admin_view(self.fix_link_view),
                name="resources_resource_fix_link",
            ),
            *super().get_urls(),
        ]

    def fix_link_view(self, request, object_id):
        """Replace a failing address, use its archived copy or unpublish, in one screen; the
        link is checked again at once and the result shown."""
        resource = get_object_or_404(Resource, pk=object_id)
        if not self.has_change_permission(request, resource):
            raise PermissionDenied
        form = FixLinkForm(request.POST or None)
        if form.is_valid():
            try:
                resource = services.fix_link(
                    resource=resource,
                    action=form.cleaned_data["action"],
                    new_url=form.cleaned_data["new_url"],
                )
            except ValidationError as error:
                # The service names the model's field; on this screen it is the new address.
                if hasattr(error, "error_dict"):
                    form.add_error("new_url", [m for ms in error.message_dict.values() for m in ms])
                else:
                    form.add_error(None, error)
            else:
                self._report_fix(request, resource)
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Fix the link of “%(title)s”") % {"title": resource.title},
            "opts": self.model._meta,
            "original": resource,
            "resource": resource,
            "health": link_health(resource),
            "form": form,
        }
        return TemplateResponse(request, "admin/resources/resource/fix_link.html", context)

    def _report_fix(self, request, resource):
        if resource.status == Resource.Status.WITHDRAWN:
            self.message_user(
                request, gettext("The resource is no longer in the library."), messages.SUCCESS
            )
            return
        report = linkcheck.check_links(resources=Resource.objects.filter(pk=resource.pk))
        result = report.results[0] if report.results else None
        if result is not None and result.ok:
            self.message_user(
                request,
                gettext("The link now goes to %(url)s and works (HTTP %(status)s).")
                % {"url": resource.url, "status": result.status},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("The link now goes to %(url)s, but it failed its check (%(status)s).")
                % {
                    "url": resource.url,
                    "status": (result and (result.status or result.error)) or "?",
                },
                messages.WARNING,
            )

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, resource):
        """The title, shortened in the list to keep the table within a window (whole on the
        resource's page)."""
        return Truncator(resource.title).chars(90)

    @admin.display(description=_("publishers"))
    def publisher_names(self, resource):
        return ", ".join(organization.short_name for organization in resource.ordered_publishers)

    @admin.display(description=_("archive copy"))
    def archive_link(self, resource):
        if not resource.url:
            return "-"
        return format_html('<a href="{0}" rel="noopener">{0}</a>', resource.archive_url)

    def save_model(self, request, obj, form, change):
        if not change and obj.curated_by_id is None and obj.submitted_by_id is None:
            obj.curated_by = request.user
        services.prepare_resource(obj)
        obj.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.after_relations_saved(resource=form.instance)

    @admin.action(description=_("Publish the selected resources"))
    def publish(self, request, queryset):
        count = services.publish_resources(resources=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d resource published.", "%(count)d resources published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw the selected resources"))
    def withdraw(self, request, queryset):
        count = services.withdraw_resources(resources=queryset)
        self.message_user(
            request,
            ngettext("%(count)d resource withdrawn.", "%(count)d resources withdrawn.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Feature the selected resources"))
    def feature(self, request, queryset):
        count = services.feature_resources(resources=queryset)
        self.message_user(
            request,
            ngettext("%(count)d resource featured.", "%(count)d resources featured.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Stop featuring the selected resources"))
    def unfeature(self, request, queryset):
        count = services.feature_resources(resources=queryset, featured=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d resource no longer featured.",
                "%(count)d resources no longer featured.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Check the selected links now"))
    def check_links_now(self, request, queryset):
        report = linkcheck.check_links(resources=queryset)
        self.message_user(
            request,
            gettext(
                "Checked %(checked)d links: %(ok)d working, %(failed)d failing, "
                "%(broken)d newly broken."
            )
            % {
                "checked": report.checked,
                "ok": report.ok,
                "failed": report.failed,
                "broken": report.newly_broken,
            },
            messages.WARNING if report.failed else messages.SUCCESS,
        )


# --- Member submissions ----------------------------------------------------------------


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """The moderation list: members' proposals, awaiting moderation first."""

    list_display = [
        "title",
        "source_link",
        "submitted_by",
        "proposed_publisher",
        "created_at",
        "moderation",
    ]
    list_filter = [ModerationFilter]
    search_fields = ["title_en", "title_ko", "url", "submitted_by__email", "suggested_publisher"]
    list_select_related = ["submitted_by"]
    fields = [
        "title",
        "url",
        "kind",
        "summary",
        "countries",
        "suggested_publisher",
        "submitted_by",
        "created_at",
        "moderation",
        "moderated_by",
        "moderated_at",
        "rejection_reason",
    ]
    readonly_fields = fields
    actions = ["approve", "reject"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(submitted_by__isnull=False).with_publishers()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The list and its actions need it; every field is read-only.
        return super().has_change_permission(request, obj)

    @admin.display(description=_("link"))
    def source_link(self, submission):
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>',
            submission.url,
            submission.normalized_url,
        )

    @admin.display(description=_("publisher"))
    def proposed_publisher(self, submission):
        names = [organization.name for organization in submission.ordered_publishers]
        return ", ".join(names) or submission.suggested_publisher

    @admin.action(description=_("Approve and publish the selected submissions"))
    def approve(self, request, queryset):
        approved = 0
        for submission in queryset.awaiting_moderation():
            try:
                services.approve_submission(resource=submission, moderator=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{submission}: {error.messages[0]}", level=messages.ERROR
                )
                continue
            approved += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d submission approved and published; the member was told.",
                "%(count)d submissions approved and published; the members were told.",
                approved,
            )
            % {"count": approved},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the selected submissions…"))
    def reject(self, request, queryset):
        pending = queryset.awaiting_moderation()
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for submission in pending:
                services.reject_submission(
                    resource=submission,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                )
            self.message_user(
                request,
                ngettext(
                    "%(count)d submission rejected; the member was told why.",
                    "%(count)d submissions rejected; the members were told why.",
                    len(pending),
                )
                % {"count": len(pending)},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/resources/submission/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Reject submissions"),
                "opts": self.model._meta,
                "form": form,
                "submissions": pending,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
