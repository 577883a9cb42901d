from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from personal import calendar, digests, selectors, services
from personal.forms import ChangeSearchForm, SaveSearchForm
from personal.models import CalendarFeed

CALENDAR_TYPE = "text/calendar; charset=utf-8"


@login_required
@require_safe
def programme(request):
    events = selectors.starred_events(request.user)
    sessions = selectors.starred_sessions(request.user)
    tz = selectors.reader_zone(request.user, [*events, *(session.event for session in sessions)])
    days = selectors.programme_days(events, sessions, tz)
    feed = services.current_feed(user=request.user)
    feed_path = reverse("personal:feed", kwargs={"token": feed.token})
    return render(
        request,
        "personal/programme.html",
        {
            "days": days,
            "zone": tz.key,
            "feed_url": request.build_absolute_uri(feed_path),
            "webcal_url": f"webcal://{request.get_host()}{feed_path}",
        },
    )


@login_required
@require_safe
def programme_calendar(request):
    body = calendar.programme_calendar(request.user, name=_("My programme"))
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = 'attachment; filename="my-programme.ics"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def renew_feed(request):
    services.renew_feed(user=request.user)
    messages.success(
        request, _("Your calendar has a new address. The old one no longer works: subscribe again.")
    )
    return redirect("personal:programme")


@require_safe
def feed(request, token):
    """The person's calendar feed: reached by its secret address alone (calendar programs
    do not sign in); a revoked address answers 410 Gone."""
    found = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if found.revoked_at is not None or not found.user.is_active:
        return HttpResponse(_("This calendar address has been replaced."), status=410)
    body = calendar.personal_calendar(found.user, name=_("My Forum Portal calendar"))
    found = services.note_feed_body(feed=found, body=body)
    etag = f'"{found.body_hash}"'
    last_modified = int(found.changed_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type=CALENDAR_TYPE)
        response["Content-Disposition"] = 'inline; filename="my-calendar.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_safe
def proposals(request):
    resources = request.user.submitted_resources.order_by("-created_at", "-pk")
    return render(request, "personal/proposals.html", {"proposals": list(resources)})


@login_required
@require_safe
def searches(request):
    saved = list(request.user.saved_searches.all())
    return render(
        request,
        "personal/searches.html",
        {
            "searches": [
                (search, ChangeSearchForm(instance=search, prefix=f"s{search.pk}"))
                for search in saved
            ]
        },
    )


@login_required
@require_POST
def save_search(request):
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        if "query" in form.errors:
            messages.error(request, _("This search is too long to save."))
        else:
            messages.error(request, _("The search could not be saved: give it a name."))
        return redirect(_back(request, reverse("personal:searches")))
    data = form.cleaned_data
    services.save_search(
        user=request.user,
        kind=data["kind"],
        query=data["query"],
        name=data["name"],
        frequency=data["frequency"],
    )
    messages.success(request, _("Search saved. Manage it under My saved searches."))
    return redirect(_back(request, reverse("personal:searches")))


@login_required
@require_POST
def change_search(request, pk):
    search = get_object_or_404(request.user.saved_searches, pk=pk)
    form = ChangeSearchForm(request.POST, instance=search, prefix=f"s{search.pk}")
    if form.is_valid():
        services.change_search(
            search=search, name=form.cleaned_data["name"], frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, _("Saved search changed."))
    else:
        messages.error(request, _("Give the search a name."))
    return redirect("personal:searches")


@login_required
@require_POST
def delete_search(request, pk):
    search = get_object_or_404(request.user.saved_searches, pk=pk)
    search.delete()
    messages.success(request, _("Saved search deleted."))
    return redirect("personal:searches")


@csrf_exempt  # RFC 8058: mail programs post here without a session; the signed link decides
def unsubscribe(request, token):
    search = digests.search_from_token(token)
    if search is None:
        return render(request, "personal/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        digests.unsubscribe(search)
        return render(request, "personal/unsubscribe.html", {"search": search, "done": True})
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(request, "personal/unsubscribe.html", {"search": search})


def _back(request, default: str) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default
