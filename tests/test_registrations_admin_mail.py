import csv
import io

import pytest
from django.urls import reverse

from outbox.models import OutgoingMessage
from registrations import services
from registrations.models import Registration
from tests.factories import UserFactory
from tests.queue import drain_queue, drain_until
from tests.test_registrations_services import (
    attendee,
    event_locked_elsewhere,
    portal_event,
    register,
)


@pytest.mark.django_db(transaction=True)
def test_registration_during_smtp_outage_is_kept_and_mailed_when_server_returns(queued_mail):
    event = portal_event()
    user = UserFactory(email="attendee@busan.example")

    registration, _ = services.register_attendee(
        event=event, user=user, attendee=attendee(), consent=True
    )
    # The request only queued which message to make: the worker renders it.
    stored = OutgoingMessage.objects.get()
    assert (stored.renderer, stored.renderer_kwargs) == (
        "registrations.emails.render_message",
        {"registration_id": registration.pk, "template": "confirmation"},
    )
    assert bytes(stored.raw) == b""
    drain_queue()  # the SMTP server is down

    assert Registration.objects.get().pk == registration.pk
    stored.refresh_from_db()
    assert stored.status == "retrying"
    # Rendered on the first attempt and kept, so the retry sends the very same message.
    assert stored.subject == f"You are registered: {event.title}"
    first_render = bytes(stored.raw)
    assert stored.message_id.encode() in first_render
    assert queued_mail.messages == []

    queued_mail.start()
    assert drain_until(lambda: len(queued_mail.messages) == 1)

    stored.refresh_from_db()
    assert bytes(stored.raw) == first_render
    received = queued_mail.messages[0]
    assert received["Message-ID"] == stored.message_id
    assert received["To"] == "attendee@busan.example"
    assert received["Subject"] == f"You are registered: {event.title}"
    assert [part.get_filename() for part in received.iter_attachments()] == [f"{event.slug}.ics"]


@pytest.mark.django_db(transaction=True)
def test_message_for_a_deleted_registration_is_not_sent(queued_mail):
    queued_mail.start()
    event = portal_event()
    user = UserFactory(email="leaving@busan.example")
    services.register_attendee(event=event, user=user, attendee=attendee(), consent=True)

    user.delete()  # before a worker got to the confirmation
    drain_queue()

    stored = OutgoingMessage.objects.get()
    assert stored.status == "failed"
    assert "no longer exists" in stored.last_error
    assert queued_mail.messages == []


@pytest.mark.django_db(transaction=True)
def test_failed_registration_queues_no_message(queued_mail):
    event = portal_event(seats=1, waiting_list=False)
    register(event)

    with pytest.raises(services.RegistrationError):
        register(event)

    assert OutgoingMessage.objects.count() == 1


@pytest.mark.django_db
def test_admin_promote_cancel_and_resend_actions(staff_client, mailoutbox):
    event = portal_event(seats=1)
    holder, _ = register(event)
    waiting, _ = register(event)
    changelist = reverse("admin:registrations_registration_changelist")
    mailoutbox.clear()

    staff_client.post(changelist, {"action": "promote", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # the secretariat may go beyond the seats

    staff_client.post(changelist, {"action": "cancel", "_selected_action": [holder.pk]})
    holder.refresh_from_db()
    assert holder.status == "cancelled"

    staff_client.post(
        changelist, {"action": "resend_confirmation", "_selected_action": [waiting.pk]}
    )
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        "A seat is yours",
        "Registration cancelled",
        "You are registered",
    ]


@pytest.mark.django_db
def test_admin_summary_counts_by_status_channel_and_category(staff_client):
    event = portal_event(seats=2)
    register(event, channel="en", category="academic")
    register(event, channel="ko", category="academic")
    register(event, channel="ko", category="ngo")  # waits: both seats are taken
    register(portal_event(), category="ngo")  # another event: not counted

    response = staff_client.get(
        reverse("admin:registrations_registration_summary", args=[event.pk])
    )

    summary = response.context["summary"]
    assert summary["totals"] == {"confirmed": 2, "waiting": 1, "cancelled": 0}
    assert {
        row["channel"]: (row["confirmed"], row["waiting"]) for row in summary["by_channel"]
    } == {
        "en": (1, 0),
        "ko": (1, 1),
    }
    assert {row["category"]: row["confirmed"] for row in summary["by_category"]} == {
        "academic": 2,
        "ngo": 0,
    }


@pytest.mark.django_db
def test_admin_csv_export_streams_every_registrant_safely(staff_client):
    event = portal_event()
    register(event, name='=HYPERLINK("http://evil")', organisation="Seoul")
    register(event, name="Example Planner")

    response = staff_client.get(reverse("admin:registrations_registration_export", args=[event.pk]))

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["event", "status", "name", "email"]
    assert [row[2] for row in rows[1:]] == ['\'=HYPERLINK("http://evil")', "Example Planner"]
    assert (
        response["Content-Disposition"] == f'attachment; filename="registrations-{event.slug}.csv"'
    )


@pytest.mark.django_db(transaction=True)
def test_admin_action_on_a_locked_event_says_busy(staff_client):
    event = portal_event()
    registration = register(event)[0]

    with event_locked_elsewhere(event):
        response = staff_client.post(
            reverse("admin:registrations_registration_changelist"),
            {"action": "cancel", "_selected_action": [registration.pk]},
            follow=True,
        )

    assert "Many people are registering right now" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
