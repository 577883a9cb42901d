"""allauth's hooks for the portal's accounts."""

from allauth.account.adapter import DefaultAccountAdapter

from accounts.validators import validate_email_address
from common.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The sign-up form's browser zone (accounts.forms.SignupForm), saved with the account.
        if zone := getattr(form, "cleaned_data", {}).get("time_zone"):
            user.time_zone = zone
        return super().save_user(request, user, form, commit)

    def clean_email(self, email: str) -> str:
        # Sign-up, adding an address and password reset ask the adapter; the login-code and
        # change-address forms do not (accounts/forms.py validates theirs).
        validate_email_address(email)
        return super().clean_email(email)

    def get_client_ip(self, request) -> str:
        # allauth's rate limits (failed sign-ins, codes, resets) key on the same address as
        # the portal's own limits: behind a proxy, the visitor's, not the proxy's.
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed sign-ins per account (five in five minutes) and per address (ten
        # a minute). Per account alone, a stranger failing on purpose locked the owner out;
        # counted per account and visitor, the owner signs in from their own address whatever
        # others try (OWASP ASVS 5.0, 6.1.1), and guessing one password from many addresses
        # still meets each address's own limit.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_ip(request)}"
