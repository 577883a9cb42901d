import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from events.models import Event
from outbox.models import OutgoingMessage
from registrations import services
from registrations.models import Registration
from tests.factories import EventFactory, StreamLinkFactory, UserFactory

pytestmark = pytest.mark.django_db


def attendee(**overrides):
    values = {
        "name": "Resilience officer",
        "channel": "en",
        "category": "executive",
        "time_zone": "Europe/London",
        "organisation": "Incheon City",
    }
    values.update(overrides)
    return services.Attendee(**values)


def portal_event(**overrides):
    values = {
        "registration_mode": Event.Registration.PORTAL,
        "languages": ["en"],
        "interpretation_languages": ["ko"],
        "registration_opens": timezone.now() - timedelta(days=1),
    }
    values.update(overrides)
    return EventFactory(**values)


def register(event, user=None, **overrides):
    return services.register_attendee(
        event=event, user=user or UserFactory(), attendee=attendee(**overrides), consent=True
    )


def test_register_confirms_while_seats_remain_and_queues_confirmation(mailoutbox):
    event = portal_event(seats=2)
    user = UserFactory(email="officer@incheon.example")

    registration, created = register(event, user, channel="ko")

    assert created is True
    assert (registration.status, registration.channel) == ("confirmed", "ko")
    assert registration.privacy_consent_at is not None
    assert [message.to for message in mailoutbox] == [["officer@incheon.example"]]
    assert mailoutbox[0].subject == f"You are registered: {event.title}"


def test_register_when_full_joins_waiting_list(mailoutbox):
    event = portal_event(seats=1)
    register(event)

    registration, _ = register(event)

    assert registration.status == "waiting"
    assert mailoutbox[-1].subject == f"You are on the waiting list: {event.title}"


def test_register_when_full_without_waiting_list_is_refused_and_writes_nothing(mailoutbox):
    event = portal_event(seats=1, waiting_list=False)
    register(event)

    with pytest.raises(services.RegistrationError, match="full and keeps no waiting list"):
        register(event)

    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "has been cancelled"),
        (
            {
                "registration_mode": Event.Registration.EXTERNAL,
                "registration_url": "https://x.example",
            },
            "does not take registrations",
        ),
        (
            {
                "registration_opens": timezone.now() + timedelta(days=1),
                "registration_closes": timezone.now() + timedelta(days=2),
            },
            "not open yet",
        ),
        (
            {
                "registration_opens": timezone.now() - timedelta(days=3),
                "registration_closes": timezone.now() - timedelta(days=1),
            },
            "has closed",
        ),
        (
            {
                "start": timezone.now() - timedelta(days=2),
                "end": timezone.now() - timedelta(days=1),
            },
            "has ended",
        ),
    ],
)
def test_register_for_closed_events_is_refused_and_writes_nothing(changes, message, mailoutbox):
    event = portal_event()
    Event.objects.filter(pk=event.pk).update(**changes)
    event.refresh_from_db()

    with pytest.raises(services.RegistrationError, match=message):
        register(event)

    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_register_twice_returns_the_same_registration_and_sends_once(mailoutbox):
    event = portal_event()
    user = UserFactory()

    first, created_first = register(event, user)
    second, created_second = register(event, user)

    assert first.pk == second.pk
    assert (created_first, created_second) == (True, False)
    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 1


def test_register_requires_consent_and_a_channel_of_the_event():
    event = portal_event()

    with pytest.raises(services.RegistrationError, match="privacy notice"):
        services.register_attendee(
            event=event, user=UserFactory(), attendee=attendee(), consent=False
        )
    with pytest.raises(services.RegistrationError, match="interpretation channels"):
        register(event, channel="fr")

    assert Registration.objects.count() == 0


def test_one_active_registration_per_person_is_a_database_rule():
    from django.db import IntegrityError, transaction

    event = portal_event()
    registration, _ = register(event)

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event,
            user=registration.user,
            status="waiting",
            channel="en",
            name="Again",
            category="other",
            privacy_consent_at=timezone.now(),
        )


