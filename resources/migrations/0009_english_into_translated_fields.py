"""Copy each translated field's English from its original column into the ``_en`` column.

The original columns keep their English (the search reads them) and the existing ``_ko``
columns keep their Korean: nothing is lost either way.
"""

from django.db import migrations
from django.db.models import F

TRANSLATED = {
    "resource": ('title', 'summary'),
}


def english_into_translated_fields(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("resources", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def english_back_into_original_columns(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("resources", model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_en": None}).update(**{field: F(f"{field}_en")})


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0008_translated_fields"),
    ]

    operations = [
        migrations.RunPython(english_into_translated_fields, english_back_into_original_columns),
    ]
