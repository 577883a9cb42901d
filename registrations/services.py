"""Registering, cancelling and promoting: one function per action, each in one transaction.

Seats are never oversold: a seat is counted and taken while the event's row is locked
(``SELECT ... FOR UPDATE`` with a lock timeout), so registrations for one event are serialised
and every other event is unaffected. E-mails are queued in the same transaction (the outbox),
so a registration and its message commit together.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, F, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.errors import LockNotAvailable

from accounts import personal_data
from accounts.services import REMEMBERED_DETAILS, remember_details, remember_time_zone
from events.models import Event
from registrations import emails
from registrations.channels import channel_choices
from registrations.models import Registration


class RegistrationError(Exception):
    """A registration that cannot be made; the message is for the person registering."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class RegistrationBusy(RegistrationError):
    """The event stayed locked longer than the lock timeout; nothing was changed."""


@dataclass
class Attendee:
    """What the registration form collects about the person."""

    name: str
    channel: str
    category: str
    time_zone: str
    language: str = "en"
    organisation: str = ""
    position: str = ""
    city: str = ""
    country: str = ""
    accessibility_needs: str = ""
    question: str = ""


def registration_problem(event: Event, now=None) -> str | None:
    """Why this event takes no registration on the portal right now, or None if it does."""
    if event.registration_mode != Event.Registration.PORTAL or event.status == Event.Status.DRAFT:
        return _("This event does not take registrations on this portal.")
    state = event.registration_state(now or timezone.now())
    return {
        "cancelled": _("This event has been cancelled, so registration is closed."),
        "ended": _("This event has ended, so registration is closed."),
        "not_open": _("Registration for this event is not open yet."),
        "closed": _("Registration for this event has closed."),
    }.get(state)


# What deciding a registration reads of its event under the lock (``registration_problem``,
# ``claim_seat``): the narrow row, read in every registration while others wait for the lock.
SEAT_FIELDS = (
    "id",
    "status",
    "registration_mode",
    "end",
    "registration_opens",
    "registration_closes",
    "seats",
    "waiting_list",
)


def lock_event(event_id: int, *, fields: tuple[str, ...] = ()) -> Event:
    """Lock one event's row until the transaction ends; read only ``fields`` when given.

    Gives up after the connection's lock_timeout (settings.DATABASE_LOCK_TIMEOUT) with
    RegistrationBusy.
    """
    events = Event.objects.select_for_update(of=("self",))
    if fields:
        events = events.only(*fields)
    try:
        return events.get(pk=event_id)
    except OperationalError as error:
        if isinstance(error.__cause__, LockNotAvailable):
            raise RegistrationBusy(
                _("Many people are registering right now. Please try again in a moment.")
            ) from error
        raise


def confirmed_count(event: Event) -> int:
    return event.registrations.confirmed().count()