def test_cancel_promotes_first_waiting_and_tells_both(mailoutbox):
    event = portal_event(seats=1)
    holder, _ = register(event, UserFactory(email="holder@city.example"))
    first_waiting, _ = register(event, UserFactory(email="first@city.example"))
    second_waiting, _ = register(event, UserFactory(email="second@city.example"))
    mailoutbox.clear()

    promoted = services.cancel_registration(registration=holder)

    assert [r.pk for r in promoted] == [first_waiting.pk]
    holder.refresh_from_db()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (holder.status, first_waiting.status, second_waiting.status) == (
        "cancelled",
        "confirmed",
        "waiting",
    )
    assert first_waiting.promoted_at is not None
    assert [(m.to[0], m.subject.split(":")[0]) for m in mailoutbox] == [
        ("holder@city.example", "Registration cancelled"),
        ("first@city.example", "A seat is yours"),
    ]


def test_cancelling_twice_changes_nothing(mailoutbox):
    event = portal_event()
    registration, _ = register(event)
    services.cancel_registration(registration=registration)
    sent = len(mailoutbox)

    assert services.cancel_registration(registration=registration) == []
    assert len(mailoutbox) == sent


def test_person_can_register_again_after_cancelling():
    event = portal_event()
    user = UserFactory()
    first, _ = register(event, user)
    services.cancel_registration(registration=first)

    second, created = register(event, user)

    assert created is True
    assert second.pk != first.pk
    assert second.status == "confirmed"


def test_confirmation_email_has_both_zones_channel_stream_and_calendar(mailoutbox):
    import icalendar

    event = portal_event(title="Forum on safe cities", time_zone="Asia/Seoul")
    StreamLinkFactory(
        event=event, label="Korean channel", url="https://stream.example/ko", channel="ko"
    )
    StreamLinkFactory(
        event=event, label="English channel", url="https://stream.example/en", channel="en"
    )
    StreamLinkFactory(event=event, label="Seoul On", url="https://stream.example/all", channel="")

    register(event, channel="ko", time_zone="Europe/London")

    message = mailoutbox[0]
    text = message.body
    html = message.alternatives[0][0]
    local = event.start.astimezone(event.tz)
    assert f"{local:%H:%M}" in text and "KST (GMT+9)" in text
    assert "In your time zone (Europe/London)" in text
    assert "Your channel: Korean" in text
    assert "https://stream.example/ko" in text and "https://stream.example/all" in text
    assert "https://stream.example/en" not in text
    assert '<a href="https://stream.example/ko">Korean channel</a>' in html
    assert "/registrations/cancel/" in text
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"{event.slug}.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    vevent = next(iter(calendar.walk("VEVENT")))
    assert vevent.decoded("dtstart") == event.start


def test_email_follows_the_registrants_language(mailoutbox):
    event = portal_event()

    register(event, language="ko")

    assert '<html lang="ko">' in mailoutbox[0].alternatives[0][0]


def test_names_are_not_html_escaped_in_text_and_are_in_html(mailoutbox):
    event = portal_event()

    register(event, name="Team & <Co>")

    assert "Dear Team & <Co>," in mailoutbox[0].body
    assert "Dear Team &amp; &lt;Co&gt;," in mailoutbox[0].alternatives[0][0]


def test_reminders_are_sent_once_when_due(mailoutbox):
    now = timezone.now()
    event = portal_event(start=now + timedelta(hours=23), end=now + timedelta(hours=25))
    registration, _ = register(event)
    Registration.objects.filter(pk=registration.pk).update(created_at=now - timedelta(days=3))
    waiting_event = portal_event(
        start=now + timedelta(days=3), end=now + timedelta(days=3, hours=2)
    )
    register(waiting_event)
    mailoutbox.clear()

    assert services.send_due_reminders(now=now) == 1
    assert services.send_due_reminders(now=now) == 0
    assert services.send_due_reminders(now=now + timedelta(hours=22, minutes=30)) == 1
    assert services.send_due_reminders(now=now + timedelta(hours=22, minutes=35)) == 0

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Tomorrow", "Starting in an hour"]
    registration.refresh_from_db()
    assert registration.reminder_day_sent_at is not None
    assert registration.reminder_hour_sent_at is not None


