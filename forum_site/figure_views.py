"""The admin's figures pages (/admin/figures/): each chart as an SVG image beside a table of
its numbers, with a CSV download. Registered by ``ForumAdminSite.get_urls``."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events.models import Event
from forum_site import charts, figures


def _site_figure(request, key):
    build = figures.site_figure(key)
    if build is None:
        raise Http404
    if not request.user.has_perm(figures.PERMISSIONS[key]):
        raise PermissionDenied
    return build()


def _event(request, event_id):
    if not request.user.has_perm(figures.EVENT_PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Event, pk=event_id)


def _event_figure(request, event_id, key):
    event = _event(request, event_id)
    for figure in figures.event_figures(event):
        if figure.key == key:
            return figure, event
    raise Http404


def _svg_response(figure):
    response = HttpResponse(charts.svg(figure), content_type="image/svg+xml")
    # The chart's own policy: its embedded style and nothing else (no script, no fetch).
    response["Content-Security-Policy"] = charts.SVG_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


def _csv_response(figure, name):
    response = HttpResponse(charts.csv_text(figure), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def index(request):
    can_see_events = request.user.has_perm(figures.EVENT_PERMISSION)
    context = {
        **admin.site.each_context(request),
        "title": _("Figures"),
        "figures": figures.site_figures(request.user),
        "events": (
            Event.objects.filter(registration_mode=Event.Registration.PORTAL).order_by(
                "-start", "pk"
            )[:100]
            if can_see_events
            else []
        ),
    }
    return TemplateResponse(request, "admin/figures/index.html", context)


def site_svg(request, key):
    return _svg_response(_site_figure(request, key))


def site_csv(request, key):
    return _csv_response(_site_figure(request, key), key)


def event_index(request, event_id):
    event = _event(request, event_id)
    context = {
        **admin.site.each_context(request),
        "title": _("Registrations for %(event)s") % {"event": event.title},
        "event": event,
        "figures": figures.event_figures(event),
    }
    return TemplateResponse(request, "admin/figures/event.html", context)


def event_svg(request, event_id, key):
    figure, _event_row = _event_figure(request, event_id, key)
    return _svg_response(figure)


def event_csv(request, event_id, key):
    figure, event = _event_figure(request, event_id, key)
    return _csv_response(figure, f"{event.slug}-{key}")
