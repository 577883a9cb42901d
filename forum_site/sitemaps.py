from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PagesSitemap(Sitemap):
    """The site-wide pages, in every language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return ["home", "about", "privacy", "contact"]

    def location(self, item):
        return reverse(item)
