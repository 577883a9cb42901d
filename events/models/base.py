"""What the event models share: link and language rules and stable identifiers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

HTTP_URL = URLValidator(schemes=["http", "https"])

# BCP 47 codes (as schema.org's inLanguage expects) for the languages events are held in.
LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("ja", _("Japanese")),
    ("zh", _("Chinese")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("id", _("Indonesian")),
    ("ms", _("Malay")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("fil", _("Filipino")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("ne", _("Nepali")),
    ("mn", _("Mongolian")),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def http_url_or_empty(field: str) -> Q:
    """Database rule: the link is empty or starts with http:// or https://."""
    return (
        Q(**{field: ""})
        | Q(**{f"{field}__startswith": "http://"})
        | Q(**{f"{field}__startswith": "https://"})
    )


def uid_for(kind: str, pk: int) -> str:
    """``event-12@forum.example.org``: stable across renames, hosts and languages."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{kind}-{pk}@{domain}"


def language_names(codes) -> list[str]:
    return [str(LANGUAGE_NAMES.get(code, code)) for code in codes]
