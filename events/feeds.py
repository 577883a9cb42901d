from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from common.bilingual import shown_language
from common.feeds import LanguageRssFeed
from events.models import Event, EventSeries

FEED_LENGTH = 50


class EventFeed(Feed):
    """RSS of published events, newest announcements first."""

    feed_type = LanguageRssFeed
    item_guid_is_permalink = False

    def title(self):
        return _("Forum Portal: events")

    def description(self):
        return _(
            "The forum, the network's webinars and partner initiatives, as they are announced."
        )

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.published().order_by("-created", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.display_title

    def item_description(self, item):
        parts = [item.when.summary, item.display_summary or item.theme]
        return "\n\n".join(part for part in parts if part)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_extra_kwargs(self, item):
        """The title's language: the reader's, or English where there is no Korean yet."""
        return {"language": shown_language(item, "title")}

    def item_guid(self, item):
        return item.uid

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [str(item.get_kind_display())]


class SeriesFeed(EventFeed):
    """RSS of one series' published events, newest announcements first."""

    def get_object(self, request, slug):
        return get_object_or_404(EventSeries, slug=slug)

    def title(self, obj):
        return _("Forum Portal: %(series)s") % {"series": obj.name}

    def description(self, obj):
        return _("The events of the series “%(series)s”, as they are announced.") % {
            "series": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return obj.events.published().order_by("-created", "-pk")[:FEED_LENGTH]
