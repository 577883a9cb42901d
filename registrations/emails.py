"""The registration e-mails: text and HTML, in the registrant's language and time zone.

Sent through Django's mail API, whose backend (the outbox) queues them in the caller's
transaction. They are DeferredEmails: the request queues only which message for which
registration, and the worker renders it (from the registration as it is then) and delivers it.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events import ics, timefmt
from events.selectors import event_for_messages
from outbox.deferred import DeferredEmail, NothingToSend
from registrations.channels import channel_name
from registrations.tokens import cancel_token


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _context(registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "site_url": settings.SITE_URL,
        "event_url": absolute(event.get_absolute_url()),
        "registration_url": absolute(registration.get_absolute_url()),
        "cancel_url": absolute(
            reverse("registrations:cancel_link", kwargs={"token": cancel_token(registration)})
        ),
        "calendar_url": absolute(reverse("events:event_calendar", kwargs={"slug": event.slug})),
        "event_time": event.when.summary,
        "local_time": timefmt.describe(
            event.schedule, event.start, event.end, registration.tz
        ).summary,
        "same_zone": event.tz.key == registration.tz.key,
        "stream_links": registration.stream_links(),
        "channel_name": channel_name(event, registration.channel),
    }


# The messages that carry the event as a calendar file.
CALENDAR_MESSAGES = {"confirmation", "promotion"}


def send_message(registration, template: str) -> None:
    """Queue one of the messages below (by its template name) for a registration."""
    DeferredEmail(
        renderer="registrations.emails.render_message",
        kwargs={"registration_id": registration.pk, "template": template},
        to=[registration.user.email],
    ).send()


def render_message(*, registration_id: int, template: str) -> EmailMultiAlternatives:
    """The worker's side of send_message: one message for a registration as it is now."""
    from registrations.models import Registration

    try:  # get(), not first(): no ORDER BY to build for one row by its key
        registration = Registration.objects.select_related("user").get(pk=registration_id)
    except Registration.DoesNotExist:
        raise NothingToSend(f"Registration {registration_id} no longer exists.") from None
    # The event as this worker keeps it while the content is unchanged (read-only here): a
    # worker renders many messages of one event. Kept per language, as the message is made.
    with translation.override(registration.language):
        registration.event = event_for_messages(registration.event_id)
    return prepare(registration, template)


def prepare(registration, template: str) -> EmailMultiAlternatives:
    """Render one message for a registration."""
    with translation.override(registration.language):
        context = _context(registration)
        subject = render_to_string(f"registrations/email/{template}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"registrations/email/{template}.txt", context),
            to=[registration.user.email],
        )
        message.attach_alternative(
            render_to_string(f"registrations/email/{template}.html", context), "text/html"
        )
        if template in CALENDAR_MESSAGES and registration.event.start:
            message.attach(
                f"{registration.event.slug}.ics",
                _calendar_file(registration.event, context["event_url"], context["stream_links"]),
                "text/calendar",
            )
    return message


def _calendar_file(event, url: str, links) -> bytes:
    """The event's calendar file with a registrant's joining links, kept on the event object
    by language, address and links: the event a worker keeps (``event_for_messages``) serves
    many messages, which share the file (0.8 ms to build, more with a programme) while the
    event's content is unchanged; a change brings a new event object."""
    key = (translation.get_language(), url, tuple((link.label, link.url) for link in links))
    files = event.__dict__.setdefault("_calendar_files", {})
    if key not in files:
        files[key] = ics.event_calendar(event, url=url, links=links)
    return files[key]


def send_confirmation(registration) -> None:
    send_message(registration, "confirmation")


def send_waiting_notice(registration) -> None:
    send_message(registration, "waiting")


def send_promotion(registration) -> None:
    send_message(registration, "promotion")


def send_cancellation(registration) -> None:
    send_message(registration, "cancellation")


def send_day_reminder(registration) -> None:
    send_message(registration, "reminder_day")


def send_hour_reminder(registration) -> None:
    send_message(registration, "reminder_hour")
