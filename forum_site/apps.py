from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ForumSiteConfig(AppConfig):
    default = True
    name = "forum_site"
    verbose_name = _("Forum Portal")

    def ready(self):
        from forum_site import page_cache

        page_cache.connect_signals()


class ForumAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's own site (sign-in through allauth, optional MFA)."""

    default = False
    default_site = "forum_site.admin.ForumAdminSite"
