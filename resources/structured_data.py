"""What link previews read: Open Graph and Twitter cards for a resource's page."""

from collections.abc import Callable

from django.utils.text import Truncator

from common.bilingual import OG_LOCALES, shown_language
from resources.models import Resource

# Link previews show about this much of a description; longer ones end in an ellipsis.
PREVIEW_DESCRIPTION_LENGTH = 200


def link_preview(resource: Resource, *, absolute: Callable[[str], str]) -> dict[str, str]:
    """Title, description, address and image of the page, in the reader's language."""
    preview = {
        "title": resource.display_title,
        # og:locale: the language of the title shown (the English where Korean is missing).
        "locale": OG_LOCALES[shown_language(resource, "title")],
        "url": absolute(resource.get_absolute_url()),
        "description": Truncator(resource.display_summary_text).chars(PREVIEW_DESCRIPTION_LENGTH),
    }
    if resource.thumbnail:
        preview["image"] = absolute(resource.thumbnail.url)
    return preview
