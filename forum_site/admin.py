"""The secretariat's admin site: sign-in through allauth (rate-limited, with a second factor)."""

import re
from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum_site import figure_views, workspace

# The date hierarchy's parameters (``created_at__year=2020``): Django turns them into a date
# and lets an OverflowError through for a year with twenty digits.
DATE_PART = re.compile(r"__(year|month|day)$")
# What a filter value the database or Django cannot use raises while a change list counts its
# rows (a year 0, a word for an enum, a number past the column's range).
UNUSABLE_LOOKUP = (ValueError, OverflowError, ValidationError, DataError)


def _needs_second_factor(user) -> bool:
    return settings.STAFF_REQUIRE_MFA and user.is_authenticated and not is_mfa_enabled(user)


def _unusable_filter(params) -> bool:
    """A changelist parameter Django would pass to the database and crash on: a NUL character
    (PostgreSQL text cannot hold one) or a date part that is not a year, month or day."""
    for name, values in params.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                return True
            if DATE_PART.search(name) and not (
                value.isascii() and value.isdigit() and len(value) <= 4
            ):
                return True
    return False


def _unusable_selection(view, request) -> bool:
    """An action posted with a selection that is not a key of the change list's model: Django
    passes it to ``pk__in`` and fails (``_selected_action=abc`` for a number)."""
    model_admin = getattr(view, "__self__", None)
    if request.method != "POST" or not isinstance(model_admin, admin.ModelAdmin):
        return False
    key = model_admin.model._meta.pk
    for value in request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME):
        try:
            key.clean(value, None)
        except ValidationError:
            return True
    return False


# The admin's sections, named for the work; (app label, model name) in the order shown.
# Anything not named here (the task queue, MFA, sites and other internals) is under System.
SECTIONS = [
    (
        "programme",
        gettext_lazy("Programme"),
        [
            ("events", "event"),
            ("events", "session"),
            ("events", "speaker"),
            ("events", "eventseries"),
        ],
    ),
    ("registrations", gettext_lazy("Registrations"), [("registrations", "registration")]),
    (
        "library",
        gettext_lazy("Library"),
        [
            ("resources", "submission"),
            ("resources", "resource"),
            ("directory", "topic"),
            ("directory", "glossaryterm"),
        ],
    ),
    ("feedback", gettext_lazy("Feedback"), [("feedback", "pagefeedback")]),
    (
        "people",
        gettext_lazy("People"),
        [
            ("accounts", "user"),
            ("directory", "organization"),
            ("account", "emailaddress"),
            ("auth", "group"),
        ],
    ),
]
SYSTEM = ("system", gettext_lazy("System"))
# Internals whose own names say little to the secretariat.
RENAMED = {("procrastinate", "procrastinatejob"): gettext_lazy("Task queue jobs")}


def _sections(app_list: list[dict]) -> list[dict]:
    """Django's per-app list regrouped into the portal's sections."""
    models = {
        (app["app_label"], model["object_name"].lower()): model
        for app in app_list
        for model in app["models"]
    }
    for key, name in RENAMED.items():
        if key in models:
            models[key] = {**models[key], "name": name}
    sections = []
    for label, name, keys in SECTIONS:
        found = [models.pop(key) for key in keys if key in models]
        if found:
            sections.append(_section(label, name, found))
    if models:
        sections.append(_section(*SYSTEM, list(models.values())))
    return sections


def _section(label, name, models) -> dict:
    # No address of its own: a section gathers several apps (the template shows no link).
    return {
        "name": name,
        "app_label": label,
        "app_url": "",
        "has_module_perms": True,
        "models": models,
    }


def _is_changelist_read(view, request) -> bool:
    return request.method in {"GET", "HEAD"} and getattr(view, "__name__", "") == "changelist_view"


class ForumAdminSite(admin.AdminSite):
    site_header = settings.ADMIN_SITE_HEADER
    site_title = settings.ADMIN_SITE_TITLE

    index_template = "admin/workspace.html"

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        return app_list if app_label else _sections(app_list)

    def get_urls(self):
        return [
            path("figures/", self.admin_view(figure_views.index), name="figures"),
            path(
                "figures/<slug:key>.svg", self.admin_view(figure_views.site_svg), name="figure_svg"
            ),
            path(
                "figures/<slug:key>.csv", self.admin_view(figure_views.site_csv), name="figure_csv"
            ),
            path(
                "figures/event/<int:event_id>/",
                self.admin_view(figure_views.event_index),
                name="figures_event",
            ),
            path(
                "figures/event/<int:event_id>/<slug:key>.svg",
                self.admin_view(figure_views.event_svg),
                name="event_figure_svg",
            ),
            path(
                "figures/event/<int:event_id>/<slug:key>.csv",
                self.admin_view(figure_views.event_csv),
                name="event_figure_csv",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        context = {"tasks": workspace.tasks_for(request.user), **(extra_context or {})}
        return super().index(request, context)

    def has_permission(self, request):
        return super().has_permission(request) and not _needs_second_factor(request.user)

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @wraps(protected)
        def inner(request, *args, **kwargs):
            if _unusable_filter(request.GET):
                # What Django's changelist does with a lookup it cannot use, with a word of
                # explanation (the address it redirects to has no parameters: this happens once).
                messages.error(request, _("The filter in the address could not be used."))
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            if _unusable_selection(view, request):
                messages.error(request, _("The selection could not be used."))
                return HttpResponseRedirect(request.get_full_path())
            if not _is_changelist_read(view, request):
                return protected(request, *args, **kwargs)
            # Django turns a filter it cannot apply into "?e=1", but only when applying it
            # raises; some values fail later, when the rows are counted. A change list only
            # reads, so a savepoint costs nothing and keeps the connection usable.
            try:
                with transaction.atomic():
                    return protected(request, *args, **kwargs)
            except UNUSABLE_LOOKUP:
                messages.error(request, _("The filter in the address could not be used."))
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

        return inner

    def login(self, request, extra_context=None):
        if request.user.is_staff and _needs_second_factor(request.user):
            messages.warning(
                request, _("Set up two-factor authentication to use the secretariat's admin.")
            )
            return redirect("mfa_activate_totp")
        return secure_admin_login(super().login)(request, extra_context)
