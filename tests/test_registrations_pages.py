import copy
import json
import re
from datetime import timedelta

import pytest
from django.forms import widgets as django_widgets
from django.urls import reverse
from django.utils import timezone, translation

from common import content_version
from events.models import Event
from events.selectors import forget_kept_events
from registrations import services
from registrations.forms import RegistrationForm
from registrations.models import Registration
from registrations.tokens import cancel_token
from tests.factories import EventFactory, StreamLinkFactory, UserFactory

pytestmark = pytest.mark.django_db


def portal_event(**overrides):
    values = {
        "title": "Safe cities webinar",
        "registration_mode": Event.Registration.PORTAL,
        "languages": ["en"],
        "interpretation_languages": ["ko"],
        "time_zone": "Asia/Seoul",
    }
    values.update(overrides)
    return EventFactory(**values)


def form_data(**overrides):
    data = {
        "name": "Example Registrant",
        "organisation": "Seoul Metropolitan Government",
        "position": "Resilience officer",
        "city": "Seoul",
        "country": "Republic of Korea",
        "category": "executive",
        "channel": "ko",
        "accessibility_needs": "Captions, please",
        "question": "How do cities fund resilience?",
        "time_zone": "Europe/Paris",
        "consent": "on",
    }
    data.update(overrides)
    return data


def register(event, user):
    registration, _ = services.register_attendee(
        event=event,
        user=user,
        attendee=services.Attendee(name=user.name, channel="en", category="other", time_zone="UTC"),
        consent=True,
    )
    return registration


def test_register_page_asks_anonymous_visitors_to_sign_in_and_comes_back(client):
    event = portal_event()

    response = client.get(reverse("registrations:register", kwargs={"slug": event.slug}))

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next=/events/{event.slug}/register/"


def test_register_form_is_filled_from_profile_with_event_channels(client):
    user = UserFactory(name="Example Registrant", organisation="SMG", time_zone="Asia/Seoul")
    client.force_login(user)
    event = portal_event(seats=50)

    response = client.get(reverse("registrations:register", kwargs={"slug": event.slug}))

    html = response.content.decode()
    assert 'value="Example Registrant"' in html and 'value="SMG"' in html
    assert '<option value="Asia/Seoul" selected>' in html
    assert "English (floor)" in html and "Korean (interpretation)" in html
    assert "50 seats left" in html
    assert "Mayor or governor" in html and "Non-governmental organisation" in html


HOSTILE = "\"><script>alert(1)</script>&amp;'"


def _as_django_draws_it(bound_field) -> str:
    """The field through the stock Django widget class its widget extends."""
    widget = bound_field.field.widget
    stock = copy.copy(widget)
    stock.__class__ = next(
        cls for cls in type(widget).__mro__ if cls.__module__ == django_widgets.__name__
    )
    return bound_field.as_widget(widget=stock)


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        form_data(),
        form_data(time_zone="Asia/Seoul", consent="", category="nope"),
        form_data(name=HOSTILE, question=HOSTILE, time_zone=HOSTILE, channel=HOSTILE),
        form_data(time_zone='Europe/Paris"', accessibility_needs="  a\n<b>  "),
    ],
)
def test_register_form_widgets_match_djangos_widget_templates(data, language):
    user = UserFactory(name=HOSTILE, organisation="C&C", time_zone="America/Argentina/Buenos_Aires")
    event = portal_event()

    with translation.override(language):
        form = RegistrationForm(
            data, event=event, initial=RegistrationForm.initial_for(user, event)
        )
        form.is_valid()
        drawn = {name: str(form[name]) for name in form.fields}

        for name in form.fields:
            assert drawn[name] == _as_django_draws_it(form[name]), name
    assert "<script>" not in "".join(drawn.values())


