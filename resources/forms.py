from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.utils.translation import gettext_lazy as _

from directory.models import HTTP_URL, Organization, Topic
from resources.links import is_public_host, normalize_url
from resources.models import LANGUAGE_CHOICES, Resource
from resources.services import INVALID_THUMBNAIL, LinkFix, process_thumbnail, truncate_date

KNOWN_LINK = _("The secretariat already knows this link; there is no need to propose it.")


def duplicate_of(url: str, *, exclude_pk=None) -> Resource | None:
    try:
        normalized = normalize_url(url)
    except ValueError:
        return None
    return Resource.objects.filter(normalized_url=normalized).exclude(pk=exclude_pk).first()


class SubmissionForm(forms.Form):
    """What a member fills in to propose a resource for the library."""

    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(
        label=_("Link"),
        max_length=2000,
        assume_scheme="https",
        help_text=_("The address where the document can be read (http or https)."),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    publisher = forms.ModelChoiceField(
        label=_("Publisher"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Not in the list"),
        help_text=_("Choose the organisation that published it, or type its name below."),
    )
    publisher_name = forms.CharField(
        label=_("Publisher not in the list"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Resource.Kind.choices, initial=Resource.Kind.CASE_STUDY
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few sentences on what it covers. Markdown is allowed."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "country-name"}),
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Enter a complete http:// or https:// address."))
        if not is_public_host(url):
            raise forms.ValidationError(_("Enter the public address of the document."))
        duplicate = duplicate_of(url)
        if duplicate is not None:
            # Only a published resource may be named: a draft's, a rejected or a withdrawn
            # one's title is the secretariat's business.
            if duplicate.is_published:
                raise forms.ValidationError(
                    _("This link is already in the library as “%(title)s”."),
                    params={"title": duplicate.title},
                )
            if duplicate.moderation == Resource.Moderation.PENDING:
                raise forms.ValidationError(
                    _("This link has already been proposed and is waiting for moderation.")
                )
            raise forms.ValidationError(KNOWN_LINK)
        return url

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("publisher") and not cleaned.get("publisher_name", "").strip():
            self.add_error(
                "publisher", _("Choose the publisher, or type its name if it is not in the list.")
            )
        return cleaned


class ResourceAdminForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = SimpleArrayField(
        forms.CharField(max_length=120),
        label=_("Countries"),
        required=False,
        help_text=_("Separated by commas. Leave empty to use the publishers' countries."),
    )
    cities = SimpleArrayField(
        forms.CharField(max_length=120),
        label=_("Cities"),
        required=False,
        help_text=_("Separated by commas."),
    )

    class Meta:
        model = Resource
        fields = [
            "title",
            "slug",
            "url",
            "kind",
            "status",
            "summary",
            "topics",
            "countries",
            "cities",
            "languages",
            "published_on",
            "date_precision",
            "thumbnail",
            "featured",
            "needs_review",
            "curated_by",
            "submitted_by",
            "suggested_publisher",
            "moderation",
            "moderated_by",
            "moderated_at",
            "rejection_reason",
        ]
        widgets = {"url": forms.URLInput(attrs={"size": 80})}
        error_messages = {
            # Django's own check with Pillow fails alike for a file that is no image and for a
            # decompression bomb (a small file claiming billions of pixels): say what is accepted.
            "thumbnail": {"invalid_image": INVALID_THUMBNAIL}
        }

    def clean(self):
        cleaned = super().clean()
        # Keep only the part of the date its precision vouches for, as the database requires.
        cleaned["published_on"] = truncate_date(
            cleaned.get("published_on"), cleaned.get("date_precision") or "day"
        )
        return cleaned

    def clean_thumbnail(self):
        thumbnail = self.cleaned_data.get("thumbnail")
        if thumbnail and hasattr(thumbnail, "content_type"):
            return process_thumbnail(
                thumbnail, name=self.cleaned_data.get("title_en") or "thumbnail"
            )
        return thumbnail


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the member"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


class FixLinkForm(forms.Form):
    """The fix-link screen: one of three remedies, a new address for the first."""

    action = forms.ChoiceField(
        label=_("What to do"), choices=LinkFix.choices, widget=forms.RadioSelect
    )
    new_url = forms.URLField(
        label=_("New address"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        validators=[HTTP_URL],
        help_text=_("Only for “Replace the address”."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == LinkFix.REPLACE and not cleaned.get("new_url"):
            self.add_error("new_url", _("Give the new address."))
        return cleaned
