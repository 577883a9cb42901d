"""Events and speakers for search engines: published only, in every language."""

from django.contrib.sitemaps import Sitemap

from events.models import Event, Speaker


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