def test_register_form_marks_only_the_chosen_time_zone_each_time():
    event = portal_event()

    pages = [
        str(RegistrationForm(event=event, initial={"time_zone": zone})["time_zone"])
        for zone in ("Asia/Seoul", "Europe/Paris", "Asia/Seoul")
    ]
    pages.append(str(RegistrationForm(event=event, data={})["time_zone"]))  # nothing chosen

    assert '<option value="Asia/Seoul" selected>Asia/Seoul</option>' in pages[0]
    assert pages[0].count(" selected>") == 1
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in pages[1]
    assert '<option value="Asia/Seoul">Asia/Seoul</option>' in pages[1]
    assert pages[1].count(" selected>") == 1
    assert pages[2] == pages[0]
    assert " selected>" not in pages[3]


@pytest.mark.parametrize("kept", [False, True], ids=["events read each time", "events kept"])
def test_register_page_and_submission_run_constant_queries(
    client, settings, monkeypatch, django_assert_num_queries, kept
):
    settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"  # the worker renders it
    # With the page cache's seconds set, a worker keeps the event between requests
    # (common.snapshots) and reads the content version once (trusted for the test's length).
    settings.PAGE_CACHE_SECONDS = 60 if kept else 0
    monkeypatch.setattr(content_version, "CHECK_SECONDS", 600)
    content_version.forget()
    forget_kept_events()
    client.force_login(UserFactory())
    event = portal_event(seats=50)
    url = reverse("registrations:register", kwargs={"slug": event.slug})
    client.get(url)  # the session's first read (and the version's), as every later page

    # The session, the user, the event unless kept, an earlier registration, the seats taken.
    with django_assert_num_queries(4 if kept else 5):
        response = client.get(url)
    assert response.status_code == 200
    # 8, the savepoint of the registration's transaction inside the test's own, and the
    # zone chosen kept on the profile (it had none); the event's row is read under its lock
    # whether kept or not.
    with django_assert_num_queries(10 if kept else 11):
        response = client.post(url, form_data())
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.CONFIRMED
    # The session, the user, the registration; the event and its streams unless kept (the
    # first result page of an event in a worker reads them once).
    with django_assert_num_queries(5):
        response = client.get(response.url)
    assert "Example Registrant" in response.content.decode()
    with django_assert_num_queries(3 if kept else 5):
        response = client.get(registration.get_absolute_url())
    assert "Example Registrant" in response.content.decode()
    assert event.title in response.content.decode()


def test_register_form_without_a_profile_zone_starts_at_the_events_for_the_browser_to_replace():
    event = portal_event(time_zone="America/Sao_Paulo")

    field = str(RegistrationForm(event=event, initial={"time_zone": ""})["time_zone"])

    assert field.startswith('<select name="time_zone" data-browser-zone aria-describedby=')
    assert '<option value="America/Sao_Paulo" selected>America/Sao Paulo</option>' in field
    assert field.count(" selected>") == 1
    assert '<option value="UTC">UTC</option>' in field


def test_register_form_starts_at_the_profile_zone_without_asking_the_browser(client):
    user = UserFactory(time_zone="Europe/Paris")
    client.force_login(user)
    event = portal_event(time_zone="Asia/Seoul")

    html = client.get(reverse("registrations:register", kwargs={"slug": event.slug})).content
    html = html.decode()

    menu = html.split('<select name="time_zone"')[1].split("</select>")[0]
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in menu
    assert menu.count(" selected>") == 1
    assert "data-browser-zone" not in html


