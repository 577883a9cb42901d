from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import PageFeedback

MAX_PATH = 500
MAX_QUERY = 1000


def clean_local_path(value: str) -> str:
    """Only a path on this site: starts with one slash, no scheme or host, no control chars."""
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or len(value) > MAX_PATH
        or any(ord(character) < 32 or ord(character) == 127 for character in value)
    ):
        raise forms.ValidationError(_("This is not a page of this site."))
    return value


def split_address(value: str) -> tuple[str, str]:
    """A local address (``/resources/?q=flood``) as its checked path and its query; a query
    longer than the secretariat needs to read is cut."""
    path, _separator, query = (value or "").strip().partition("?")
    return clean_local_path(path), query[:MAX_QUERY]


class AddressMixin(forms.Form):
    """The page the feedback is about: its address with the query (``path``, split into
    ``path`` and ``query`` when cleaned) and, on a search, how many results it found."""

    result_count = forms.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def clean_path(self):
        path, self.cleaned_data["query"] = split_address(self.cleaned_data["path"])
        return path


class HoneypotMixin(forms.Form):
    """A field people never see or fill in; robots that fill every field are ignored."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class VoteForm(AddressMixin, HoneypotMixin):
    path = forms.CharField(widget=forms.HiddenInput, max_length=(MAX_PATH + MAX_QUERY) * 2)
    useful = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])


class DetailsForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What went wrong?"),
        choices=PageFeedback.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please do not include personal information."),
    )


class MoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything else you would like to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(AddressMixin, HoneypotMixin):
    path = forms.CharField(
        label=_("Page"),
        max_length=(MAX_PATH + MAX_QUERY) * 2,
        widget=forms.TextInput(attrs={"readonly": True}),
    )
    reason = forms.ChoiceField(
        label=_("What is wrong with this page?"),
        choices=PageFeedback.Reason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Describe the issue"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What were you doing, and what happened? Please do not include passwords."),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you would like a reply from the secretariat."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
