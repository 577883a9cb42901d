from allauth.account.forms import ChangeEmailForm, RequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.validators import validate_email_address


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


class LoginCodeRequestForm(RequestLoginCodeForm):
    """allauth's form, refusing an address no message could be sent to before it looks the
    address up (or e-mails it that it has no account)."""

    def clean_email(self) -> str:
        if self.cleaned_data.get("email"):
            validate_email_address(self.cleaned_data["email"])
        return super().clean_email()


class AddressChangeForm(ChangeEmailForm):
    """allauth's form for changing an unverified address, with the same check."""

    def clean_email(self) -> str:
        validate_email_address(self.cleaned_data["email"])
        return super().clean_email()


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, as slow for an address that has an account as for a new one.

    allauth's enumeration prevention gives both the same page, but a new account costs a
    password hash (a quarter of a second, on purpose) and a known address cost nothing: the
    time told who has an account. The known address now pays for the same hash, thrown away.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
