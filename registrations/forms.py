from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import TIME_ZONE_CHOICES
from accounts.services import profile_is_complete
from events import widgets
from registrations.channels import channel_choices
from registrations.models import Registration


def _privacy_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I agree that the secretariat keeps these details to run the event, as the"),
        reverse_lazy("privacy"),
        _("privacy notice explains."),
    )


def _time_zone_choices():
    return TIME_ZONE_CHOICES


_TIME_ZONES = frozenset(name for name, _label in TIME_ZONE_CHOICES)


class TimeZoneField(forms.ChoiceField):
    """The ~600 IANA zones, given as a callable (every form would otherwise deep-copy them),
    checked against a set (ChoiceField would walk the whole list for each value) and written
    by a widget that keeps their options."""

    widget = widgets.TimeZoneSelect

    def __init__(self, **kwargs):
        super().__init__(choices=_time_zone_choices, **kwargs)

    def valid_value(self, value):
        return value in _TIME_ZONES


class RegistrationForm(forms.Form):
    """What the attendee tells us; filled in from their profile.

    Its widgets write Django's markup in Python (``events.widgets``): a signed-in page that
    every registrant loads, and the time zones alone cost more than the rest of it."""

    name = forms.CharField(
        label=_("Name"), max_length=200, widget=widgets.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=widgets.TextInput(attrs={"autocomplete": "organization"}),
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        widget=widgets.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=120,
        required=False,
        widget=widgets.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=120,
        required=False,
        widget=widgets.TextInput(attrs={"autocomplete": "country-name"}),
    )
    category = forms.ChoiceField(
        label=_("Which best describes you?"),
        choices=Registration.Category.choices,
        widget=widgets.RadioSelect,
    )
    channel = forms.ChoiceField(
        label=_("Interpretation channel"),
        widget=widgets.RadioSelect,
        help_text=_("The language you will listen in. You get the stream link for this channel."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        max_length=1000,
        required=False,
        widget=widgets.Textarea(attrs={"rows": 3}),
        help_text=_("For example captions, sign language or a screen-reader-friendly programme."),
    )
    question = forms.CharField(
        label=_("A question for the speakers (optional)"),
        max_length=2000,
        required=False,
        widget=widgets.Textarea(attrs={"rows": 3}),
    )
    time_zone = TimeZoneField(
        label=_("Your time zone"),
        help_text=_("Times in your confirmation and reminders are shown in this zone too."),
    )
    consent = forms.BooleanField(label=lazy(_privacy_label, str)(), widget=widgets.CheckboxInput)
    # Offered while the profile lacks some of these details (the first registration); never
    # checked in advance: nothing reaches the profile without the person's say.
    save_to_profile = forms.BooleanField(
        label=_(
            "Save my name, organisation, position, city and country to my profile, so that "
            "my next registration starts with them"
        ),
        required=False,
        widget=widgets.CheckboxInput,
    )

    def __init__(self, *args, event, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["channel"].choices = channel_choices(event)
        if not self.is_bound and not self.initial.get("time_zone"):
            # No zone chosen yet: the event's, which a script replaces with the browser's.
            self.initial["time_zone"] = event.time_zone
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = True
        if user is None or profile_is_complete(user):
            del self.fields["save_to_profile"]

    @classmethod
    def initial_for(cls, user, event) -> dict:
        return {
            "name": user.name,
            "organisation": user.organisation,
            "position": user.position,
            "city": user.city,
            "country": user.country,
            "time_zone": user.time_zone,
            "channel": channel_choices(event)[0][0],
        }
