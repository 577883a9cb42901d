"""Model fields for ordered lists kept on the event row itself (no extra queries to show)."""

from django import forms
from django.contrib.postgres.fields import ArrayField


class LinesFormField(forms.CharField):
    """A textarea holding one item per line; blank lines are dropped, order is kept."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class LinesArrayField(ArrayField):
    """An ordered list of short texts, edited as one item per line."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": LinesFormField,
            "max_length": None,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        return super(ArrayField, self).formfield(**defaults)


class ChoiceArrayField(ArrayField):
    """An ordered list of codes from the base field's choices, edited as checkboxes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "widget": forms.CheckboxSelectMultiple,
            "coerce": str,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield, which would force a comma-separated text input.
        return super(ArrayField, self).formfield(**defaults)
