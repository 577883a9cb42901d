"""The library's resources for search engines: published only, in every language."""

from django.contrib.sitemaps import Sitemap

from resources.models import Resource


class ResourceSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        # Benchmark data is published to be searched, never to be indexed.
        return (
            Resource.objects.published()
            .filter(is_synthetic=False)
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, resource):
        return resource.updated_at
