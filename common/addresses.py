"""Addresses of pages that differ only by a slug, for lists that link hundreds of them."""

from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse

PLACEHOLDER = "slug-placeholder"


def by_slug(view_name: str) -> Callable[[str], str]:
    """The address of ``view_name`` for any slug, from one ``reverse()``: a page of search
    hits or a 200-session programme would otherwise resolve the URL pattern once a link."""
    prefix, _placeholder, suffix = reverse(view_name, kwargs={"slug": PLACEHOLDER}).rpartition(
        PLACEHOLDER
    )
    return lambda slug: f"{prefix}{quote(slug)}{suffix}"