def test_register_keeps_the_chosen_zone_on_the_profile(client):
    user = UserFactory()
    client.force_login(user)
    event = portal_event()
    assert user.time_zone == ""

    response = client.post(
        reverse("registrations:register", kwargs={"slug": event.slug}),
        form_data(time_zone="America/New_York"),
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "America/New_York"
    assert Registration.objects.get(user=user).time_zone == "America/New_York"


def test_register_with_bad_zone_keeps_the_profile_zone(client):
    user = UserFactory(time_zone="Europe/Paris")
    client.force_login(user)
    event = portal_event()

    response = client.post(
        reverse("registrations:register", kwargs={"slug": event.slug}),
        form_data(time_zone="Mars/Olympus"),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "Europe/Paris"
    assert not Registration.objects.filter(user=user).exists()


def test_register_creates_registration_and_shows_confirmation(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    event = portal_event()
    StreamLinkFactory(
        event=event, label="Korean channel", url="https://stream.example/ko", channel="ko"
    )

    response = client.post(
        reverse("registrations:register", kwargs={"slug": event.slug}), form_data(), follow=True
    )

    registration = Registration.objects.get()
    assert (registration.user, registration.status, registration.channel) == (
        user,
        "confirmed",
        "ko",
    )
    assert (registration.name, registration.category, registration.time_zone) == (
        "Example Registrant",
        "executive",
        "Europe/Paris",
    )
    assert registration.accessibility_needs == "Captions, please"
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == registration.get_absolute_url()
    assert "You are registered. A confirmation is on its way." in html
    assert "In your time zone (Europe/Paris)" in html
    paris = event.start.astimezone(registration.tz)
    assert f"{paris:%H:%M}" in html
    assert '<a href="https://stream.example/ko" rel="noopener">Korean channel</a>' in html
    # The registrant's own calendar file, which carries their channel's joining link.
    assert reverse("registrations:calendar", kwargs={"pk": registration.pk}) in html
    assert len(mailoutbox) == 1


def test_register_without_consent_shows_error_and_writes_nothing(client):
    client.force_login(UserFactory())
    event = portal_event()

    response = client.post(
        reverse("registrations:register", kwargs={"slug": event.slug}), form_data(consent="")
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "field,value", [("channel", "fr"), ("category", "king"), ("time_zone", "Mars/Base")]
)
def test_register_with_bad_choice_shows_error_and_writes_nothing(client, field, value):
    client.force_login(UserFactory())
    event = portal_event()

    response = client.post(
        reverse("registrations:register", kwargs={"slug": event.slug}), form_data(**{field: value})
    )

    assert "Select a valid choice" in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_for_closed_event_says_so_and_writes_nothing(client):
    client.force_login(UserFactory())
    now = timezone.now()
    event = portal_event(
        registration_opens=now - timedelta(days=5), registration_closes=now - timedelta(days=1)
    )

    response = client.post(
        reverse("registrations:register", kwargs={"slug": event.slug}), form_data()
    )

    assert response.status_code == 409
    assert "Registration for this event has closed." in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_for_external_or_draft_event_is_404(client):
    client.force_login(UserFactory())
    external = portal_event(
        registration_mode="external", registration_url="https://elsewhere.example"
    )
    draft = portal_event(status=Event.Status.DRAFT)

    for event in (external, draft):
        response = client.get(reverse("registrations:register", kwargs={"slug": event.slug}))
        assert response.status_code == 404


def test_second_visit_to_register_goes_to_existing_registration(client):
    user = UserFactory()
    client.force_login(user)
    event = portal_event()
    registration = register(event, user)

    response = client.get(reverse("registrations:register", kwargs={"slug": event.slug}))

    assert response.url == registration.get_absolute_url()


def test_my_registrations_lists_upcoming_and_past_with_actions(client):
    user = UserFactory()
    client.force_login(user)
    soon = register(portal_event(title="Upcoming webinar"), user)
    past_event = portal_event(title="Past webinar")
    past = register(past_event, user)
    Event.objects.filter(pk=past_event.pk).update(
        start=timezone.now() - timedelta(days=3), end=timezone.now() - timedelta(days=2)
    )

    html = client.get(reverse("registrations:list")).content.decode()

    upcoming_part, past_part = html.split('id="past-registrations"')
    assert "Upcoming webinar" in upcoming_part and "Past webinar" in past_part
    assert reverse("registrations:cancel", kwargs={"pk": soon.pk}) in upcoming_part
    assert reverse("registrations:cancel", kwargs={"pk": past.pk}) not in html
    assert "Add to calendar" in upcoming_part
    assert "Confirmed" in upcoming_part


def test_my_registrations_runs_constant_queries(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    register(portal_event(), user)
    client.get(reverse("registrations:list"))  # warm the session

    with django_assert_num_queries(4):
        client.get(reverse("registrations:list"))
    for _ in range(20):
        register(portal_event(), user)
    with django_assert_num_queries(4):
        client.get(reverse("registrations:list"))


def test_cancel_asks_for_confirmation_then_cancels(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    registration = register(portal_event(), user)

    page = client.get(reverse("registrations:cancel", kwargs={"pk": registration.pk}))
    assert "Yes, cancel my registration" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"

    client.post(reverse("registrations:cancel", kwargs={"pk": registration.pk}))

    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_cancel_link_from_email_works_without_signing_in(client, mailoutbox):
    registration = register(portal_event(), UserFactory())
    cancel_path = re.search(r"https?://[^/\s]+(/registrations/cancel/\S+)", mailoutbox[0].body)[1]

    page = client.get(cancel_path)
    assert "Yes, cancel my registration" in page.content.decode()
    response = client.post(cancel_path)

    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert "Registration cancelled" in response.content.decode()


@pytest.mark.parametrize("token", ["garbage", "eyJyZWdpc3RyYXRpb24iOjF9:abc:def"])
def test_forged_cancel_link_changes_nothing(client, token):
    registration = register(portal_event(), UserFactory())

    response = client.post(reverse("registrations:cancel_link", kwargs={"token": token}))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_expired_cancel_link_changes_nothing(client, monkeypatch):
    from registrations import tokens

    registration = register(portal_event(), UserFactory())
    token = cancel_token(registration)
    monkeypatch.setattr(tokens, "MAX_AGE", -1)

    response = client.post(reverse("registrations:cancel_link", kwargs={"token": token}))

    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_download_my_data(client):
    user = UserFactory(email="me@city.example", name="Me")
    client.force_login(user)
    register(portal_event(title="Safe cities webinar"), user)

    response = client.get(reverse("registrations:my_data"))

    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="forum-portal-my-data.json"'
    assert data["account"]["email"] == "me@city.example"
    assert [r["event"] for r in data["registrations"]] == ["Safe cities webinar"]


# --- Who may see what -------------------------------------------------------------------

PERSONAL_PAGES = ["list", "detail", "cancel", "my_data"]


def personal_url(name, registration):
    if name in ("detail", "cancel"):
        return reverse(f"registrations:{name}", kwargs={"pk": registration.pk})
    return reverse(f"registrations:{name}")


@pytest.mark.parametrize("name", PERSONAL_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    registration = register(portal_event(), UserFactory())

    response = client.get(personal_url(name, registration))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("name", ["detail", "cancel"])
def test_nobody_reaches_another_persons_registration(client, name):
    registration = register(portal_event(), UserFactory())
    client.force_login(UserFactory())

    response = client.get(personal_url(name, registration))
    client.post(personal_url(name, registration))

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


ADMIN_VIEWS = ["changelist", "change", "summary", "export"]


def admin_url(name, registration):
    if name == "changelist":
        return reverse("admin:registrations_registration_changelist")
    if name == "change":
        return reverse("admin:registrations_registration_change", args=[registration.pk])
    return reverse(f"admin:registrations_registration_{name}", args=[registration.event_id])


@pytest.mark.parametrize("name", ADMIN_VIEWS)
def test_registrant_data_in_admin_needs_staff_with_permission(client, name):
    from django.contrib.auth.models import Permission

    registration = register(portal_event(), UserFactory(name="Private Person"))
    url = admin_url(name, registration)

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url

    client.force_login(UserFactory())
    ordinary = client.get(url)
    assert ordinary.status_code == 302 and "/admin/login/" in ordinary.url

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_registration"))
    if name == "export":
        assert client.get(url).status_code == 403
        staff.user_permissions.add(Permission.objects.get(codename="export_registration"))
    response = client.get(url)

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if name == "summary":  # counts, not names: one confirmed registrant
        assert response.context["summary"]["totals"] == {
            "confirmed": 1,
            "waiting": 0,
            "cancelled": 0,
        }
    else:
        assert b"Private Person" in body