def claim_seat(registration: Registration, event: Event) -> bool:
    """Confirm a registration if the event has a free seat; return whether it did.

    Call while holding the event's lock (``lock_event``). One UPDATE that counts the other
    confirmed registrations itself: a statement that starts after the lock was granted sees
    every registration committed before it, so two registrations can never take one seat.
    """
    status = Registration.Status
    if event.seats is None:
        confirmed = 1
        if registration.status != status.CONFIRMED:
            Registration.objects.filter(pk=registration.pk).update(status=status.CONFIRMED)
    else:
        taken = (
            Registration.objects.filter(event=event, status=status.CONFIRMED)
            .exclude(pk=registration.pk)
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        confirmed = (
            Registration.objects.filter(pk=registration.pk)
            .filter(GreaterThan(Value(event.seats), Coalesce(Subquery(taken), 0)))
            .update(status=status.CONFIRMED)
        )
        if not confirmed and registration.status != status.WAITING:
            Registration.objects.filter(pk=registration.pk).update(status=status.WAITING)
    registration.status = status.CONFIRMED if confirmed else status.WAITING
    return bool(confirmed)


def register_attendee(
    *,
    event: Event,
    user,
    attendee: Attendee,
    consent: bool,
    save_to_profile: bool = False,
    now=None,
) -> tuple[Registration, bool]:
    """Register a person for an event; return the registration and whether it is new.

    Side effects: one Registration (confirmed while seats remain, otherwise waiting if the
    event keeps a waiting list) and its e-mail, queued in the same transaction (the worker
    renders it); the time zone chosen becomes the person's profile zone, and with
    ``save_to_profile`` (the person's consent) so do their name, organisation, position, city
    and country. A second submission by the same person returns their existing registration
    and sends nothing. Raises RegistrationError, changing nothing, when registration is
    closed or the event full.

    Everyone registering for an event waits for its lock in turn, so as little as possible
    happens while it is held: the form is checked and the registration inserted before (as
    waiting, or confirmed when the event counts no seats; the database's one-active-
    registration rule turns a second tab away there), and under the lock come only the
    seat (one UPDATE that counts) and the queued message.
    """
    now = now or timezone.now()
    if not consent:
        raise RegistrationError(_("Please accept the privacy notice to register."))
    if attendee.channel not in dict(channel_choices(event)):
        raise RegistrationError(_("Choose one of the event's interpretation channels."))
    if problem := registration_problem(event, now):
        raise RegistrationError(problem)
    registration = Registration(
        event=event,
        user=user,
        privacy_consent_at=now,
        status=Registration.Status.CONFIRMED
        if event.seats is None
        else Registration.Status.WAITING,
        **attendee.__dict__,
    )
    try:
        with transaction.atomic():
            registration.save(force_insert=True)
            locked = lock_event(event.pk, fields=SEAT_FIELDS)
            if problem := registration_problem(locked, now):
                raise RegistrationError(problem)
            if not claim_seat(registration, locked) and not locked.waiting_list:
                raise RegistrationError(_("This event is full and keeps no waiting list."))
            emails.send_message(registration, _MESSAGE_FOR[registration.status])
    except IntegrityError as error:
        if not _already_registered(error):
            raise
        # A second tab, a retry: that registration stands (the insert waited for it).
        return event.registrations.active().get(user=user), False
    # After the event's lock is let go: the profile row is no part of the seat's race.
    remember_time_zone(user=user, time_zone=attendee.time_zone)
    if save_to_profile:
        remember_details(
            user=user, **{field: getattr(attendee, field) for field in REMEMBERED_DETAILS}
        )
    return registration, True


ONE_ACTIVE_REGISTRATION = "registrations_one_active_per_person"


def _already_registered(error: IntegrityError) -> bool:
    diagnostics = getattr(error.__cause__, "diag", None)
    return getattr(diagnostics, "constraint_name", None) == ONE_ACTIVE_REGISTRATION


_MESSAGE_FOR = {
    Registration.Status.CONFIRMED: "confirmation",
    Registration.Status.WAITING: "waiting",
}


def fill_free_seats(*, event: Event, now=None) -> list[Registration]:
    """Promote people from the waiting list, first come first served, while seats are free.

    Call inside a transaction that holds the event's lock. Side effects: each promoted
    registration is confirmed and its person told by e-mail.
    """
    now = now or timezone.now()
    if event.has_ended(now):
        return []
    free = None if event.seats is None else event.seats - confirmed_count(event)
    waiting = event.registrations.waiting().order_by("created_at", "id")
    if free is not None:
        waiting = waiting[: max(free, 0)]
    promoted = []
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        emails.send_promotion(registration)
        promoted.append(registration)
    return promoted


def cancel_registration(
    *, registration: Registration, now=None, notify: bool = True
) -> list[Registration]:
    """Cancel a registration; a freed seat goes to the first person waiting.

    Side effects: the registration is cancelled and its person told; when it held a seat, the
    first waiting registration is confirmed and that person told. Returns those promoted.
    Cancelling twice changes nothing the second time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return []
        held_seat = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if notify:
            emails.send_cancellation(registration)
        return fill_free_seats(event=event, now=now) if held_seat else []


def release_seats_of(*, user, now=None) -> int:
    """Cancel a departing person's active registrations for events still to come, so their
    seats go to those waiting (no message to them: their account is going)."""
    now = now or timezone.now()
    active = user.registrations.active().filter(event__end__gt=now).order_by("pk")
    count = 0
    for registration in active:
        cancel_registration(registration=registration, now=now, notify=False)
        count += 1
    return count


def promote_registration(*, registration: Registration, now=None) -> bool:
    """The secretariat confirms a waiting registration, even beyond the number of seats.

    Side effects: the registration is confirmed and its person told. Returns False when the
    registration was not waiting.
    """
    now = now or timezone.now()
    with transaction.atomic():
        lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.WAITING:
            return False
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        emails.send_promotion(registration)
        return True


def resend_confirmation(*, registration: Registration) -> bool:
    """Queue the confirmation (or waiting-list notice) again; nothing for a cancelled one."""
    if registration.status == Registration.Status.CONFIRMED:
        emails.send_confirmation(registration)
        return True
    if registration.status == Registration.Status.WAITING:
        emails.send_waiting_notice(registration)
        return True
    return False


REMINDERS = [
    # (field recording it was sent, how long before the start, which message)
    ("reminder_day_sent_at", timedelta(hours=24), emails.send_day_reminder),
    ("reminder_hour_sent_at", timedelta(hours=1), emails.send_hour_reminder),
]


def send_due_reminders(*, now=None) -> int:
    """Send the 24-hour and 1-hour reminders that are due; each goes out once.

    A reminder is due once the event starts within its lead time, for confirmed people who
    registered before that window opened (otherwise the confirmation was reminder enough). Rows are locked (SKIP LOCKED) and marked in the
    transaction that queues the message, so several workers never send one twice.
    """
    now = now or timezone.now()
    sent = 0
    for field, lead, send in REMINDERS:
        with transaction.atomic():
            due = (
                Registration.objects.confirmed()
                .filter(
                    **{f"{field}__isnull": True},
                    event__status=Event.Status.PUBLISHED,
                    event__start__gt=now,
                    event__start__lte=now + lead,
                    created_at__lte=F("event__start") - lead,
                )
                .select_related("event", "user")
                .select_for_update(skip_locked=True, of=("self",))
            )
            for registration in due:
                send(registration)
                setattr(registration, field, now)
                registration.save(update_fields=[field])
                sent += 1
    return sent


def export_personal_data(*, user) -> dict:
    """Everything the portal keeps about a person, for them to download."""
    registrations = user.registrations.select_related("event").order_by("created_at")
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "organisation": user.organisation,
            "position": user.position,
            "city": user.city,
            "country": user.country,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined.isoformat(),
        },
        "registrations": [
            {
                "event": registration.event.title,
                "event_start": registration.event.start.isoformat()
                if registration.event.start
                else None,
                "status": registration.status,
                "channel": registration.channel,
                "name": registration.name,
                "organisation": registration.organisation,
                "position": registration.position,
                "city": registration.city,
                "country": registration.country,
                "category": registration.category,
                "accessibility_needs": registration.accessibility_needs,
                "question": registration.question,
                "time_zone": registration.time_zone,
                "privacy_consent_at": registration.privacy_consent_at.isoformat(),
                "registered_at": registration.created_at.isoformat(),
                "cancelled_at": registration.cancelled_at.isoformat()
                if registration.cancelled_at
                else None,
            }
            for registration in registrations
        ],
        # What the apps above this one keep (stars, feeds, saved searches, proposals).
        **personal_data.collect(user=user),
    }
