"""Feed types that name the language of each item written in another language than the
feed's (an English title in the Korean feed, while it has no Korean yet).

A feed class passes the item's language with ``item_extra_kwargs`` (``{"language": "en"}``).
Atom marks it with ``xml:lang`` on the entry. RSS 2.0 has no language of its own below the
channel, so the item carries Dublin Core's ``dc:language``, the module feed readers know.
"""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def _other_language(feed, item) -> str:
    """The item's language when it is not the feed's, else ""."""
    language = item.get("language") or ""
    return language if language != feed.feed["language"] else ""


class LanguageRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if language := _other_language(self, item):
            handler.addQuickElement("dc:language", language)


class LanguageAtomFeed(Atom1Feed):
    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if language := _other_language(self, item):
            attributes["xml:lang"] = language
        return attributes
