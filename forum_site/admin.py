"""The secretariat's admin site: sign-in through allauth (rate-limited, with a second factor)."""

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def _needs_second_factor(user) -> bool:
    return settings.STAFF_REQUIRE_MFA and user.is_authenticated and not is_mfa_enabled(user)


class ForumAdminSite(admin.AdminSite):
    site_header = settings.ADMIN_SITE_HEADER
    site_title = settings.ADMIN_SITE_TITLE

    def has_permission(self, request):
        return super().has_permission(request) and not _needs_second_factor(request.user)

    def login(self, request, extra_context=None):
        if request.user.is_staff and _needs_second_factor(request.user):
            messages.warning(
                request, _("Set up two-factor authentication to use the secretariat's admin.")
            )
            return redirect("mfa_activate_totp")
        return secure_admin_login(super().login)(request, extra_context)
