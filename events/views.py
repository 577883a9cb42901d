from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events import ics, services
from events.filters import EventFilter
from events.models import Event, EventSeries, Session, Speaker, Star
from events.selectors import event_for_page, listing_groups, programme_by_day
from events.structured_data import event_json_ld, json_ld_script_body, link_preview

PAGE_SIZE = 20
TABLE_PAGE_SIZE = 50  # the compact partner table holds more rows per page
CALENDAR_TYPE = "text/calendar; charset=utf-8"


@require_safe
def event_list(request):
    now = timezone.now()
    filterset = EventFilter(request.GET, queryset=Event.objects.published())
    events = filterset.qs.in_listing_order(now).with_organisers()
    page_size = TABLE_PAGE_SIZE if filterset.shows_partner_table else PAGE_SIZE
    page = Paginator(events, page_size).get_page(request.GET.get("page"))
    calendar_path = reverse("events:calendar")
    return render(
        request,
        "events/list.html",
        {
            "filterset": filterset,
            "page": page,
            "groups": listing_groups(page.object_list, now=now),
            "chips": filterset.chips(),
            "problems": filterset.problems,
            "query": filterset.applied_params().urlencode(),
            "partner_table": filterset.shows_partner_table,
            "calendar_path": calendar_path,
            "webcal_url": f"webcal://{request.get_host()}{calendar_path}",
            # Sent with page feedback, so the secretariat sees which search disappointed.
            "feedback_result_count": page.paginator.count,
        },
    )


@require_safe
def event_detail(request, slug):
    # Kept by the worker while the content is unchanged (read-only here); drafts for staff only.
    event = event_for_page(slug)
    if event is None or not event.is_visible_to(request.user):
        raise Http404
    now = timezone.now()
    absolute = request.build_absolute_uri
    stars = list(
        Star.objects.of(request.user)
        .filter(Q(event=event) | Q(session__event=event))
        .values_list("event_id", "session_id")
    )
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "star_sessions": request.user.is_authenticated and event.is_public,
            "event_starred": any(event_id for event_id, session_id in stars),
            "starred_sessions": {session_id for event_id, session_id in stars if session_id},
            "registration_state": event.registration_state(now),
            # Called by the template only when its cached programme is missing.
            "programme": partial(programme_by_day, event),
            "json_ld": json_ld_script_body(event_json_ld(event, absolute=absolute, now=now)),
            "link_preview": link_preview(event, absolute=absolute),
            "has_calendar": event.is_public and event.start is not None,
        },
    )


@require_safe
def event_calendar(request, slug):
    event = get_object_or_404(Event.objects.published().dated().with_details(), slug=slug)
    body = ics.event_calendar(event, url=request.build_absolute_uri(event.get_absolute_url()))
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_safe
def calendar(request):
    events = (
        Event.objects.published()
        .dated()
        .with_organisers()
        .prefetch_related("stream_links")
        .order_by("start", "pk")
    )
    body = ics.events_calendar(
        events, url_for=lambda event: request.build_absolute_uri(event.get_absolute_url())
    )
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


@require_safe
def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker.objects.select_related("organisation"), slug=slug)
    roles = list(
        speaker.session_roles.filter(
            session__event__in=Event.objects.visible_to(request.user).values("pk")
        )
        .select_related("session", "session__event")
        .order_by("session__start", "pk")
    )
    if not roles and not request.user.is_staff:
        # A speaker who appears only in drafts is not announced yet.
        raise Http404
    return render(request, "events/speaker.html", {"speaker": speaker, "roles": roles})


@login_required
@require_POST
def star_event(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return _starred(
        request, event, services.set_star(user=request.user, event=event, **_wish(request))
    )


@login_required
@require_POST
def star_session(request, slug, pk):
    session = get_object_or_404(
        Session.objects.filter(event__in=Event.objects.published()), event__slug=slug, pk=pk
    )
    starred = services.set_star(user=request.user, session=session, **_wish(request))
    return _starred(request, session, starred)


def _wish(request) -> dict:
    """The form says which state the reader wants ("1" star, "0" unstar), so sending it twice
    (a double click, a reload) changes nothing more."""
    return {"starred": request.POST.get("starred") != "0"}


def _starred(request, target, starred: bool):
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"starred": starred})
    if starred:
        messages.success(request, _("Added to My programme."))
    else:
        messages.success(request, _("Removed from My programme."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = target.get_absolute_url()
    return redirect(back)


@require_safe
def series_detail(request, slug):
    series = get_object_or_404(EventSeries, slug=slug)
    now = timezone.now()
    events = series.events.published().in_listing_order(now).with_organisers()
    calendar_path = reverse("events:series_calendar", kwargs={"slug": series.slug})
    return render(
        request,
        "events/series.html",
        {
            "series": series,
            "groups": listing_groups(events, now=now),
            "calendar_path": calendar_path,
            "webcal_url": f"webcal://{request.get_host()}{calendar_path}",
        },
    )


@require_safe
def series_calendar(request, slug):
    series = get_object_or_404(EventSeries, slug=slug)
    events = (
        series.events.published()
        .dated()
        .with_organisers()
        .prefetch_related("stream_links")
        .order_by("start", "pk")
    )
    body = ics.events_calendar(
        events,
        url_for=lambda event: request.build_absolute_uri(event.get_absolute_url()),
        name=series.name,
    )
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{series.slug}.ics"'
    return response
