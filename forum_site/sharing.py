"""QR codes for the "Share this" box: made on this server, only for this site's own pages."""

import io
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

# Long enough for any page of the portal with a query string; a QR code stays scannable.
MAX_PATH_LENGTH = 500


def local_path(value: str) -> str | None:
    """``value`` when it is the path of a page of this site (``/ko/events/x/``), else None.

    Full URLs, protocol-relative ``//host`` addresses and paths no view answers are refused,
    so the portal never vouches for someone else's address in its own QR codes."""
    if not value or len(value) > MAX_PATH_LENGTH or not value.startswith("/"):
        return None
    if value.startswith("//") or "\\" in value or any(char.isspace() for char in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    # Resolving /ko/... needs Korean active (the language prefix is matched per language).
    language = translation.get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            resolve(parts.path)
        except Resolver404:
            return None
    return value


def qr_svg(url: str) -> bytes:
    """A QR code for ``url`` as a standalone SVG document: black on white with the quiet
    zone readers need, sized by its viewBox so it scales to any print size."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=4, dark="#000", light="#fff", omitsize=True)
    return out.getvalue()
