"""Form widgets that write their HTML in Python: the event list's filter controls and the
registration form's.

Django renders a widget through its form renderer: a template for the widget, one include per
option and another for each option's attributes. For the event list's seven controls and their
hundred-odd options that was a third of the page's time, and the registration form's menu of
600 time zones cost more than the rest of its page. These widgets take the same context
Django computes (names, values, ids, the ``aria-*`` attributes a bound field adds) and write
exactly the markup of Django's default templates, every variable part escaped.
"""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.forms.models import ModelChoiceIterator
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from accounts.models import TIME_ZONE_CHOICES


def attrs_html(attrs: dict) -> str:
    """Django's ``attrs.html``: ``True`` writes the bare name, ``False`` leaves it out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict) -> str:
    """Django's ``input.html`` from a widget's (or an option's) context."""
    value = widget["value"]
    value_attr = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value_attr}{attrs_html(widget["attrs"])}>\n'
    )


class InputHTML:
    """For a subclass of ``forms.Input``."""

    def render(self, name, value, attrs=None, renderer=None):
        # Django's renderer strips what a widget's template writes.
        html = input_html(self.get_context(name, value, attrs)["widget"]).strip()
        return mark_safe(html)  # noqa: S308 - escaped in input_html


class TextInput(InputHTML, forms.TextInput):
    pass


class DateInput(InputHTML, forms.DateInput):
    pass


class CheckboxInput(InputHTML, forms.CheckboxInput):
    pass


class Textarea(forms.Textarea):
    """Django's ``textarea.html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(  # noqa: S308 - every variable part is escaped
            f'<textarea name="{conditional_escape(widget["name"])}"'
            f"{attrs_html(widget['attrs'])}>\n{text}</textarea>"
        )


class MultipleInputHTML:
    """Django's ``multiple_input.html`` and ``input_option.html``, without option groups:
    for a subclass of ``forms.RadioSelect`` or ``forms.CheckboxSelectMultiple``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            if group:  # grouped choices: Django's own templates
                return super().render(name, value, attrs, renderer)
            for option in options:
                option_id = option["attrs"].get("id")
                label_for = f' for="{conditional_escape(option_id)}"' if option_id else ""
                parts.append(
                    f"<div>\n    <label{label_for}>{input_html(option)}"
                    f" {conditional_escape(option['label'])}</label>\n\n</div>"
                )
        widget_id = widget["attrs"].get("id")
        css_class = widget["attrs"].get("class")
        return mark_safe(  # noqa: S308 - every variable part is escaped
            "<div"
            + (f' id="{conditional_escape(widget_id)}"' if widget_id else "")
            + (f' class="{conditional_escape(css_class)}"' if css_class else "")
            + ">"
            + "".join(parts)
            + "\n</div>"
        )


class CheckboxSelectMultiple(MultipleInputHTML, forms.CheckboxSelectMultiple):
    pass


class RadioSelect(MultipleInputHTML, forms.RadioSelect):
    pass


def option_html(value: str, label, *, selected: bool = False) -> str:
    """Django's ``select_option.html``, as ``select.html`` places it."""
    return (
        f'\n  <option value="{conditional_escape(value)}"'
        f"{' selected' if selected else ''}>{conditional_escape(label)}</option>\n"
    )


class Select(forms.Select):
    """Django's ``select.html`` and ``select_option.html`` for a single choice, without option
    groups; a model field's choices are read with one plain query (see ``_listed_choices``)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self._listed_choices()
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups
        chosen = set(self.format_value(value))
        options, has_selected = [], False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            # As Select.optgroups: only the first option with the chosen value is selected.
            selected = not has_selected and option_value in chosen
            has_selected |= selected
            options.append(option_html(option_value, label, selected=selected))
        return self._select_html(name, attrs, "".join(options))

    def _select_html(self, name, attrs, options: str):
        return mark_safe(  # noqa: S308 - every variable part is escaped
            f'<select name="{conditional_escape(name)}"'
            f"{attrs_html(self.build_attrs(self.attrs, attrs))}>{options}\n</select>"
        )

    def _listed_choices(self) -> list:
        choices = self.choices
        if (
            isinstance(choices, ModelChoiceIterator)
            and getattr(choices.field, "null_label", None) is None
        ):
            # The iterator reads through queryset.iterator(), a server-side cursor: three
            # round trips (DECLARE, FETCH, CLOSE) for a list of a few dozen rows.
            field = choices.field
            head = [("", field.empty_label)] if field.empty_label is not None else []
            return head + [choices.choice(obj) for obj in choices.queryset]
        return list(choices)


class TimeZoneSelect(Select):
    """The ~600 IANA time zones (``accounts.models.TIME_ZONE_CHOICES``).

    Writing them costs more than the rest of a form page, and they never change: their
    options are written once per process and language, and the chosen one is marked in that
    string (as Select, only the first option with the chosen value; values are unique here).
    """

    _options_by_language: dict[str | None, str] = {}

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=TIME_ZONE_CHOICES)

    def use_required_attribute(self, initial):
        return False  # as Select: the first option is a zone, not an empty choice

    def render(self, name, value, attrs=None, renderer=None):
        language = translation.get_language()
        options = self._options_by_language.get(language)
        if options is None:
            options = "".join(option_html(zone, label) for zone, label in TIME_ZONE_CHOICES)
            self._options_by_language[language] = options
        chosen = self.format_value(value)
        if chosen:
            unmarked = f'\n  <option value="{conditional_escape(chosen[0])}">'
            options = options.replace(unmarked, f"{unmarked[:-1]} selected>", 1)
        return self._select_html(name, attrs, options)


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each labelled with its field's name ("Start: Date"):
    Django's own write "Date:" and "Time:" beside the inputs, labelling neither."""

    template_name = "events/widgets/split_datetime.html"

    def __init__(self, field_label, attrs=None):
        super().__init__(attrs)
        self.field_label = field_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["field_label"] = capfirst(self.field_label)
        return context
