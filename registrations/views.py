import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from events import ics, timefmt
from events.models import Event, organiser_rows, sessions_with_speaker_rows
from events.selectors import event_by_slug, event_with_streams
from registrations import services
from registrations.channels import channel_name
from registrations.forms import RegistrationForm
from registrations.models import Registration
from registrations.tokens import registration_id_from


@login_required
def register(request, slug):
    # Kept by the worker while the content is unchanged (read-only here); the seats are
    # counted below and, for a submission, again under the event's lock.
    event = event_by_slug(slug)
    if event is None or not event.is_public or event.registration_mode != Event.Registration.PORTAL:
        raise Http404
    if request.method != "POST":
        # (A submission is checked for an existing registration under the event's lock.)
        existing = event.registrations.active().filter(user=request.user).first()
        if existing is not None:
            messages.info(request, _("You are already registered for this event."))
            return redirect(existing)
    problem = services.registration_problem(event)
    form = RegistrationForm(
        request.POST or None,
        event=event,
        user=request.user,
        initial=RegistrationForm.initial_for(request.user, event),
    )
    if request.method == "POST" and problem is None and form.is_valid():
        data = form.cleaned_data
        attendee = services.Attendee(
            name=data["name"],
            organisation=data["organisation"],
            position=data["position"],
            city=data["city"],
            country=data["country"],
            category=data["category"],
            channel=data["channel"],
            accessibility_needs=data["accessibility_needs"],
            question=data["question"],
            time_zone=data["time_zone"],
            language=request.LANGUAGE_CODE,
        )
        try:
            registration, created = services.register_attendee(
                event=event,
                user=request.user,
                attendee=attendee,
                consent=data["consent"],
                save_to_profile=data.get("save_to_profile", False),
            )
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            if not created:
                messages.info(request, _("You are already registered for this event."))
            elif registration.status == Registration.Status.WAITING:
                messages.warning(request, _("Every seat is taken: you are on the waiting list."))
            else:
                messages.success(request, _("You are registered. A confirmation is on its way."))
            return redirect(registration)
    seats_left = None
    if event.seats is not None:
        seats_left = max(event.seats - services.confirmed_count(event), 0)
    return render(
        request,
        "registrations/register.html",
        {"event": event, "form": form, "problem": problem, "seats_left": seats_left},
        status=409 if problem and request.method == "POST" else 200,
    )


@login_required
def my_registrations(request):
    now = timezone.now()
    registrations = list(request.user.registrations.with_event().order_by("-event__start", "pk"))
    upcoming = [r for r in registrations if not r.event.has_ended(now)]
    upcoming.reverse()  # soonest first
    past = [r for r in registrations if r.event.has_ended(now)]
    return render(
        request, "registrations/list.html", {"upcoming": upcoming, "past": past, "now": now}
    )


@login_required
def detail(request, pk):
    registration = get_object_or_404(request.user.registrations, pk=pk)
    # The event as the worker keeps it (read-only here); the registration is read afresh.
    registration.event = event_with_streams(registration.event_id)
    return render(request, "registrations/detail.html", _detail_context(registration))


def _detail_context(registration):
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "local_time": timefmt.describe(event.schedule, event.start, event.end, registration.tz),
        "same_zone": event.tz.key == registration.tz.key,
        "stream_links": registration.stream_links(),
        "channel_name": channel_name(event, registration.channel),
        "has_calendar": event.start is not None,
    }


@login_required
@require_safe
def calendar(request, pk):
    """The registrant's own calendar file: the event with their channel's joining links."""
    registration = get_object_or_404(
        request.user.registrations.active().with_event().filter(event__start__isnull=False),
        pk=pk,
    )
    event = registration.event
    prefetch_related_objects([event], organiser_rows(), sessions_with_speaker_rows())
    body = ics.event_calendar(
        event,
        url=request.build_absolute_uri(event.get_absolute_url()),
        links=registration.stream_links(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def cancel(request, pk):
    registration = get_object_or_404(request.user.registrations.with_event().active(), pk=pk)
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration)
        except services.RegistrationBusy as busy:
            messages.error(request, busy.message)
            return redirect(request.path)
        messages.success(request, _("Your registration has been cancelled."))
        return redirect("registrations:list")
    return render(request, "registrations/cancel.html", {"registration": registration})


def cancel_link(request, token):
    """The cancel link from e-mails: works without signing in, for that registration only."""
    ids = registration_id_from(token)
    registration = None
    if ids is not None:
        registration = Registration.objects.with_event().filter(pk=ids[0], user_id=ids[1]).first()
    if registration is None:
        return render(request, "registrations/link_invalid.html", status=400)
    if registration.status == Registration.Status.CANCELLED:
        return render(request, "registrations/cancelled.html", {"registration": registration})
    if request.method == "POST":
        try:
            services.cancel_registration(registration=registration)
        except services.RegistrationBusy as busy:
            messages.error(request, busy.message)
            return redirect(request.path)
        registration.refresh_from_db()
        return render(request, "registrations/cancelled.html", {"registration": registration})
    return render(
        request, "registrations/cancel.html", {"registration": registration, "by_link": True}
    )


@login_required
@require_safe
def my_data(request):
    data = services.export_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="forum-portal-my-data.json"'
    return response
