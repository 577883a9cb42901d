"""The library's search parameters: django-filter reads and validates them from the URL.

A parameter that does not validate (an unknown topic, a year that is not a number...) is
dropped and reported; the rest of the search still runs. Each facet's condition is also
available on its own (``conditions()``) so the facet counts can leave one facet out.
"""

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelMultipleChoiceField

from common.snapshots import Snapshots
from directory.models import Organization, Topic
from resources.models import LANGUAGE_CHOICES, Resource

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 20


class SortChoices:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    choices = [
        (RELEVANCE, _("Relevance")),
        (NEWEST, _("Newest")),
        (TITLE, _("Title")),
    ]


class ViewChoices:
    LIST = "list"
    TABLE = "table"
    choices = [(LIST, _("List")), (TABLE, _("Table"))]


class MultipleTextField(forms.Field):
    """Several short free-text values from repeated parameters (``country=Nepal&country=...``)."""

    widget = forms.MultipleHiddenInput
    default_validators = [ProhibitNullCharactersValidator()]

    def __init__(self, *, max_length=120, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(str(item).strip() for item in values if str(item).strip()))

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES_PER_FACET:
            raise forms.ValidationError(_("Too many values were given."), code="too_many")
        for item in value:
            if len(str(item)) > self.max_length:
                raise forms.ValidationError(_("A value is too long."), code="max_length")

    def run_validators(self, value):
        for item in value:
            super().run_validators(item)


class MultipleYearField(MultipleTextField):
    def to_python(self, value):
        years = []
        for item in super().to_python(value):
            # isdigit() alone lets through digits int() refuses, such as "²".
            if not (item.isascii() and item.isdigit()) or not 1900 <= int(item) <= 2100:
                raise forms.ValidationError(
                    _("“%(value)s” is not a year."), code="invalid", params={"value": item[:20]}
                )
            years.append(int(item))
        return years


# The topics and publishers chosen in recent searches, as each worker last read them.
_chosen = Snapshots(size=256)


class KeptModelMultipleChoiceField(ModelMultipleChoiceField):
    """Chosen topics or publishers, checked against the rows this worker read for the same
    choice while the public content is unchanged (``common.snapshots``): the same readers choose
    the same few topics again and again, and each check was a query on every search. The
    cleaned value is a list of the rows, in the queryset's order, shared read-only."""

    def _check_values(self, value):
        try:
            chosen = frozenset(value)
        except TypeError:
            return super()._check_values(value)  # refuses it: not a list of values
        model = self.queryset.model._meta.label
        key = (model, self.to_field_name, chosen, get_language())
        check = super()._check_values
        return _chosen.get(key, lambda: list(check(value)))


class KeptModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = KeptModelMultipleChoiceField


class MultipleTextFilter(django_filters.Filter):
    field_class = MultipleTextField


class MultipleYearFilter(django_filters.Filter):
    field_class = MultipleYearField


class SearchForm(forms.Form):
    """The non-facet parameters; django-filter adds the facet fields to this form."""

    q = forms.CharField(label=_("Search words"), required=False, strip=True)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SortChoices.choices, required=False)
    view = forms.ChoiceField(label=_("View"), choices=ViewChoices.choices, required=False)
    expand = forms.ChoiceField(label=_("Glossary"), choices=[("off", _("Off"))], required=False)

    def clean_q(self):
        q = " ".join(self.cleaned_data["q"].split())
        self.q_truncated = len(q) > MAX_QUERY_LENGTH
        return q[:MAX_QUERY_LENGTH].strip()


def _invalid_choice(what):
    return {
        "invalid_choice": what,
        "invalid_pk_value": _("“%(pk)s” is not a valid value."),
        "invalid_list": _("Give a list of values."),
    }


class ResourceFilter(django_filters.FilterSet):
    topic = KeptModelMultipleChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        error_messages=_invalid_choice(_("There is no topic “%(value)s”.")),
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Resource.Kind.choices,
        error_messages=_invalid_choice(_("There is no kind of resource “%(value)s”.")),
    )
    country = MultipleTextFilter(label=_("Country"))
    publisher = KeptModelMultipleChoiceFilter(
        label=_("Publisher"),
        queryset=Organization.objects.all(),
        error_messages=_invalid_choice(_("There is no publisher “%(value)s”.")),
    )
    language = django_filters.MultipleChoiceFilter(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        error_messages=_invalid_choice(_("There is no language “%(value)s”.")),
    )
    year = MultipleYearFilter(label=_("Year"))

    class Meta:
        model = Resource
        fields = []
        form = SearchForm

    FACETS = ["topic", "kind", "country", "publisher", "language", "year"]

    def get_form_class(self):
        """The form class, made once: django-filter makes a new class (and new fields) for every
        search, a third of the cost of reading the parameters. The fields are the same each
        time, and every form still works on copies of them (querysets included)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_queryset(self, queryset):
        # The form also carries q, sort, view and expand, which are not filters.
        return queryset.filter(*self.conditions().values())

    def cleaned(self, name, default=None):
        self.form.is_valid()
        value = self.form.cleaned_data.get(name)
        if isinstance(value, QuerySet) and value.query.is_empty():
            return default  # no topic or publisher chosen: known without evaluating the set
        return value or default

    def conditions(self) -> dict:
        """Each active facet's condition, by facet name."""
        return {
            name: condition
            for name in self.FACETS
            if (condition := facet_condition(name, self.cleaned(name))) is not None
        }

    def notices(self) -> list[str]:
        """What was wrong with the parameters, in words for the reader."""
        self.form.is_valid()
        notices = []
        if getattr(self.form, "q_truncated", False):
            notices.append(
                _("Your search was shortened to its first %(count)d characters.")
                % {"count": MAX_QUERY_LENGTH}
            )
        for name, errors in self.form.errors.items():
            field = self.form.fields.get(name)
            label = field.label if field is not None else name
            for error in errors:
                notices.append(
                    _("%(label)s: %(error)s It was ignored.") % {"label": label, "error": error}
                )
        return notices


def facet_condition(name, value):
    """The condition one facet puts on resources; values of one facet are alternatives."""
    if not value:
        return None
    if name == "topic":
        return Q(topic_ids__overlap=[topic.pk for topic in value])
    if name == "publisher":
        return Q(publisher_ids__overlap=[organization.pk for organization in value])
    if name == "kind":
        return Q(kind__in=value)
    if name == "country":
        return Q(countries__overlap=value)
    if name == "language":
        return Q(languages__overlap=value)
    if name == "year":
        return Q(published_year__in=value)
    raise ValueError(name)
