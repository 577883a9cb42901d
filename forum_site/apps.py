from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumSiteConfig(AppConfig):
    name = "forum_site"
    verbose_name = _("Forum Portal")
