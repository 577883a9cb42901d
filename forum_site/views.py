from pathlib import Path

from csp.constants import NONE
from csp.decorators import csp
from django.conf import settings
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from events.selectors import home_events
from forum_site import sharing
from resources.selectors import newest_resources

# What /media/ sends as images: the formats uploads are re-encoded to (never SVG).
MEDIA_IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
# A page's address does not change, so neither does its QR code.
QR_MAX_AGE = 60 * 60 * 24 * 7


def home(request):
    featured_event, upcoming_events = home_events()
    return render(
        request,
        "home.html",
        {
            "featured_event": featured_event,
            "upcoming_events": upcoming_events,
            "newest_resources": newest_resources(limit=4),
        },
    )


def bad_request(request, exception):
    """The 400 page, rendered like Django's own but without its ``requires_csrf_token``.

    That decorator runs the CSRF check again, which reads the body again: a form body Django
    refused (declared ``charset=latin-1`` or ``utf-16``) raised a second time and turned the
    400 into a 500. The page's forms still get a token (the context processor asks for one).
    """
    return HttpResponseBadRequest(render_to_string("400.html", request=request))


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers: 200 ``ok`` or 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@csp({"default-src": [NONE], "sandbox": True})
def media(request, path):
    """Uploaded files (images only, re-encoded on upload) for single-server set-ups.

    A browser may only ever show them as images: no script runs in them (the sandbox policy),
    nothing is sniffed (nosniff, site-wide), and a file of any other type that finds its way
    into MEDIA_ROOT (an SVG, an HTML page) is sent as a download, never rendered.
    """
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # a name longer than the file system takes: no such file
        raise Http404 from None
    if response.status_code == 200 and response["Content-Type"] not in MEDIA_IMAGE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=Path(path).name
        )
    return response


@require_GET
def robots_txt(request):
    """Crawlers may read the public pages; accounts, admin, feedback forms and QR codes are not
    for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /ko/accounts/",
        "Disallow: /feedback/",
        "Disallow: /ko/feedback/",
        "Disallow: /registrations/",
        "Disallow: /ko/registrations/",
        "Disallow: /share/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def share_qr(request):
    """The QR code of one of this site's pages (``?url=/events/x/``), as SVG."""
    path = sharing.local_path(request.GET.get("url", ""))
    if path is None:
        return HttpResponseBadRequest(
            _("Give the path of a page on this site, such as /events/."),
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(
        sharing.qr_svg(request.build_absolute_uri(path)), content_type="image/svg+xml"
    )
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response
