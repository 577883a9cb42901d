from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from directory import glossary
        from directory.models import GlossaryTerm

        post_save.connect(glossary.forget, sender=GlossaryTerm, dispatch_uid="glossary_saved")
        post_delete.connect(glossary.forget, sender=GlossaryTerm, dispatch_uid="glossary_deleted")
