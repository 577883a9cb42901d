"""Form widgets that write their HTML in Python: the event list's filter controls.

Django renders a widget through its form renderer: a template for the widget, one include per
option and another for each option's attributes. For the event list's seven controls and their
hundred-odd options that was a third of the page's time. These widgets take the same context
Django computes (names, values, ids, the ``aria-*`` attributes a bound field adds) and write
exactly the markup of Django's default templates, every variable part escaped.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's ``multiple_input.html`` and ``checkbox_option.html``, without option groups."""

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
            options.append(
                f'\n  <option value="{conditional_escape(option_value)}"'
                f"{' selected' if selected else ''}>{conditional_escape(label)}</option>\n"
            )
        return mark_safe(  # noqa: S308 - every variable part is escaped
            f'<select name="{conditional_escape(name)}"'
            f"{attrs_html(self.build_attrs(self.attrs, attrs))}>{''.join(options)}\n</select>"
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
