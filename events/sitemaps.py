"""Events, series and speakers for search engines: published only, in every language."""

from django.contrib.sitemaps import Sitemap

from events.models import Event, EventSeries, Speaker


class EventSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, event):
        return event.updated


class SpeakerSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return Speaker.objects.announced().only("slug").order_by("pk")


class SeriesSitemap(Sitemap):
    """The pages of the event series that have a published event."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        published = Event.objects.published().values("series")
        return EventSeries.objects.filter(pk__in=published).only("slug").order_by("pk")
