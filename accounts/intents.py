"""What a person was about to do when the portal asked them to sign in, from the ``next``
address the sign-in page carries, so the page can say it ("Sign in to propose a resource")."""

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# The pages that ask for a signed-in person, by view name, and what the person was doing.
PURPOSES = {
    "resources:submit": _(
        "To propose a resource, sign in or create an account: you will then go straight back "
        "to your proposal."
    ),
    "registrations:register": _(
        "To register for this event, sign in or create an account: you will then go straight "
        "back to the registration form."
    ),
    "registrations:list": _("Sign in to see your registrations."),
    "registrations:detail": _("Sign in to see your registration."),
    "registrations:cancel": _("Sign in to cancel your registration."),
    "accounts:profile": _("Sign in to see and change your profile."),
    "accounts:delete": _("Sign in to delete your account."),
}
# A page of this site that is not in the list above.
ANY_PAGE = _("Sign in to continue: you will then go straight back to the page you asked for.")


def purpose_of(next_url: str, *, host: str) -> str:
    """The sentence for a sign-in page reached on the way to ``next_url`` ("" when there is
    none, or when it leads off this site)."""
    if not next_url or not url_has_allowed_host_and_scheme(next_url, allowed_hosts={host}):
        return ""
    path = next_url.split("?", 1)[0]
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            path = path.removeprefix(f"/{code}")
            break
    with translation.override("en"):  # the default language's addresses have no prefix
        try:
            match = resolve(path)
        except Resolver404:
            return ""
    return str(PURPOSES.get(match.view_name, ANY_PAGE))