def test_no_day_reminder_for_people_who_registered_within_the_day(mailoutbox):
    now = timezone.now()
    event = portal_event(start=now + timedelta(hours=20), end=now + timedelta(hours=22))
    register(event)
    mailoutbox.clear()

    assert services.send_due_reminders(now=now) == 0
    assert mailoutbox == []


def test_release_seats_when_account_is_deleted(mailoutbox):
    event = portal_event(seats=1)
    holder, _ = register(event)
    waiting, _ = register(event)

    holder.user.delete()

    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert not Registration.objects.filter(pk=holder.pk).exists()


# --- Concurrency, on the real PostgreSQL with real threads ---------------------------------


@contextmanager
def event_locked_elsewhere(event):
    """Another transaction holds the event's lock meanwhile; this connection waits 200 ms
    for a lock instead of the configured 5 s."""
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                services.lock_event(event.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        yield
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def race(event, users, worker=None):
    """Every user registers at once, each in its own thread and database connection."""
    results, errors = [], []
    start = threading.Barrier(len(users))

    def run(user):
        try:
            start.wait(timeout=30)
            results.append((worker or register)(event, user)[0].status)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_racing_for_the_last_seats_never_oversells(mailoutbox):
    event = portal_event(seats=10)
    users = [UserFactory() for _ in range(30)]

    results, errors = race(event, users)

    assert errors == []
    assert sorted(results).count("confirmed") == 10
    assert sorted(results).count("waiting") == 20
    assert Registration.objects.filter(event=event, status="confirmed").count() == 10
    assert Registration.objects.filter(event=event, status="waiting").count() == 20


class Oversold(AssertionError):
    """More registrations confirmed than the event has seats."""


def assert_not_oversold(event, results, errors, *, users, seats):
    """Every racer got an answer, and exactly ``seats`` of them a seat. Overselling raises
    ``Oversold``; anything else (a crashed or missing racer, too few seats taken) fails plainly,
    so a strict xfail on ``Oversold`` can only pass for the reason it names."""
    assert errors == []
    assert len(results) == users
    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    assert results.count("confirmed") == confirmed
    if confirmed > seats:
        raise Oversold(f"{confirmed} confirmed for {seats} seats")
    assert confirmed == seats


@pytest.mark.django_db(transaction=True)
@pytest.mark.xfail(
    strict=True, raises=Oversold, reason="proves the lock matters: without it seats are oversold"
)
def test_racing_without_the_event_lock_oversells(monkeypatch):
    event = portal_event(seats=10)
    users = [UserFactory() for _ in range(30)]
    claimed = threading.Barrier(len(users))
    claim = services.claim_seat

    def claim_then_wait_for_everyone(registration, event):
        value = claim(registration, event)
        claimed.wait(timeout=30)  # every thread has taken its seat before any commits
        return value

    monkeypatch.setattr(services, "lock_event", lambda pk, **_read: Event.objects.get(pk=pk))
    monkeypatch.setattr(services, "claim_seat", claim_then_wait_for_everyone)

    results, errors = race(event, users)

    assert_not_oversold(event, results, errors, users=30, seats=10)


@pytest.mark.django_db(transaction=True)
def test_double_submission_from_many_tabs_gives_one_registration():
    event = portal_event()
    user = UserFactory()

    results, errors = race(event, [user] * 8)

    assert errors == []
    assert results == ["confirmed"] * 8
    assert Registration.objects.filter(event=event, user=user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_register_while_the_event_stays_locked_says_busy_and_writes_nothing():
    event = portal_event()
    user = UserFactory()
    with event_locked_elsewhere(event), pytest.raises(services.RegistrationBusy, match="again"):
        register(event, user)

    assert not Registration.objects.filter(event=event).exists()
    assert not OutgoingMessage.objects.exists()
