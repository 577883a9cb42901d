from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from bench.conf import FLOOR_VIEW as BENCH_FLOOR_VIEW
from events.sitemaps import EventSitemap, SeriesSitemap, SpeakerSitemap
from forum_site import views
from forum_site.sitemaps import PagesSitemap
from resources.sitemaps import ResourceSitemap

SITEMAPS = {
    "pages": PagesSitemap,
    "events": EventSitemap,
    "series": SeriesSitemap,
    "speakers": SpeakerSitemap,
    "resources": ResourceSitemap,
}

# Django's 400 page reads the request body again, which fails for a body it refused.
handler400 = views.bad_request

admin.site.index_title = _("Curate events, resources and registrations")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_view,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Outside the language prefix: the page's path, given in ?url=, carries the language.
    path("share/qr.svg", views.share_qr, name="share_qr"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", TemplateView.as_view(template_name="pages/about.html"), name="about"),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("contact/", TemplateView.as_view(template_name="pages/contact.html"), name="contact"),
    path("feedback/", include("feedback.urls")),
    path("", include("registrations.urls")),
    path("events/", include("events.urls")),
    path("resources/", include("resources.urls")),
    path("me/", include("personal.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)

if BENCH_FLOOR_VIEW:
    # The benchmark's trivial view (`make bench`), off unless BENCH_FLOOR_VIEW is set.
    urlpatterns += [path("bench/", include("bench.urls"))]

if settings.SERVE_MEDIA:
    # Uploaded images, for a single server; behind a proxy let it serve MEDIA_ROOT instead.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.media, name="media"),
    ]
