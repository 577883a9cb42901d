from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonalConfig(AppConfig):
    name = "personal"
    verbose_name = _("Each person's own portal")

    def ready(self):
        from accounts import personal_data
        from personal.exports import personal_section

        personal_data.add_section(personal_section)
