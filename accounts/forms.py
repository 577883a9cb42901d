from allauth.account import forms as allauth_forms
from allauth.account.forms import ChangeEmailForm, RequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import TIME_ZONE_CHOICES, User
from accounts.validators import validate_email_address

_TIME_ZONES = frozenset(name for name, _label in TIME_ZONE_CHOICES)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "name",
            "organisation",
            "position",
            "city",
            "country",
            "preferred_language",
            "time_zone",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.time_zone:
            # No zone chosen yet: a script offers the browser's.
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = True


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my registrations will be deleted for good."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


# allauth's labels in the portal's words, by field name (its forms name the fields alike).
LABELS = {
    "login": _("E-mail address"),
    "email": _("E-mail address"),
    "oldpassword": _("Current password"),
    "password": _("Password"),
    "password1": _("Password"),
    "password2": _("The same password again"),
    "remember": _("Keep me signed in on this device"),
    "code": _("Code"),
}
NEW_PASSWORD_LABELS = {
    "password1": _("New password"),
    "password2": _("The same new password again"),
}


def _reset_help() -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("account_reset_password"), _("Forgotten your password?")
    )


class PortalWording(forms.Form):
    """Field labels in the portal's voice; the labels say it all, so no placeholders."""

    labels = LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.labels:
                field.label = self.labels[name]
            elif name in LABELS:
                field.label = LABELS[name]
            field.widget.attrs.pop("placeholder", None)
            if name in {"password", "oldpassword"} and field.help_text:  # allauth's reset link
                field.help_text = lazy(_reset_help, str)()


class LoginForm(PortalWording, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(PortalWording, allauth_forms.ResetPasswordForm):
    pass


class ChangePasswordForm(PortalWording, allauth_forms.ChangePasswordForm):
    labels = {**LABELS, **NEW_PASSWORD_LABELS}


class SetPasswordForm(PortalWording, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(PortalWording, allauth_forms.ResetPasswordKeyForm):
    labels = {**LABELS, **NEW_PASSWORD_LABELS}


class LoginCodeRequestForm(PortalWording, RequestLoginCodeForm):
    """allauth's form, refusing an address no message could be sent to before it looks the
    address up (or e-mails it that it has no account)."""

    def clean_email(self) -> str:
        if self.cleaned_data.get("email"):
            validate_email_address(self.cleaned_data["email"])
        return super().clean_email()


class AddressChangeForm(PortalWording, ChangeEmailForm):
    """allauth's form for changing an unverified address, with the same check."""

    def clean_email(self) -> str:
        validate_email_address(self.cleaned_data["email"])
        return super().clean_email()


class SignupForm(PortalWording, AllauthSignupForm):
    """allauth's sign-up form, as slow for an address that has an account as for a new one.

    allauth's enumeration prevention gives both the same page, but a new account costs a
    password hash (a quarter of a second, on purpose) and a known address cost nothing: the
    time told who has an account. The known address now pays for the same hash, thrown away.
    """

    # The browser's zone, written in by a script (static/js/site.js), so that a new account
    # starts in it; without the script, or with a zone this portal does not know, it starts
    # with none (never a silent UTC) and the first registration form asks.
    time_zone = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-browser-zone": True})
    )

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data.get("time_zone", "")
        return zone if zone in _TIME_ZONES else ""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class AuthenticatorActivationForm(PortalWording, ActivateTOTPForm):
    labels = {"code": _("Code from the app")}


class ReauthenticationForm(PortalWording, allauth_forms.ReauthenticateForm):
    pass
