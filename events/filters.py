"""The event list's filters: combinable, shareable as a URL, shown as removable chips.

A value the form does not accept (an unknown kind, a malformed date, an organiser that does
not exist) is dropped and reported; the other filters still apply.
"""

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from common.bilingual import either_language
from directory.models import Organization, Topic
from events import timefmt, widgets
from events.models import (
    LANGUAGE_CHOICES,
    LANGUAGE_NAMES,
    Event,
    EventOrganiser,
    EventSeries,
    local_start_date,
)

HOSTED_CHOICES = [
    (Event.Host.NETWORK.value, _("The network")),
    (Event.Host.PARTNER.value, _("Partner organisations")),
]
MAX_KEYWORDS = 8


def organiser_choices():
    return Organization.objects.filter(
        Exists(
            EventOrganiser.objects.filter(organisation=OuterRef("pk")).exclude(
                event__status=Event.Status.DRAFT
            )
        )
    )


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", _("The end of the date range is before its start."))
        return cleaned


class EventFilter(filters.FilterSet):
    q = filters.CharFilter(
        label=_("Keywords"),
        method="filter_keywords",
        max_length=200,
        widget=widgets.TextInput(attrs={"type": "search"}),
    )
    kind = filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=Event.Kind.choices,
        widget=widgets.CheckboxSelectMultiple,
        distinct=False,  # a plain column: no join, so no duplicates to remove
    )
    hosted = filters.ChoiceFilter(
        label=_("Hosted by"),
        field_name="hosted_by",
        choices=HOSTED_CHOICES,
        empty_label=_("The network and partners"),
        widget=widgets.Select,
    )
    organiser = filters.ModelChoiceFilter(
        label=_("Organiser"),
        queryset=organiser_choices(),
        method="filter_organiser",
        empty_label=_("Any organiser"),
        widget=widgets.Select,
    )
    series = filters.ModelChoiceFilter(
        label=_("Series"),
        queryset=EventSeries.objects.all(),
        to_field_name="slug",
        empty_label=_("Any series"),
        widget=widgets.Select,
    )
    topic = filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Any topic"),
        widget=widgets.Select,
    )
    language = filters.ChoiceFilter(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        method="filter_language",
        empty_label=_("Any language"),
        widget=widgets.Select,
    )
    date_from = filters.DateFilter(
        label=_("From"),
        method="filter_date_from",
        widget=widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = filters.DateFilter(
        label=_("Until"),
        method="filter_date_to",
        widget=widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    # --- Filtering ------------------------------------------------------------------

    def filter_keywords(self, queryset, name, value):
        for word in value.split()[:MAX_KEYWORDS]:
            # Words match the English and the Korean alike, whatever the page's language.
            organiser_matches = EventOrganiser.objects.filter(event=OuterRef("pk")).filter(
                either_language("organisation__name", word)
                | either_language("organisation__acronym", word)
            )
            queryset = queryset.filter(
                either_language("title", word)
                | either_language("summary", word)
                | either_language("theme", word)
                | either_language("description", word)
                | either_language("series__name", word)
                | Exists(organiser_matches)
            )
        return queryset

    def filter_organiser(self, queryset, name, value):
        return queryset.filter(
            Exists(EventOrganiser.objects.filter(event=OuterRef("pk"), organisation=value))
        )

    def filter_language(self, queryset, name, value):
        return queryset.filter(
            Q(languages__contains=[value]) | Q(interpretation_languages__contains=[value])
        )

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(GreaterThanOrEqual(local_start_date(), value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(LessThanOrEqual(local_start_date(), value))

    # --- Describing what is applied -------------------------------------------------------

    @property
    def problems(self) -> list[str]:
        """One line per filter value that was not understood (and so was ignored)."""
        if not self.is_bound:
            return []
        lines = []
        for name, errors in self.form.errors.items():
            label = self.filters[name].label if name in self.filters else ""
            text = " ".join(str(error) for error in errors)
            lines.append(f"{label}: {text}" if label else text)
        return lines

    def applied_params(self) -> QueryDict:
        """The filter parameters that were applied: invalid and empty values left out."""
        params = QueryDict(mutable=True)
        if not self.is_bound:
            return params
        errors = self.form.errors
        for name in self.filters:
            if name in errors:
                continue
            values = [value for value in self.data.getlist(name) if value.strip()]
            if values:
                params.setlist(name, values)
        return params

    def _value_label(self, name: str, raw: str) -> str:
        cleaned = self.form.cleaned_data.get(name)
        if name == "kind":
            return str(Event.Kind(raw).label)
        if name == "hosted":
            return str(dict(HOSTED_CHOICES)[raw])
        if name == "language":
            return str(LANGUAGE_NAMES[raw])
        if name == "organiser":
            return cleaned.short_name
        if name in {"series", "topic"}:
            return str(cleaned)
        if name in {"date_from", "date_to"}:
            return timefmt.short_date(cleaned)
        return raw

    def chips(self) -> list[dict]:
        """Each applied value with the query string that removes just that value."""
        params = self.applied_params()
        chips = []
        for name in self.filters:
            values = params.getlist(name)
            for raw in values:
                rest = params.copy()
                rest.setlist(name, [value for value in values if value != raw])
                chips.append(
                    {
                        "label": self.filters[name].label,
                        "value": self._value_label(name, raw),
                        "query": rest.urlencode(),
                    }
                )
        return chips

    @property
    def shows_partner_table(self) -> bool:
        return self.is_bound and self.form.cleaned_data.get("hosted") == Event.Host.PARTNER
