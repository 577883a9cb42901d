"""The registration e-mails: text and HTML, in the registrant's language and time zone.

Sent through Django's mail API, whose backend (the outbox) queues them in the caller's
transaction; a worker delivers them.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events import ics, timefmt
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
    }


# The messages that carry the event as a calendar file.
CALENDAR_MESSAGES = {"confirmation", "promotion"}


def _send(registration, template: str) -> None:
    prepare(registration, template).send()


def prepare(registration, template: str) -> EmailMultiAlternatives:
    """Render one message without sending it (so it can be rendered before a lock is taken)."""
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
                ics.event_calendar(registration.event, url=context["event_url"]),
                "text/calendar",
            )
    return message


def send_confirmation(registration) -> None:
    _send(registration, "confirmation")


def send_waiting_notice(registration) -> None:
    _send(registration, "waiting")


def send_promotion(registration) -> None:
    _send(registration, "promotion")


def send_cancellation(registration) -> None:
    _send(registration, "cancellation")


def send_day_reminder(registration) -> None:
    _send(registration, "reminder_day")


def send_hour_reminder(registration) -> None:
    _send(registration, "reminder_hour")
