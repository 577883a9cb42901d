from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from events.filters import EventFilter
from personal.models import SavedSearch

# Parameters that say how results are shown, not what is searched.
NOT_SEARCHED = {"page", "view", "sort"}


def normalised_query(kind: str, query: str) -> str:
    """The search's parameters as they are applied: pages and display choices left out, and
    for events, only the filters the list understood."""
    params = QueryDict(query, mutable=True)
    for name in NOT_SEARCHED:
        params.pop(name, None)
    if kind == SavedSearch.Kind.EVENTS:
        params = EventFilter(params).applied_params()
    return params.urlencode()


class SaveSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["kind", "query", "name", "frequency"]
        widgets = {"kind": forms.HiddenInput, "query": forms.HiddenInput}
        labels = {"name": _("Name"), "frequency": _("Tell me when new items match")}

    def clean_query(self):
        kind = self.cleaned_data.get("kind")
        return normalised_query(kind, self.cleaned_data.get("query", "")) if kind else ""


class ChangeSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {"name": _("Name"), "frequency": _("E-mail")}
