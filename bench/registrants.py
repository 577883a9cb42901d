"""The registration benches' event and signed-in registrants, marked synthetic and reset at
every run."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from accounts.models import User
from events.models import Event
from registrations.models import Registration

EMAIL = "bench-client-{}@synthetic.invalid"


def bench_event(*, slug: str, title: str, seats: int) -> Event:
    """A published webinar with ``seats`` seats, a waiting list and no registrations."""
    Registration.objects.filter(event__slug=slug).delete()
    start = timezone.now() + timedelta(days=30)
    event, _ = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title,
            "kind": Event.Kind.WEBINAR,
            "status": Event.Status.PUBLISHED,
            "schedule": Event.Schedule.EXACT,
            "time_zone": "Asia/Seoul",
            "start": start,
            "end": start + timedelta(hours=2),
            "languages": ["en"],
            "interpretation_languages": ["ko"],
            "registration_mode": Event.Registration.PORTAL,
            "registration_opens": None,
            "registration_closes": None,
            "seats": seats,
            "waiting_list": True,
            "needs_review": True,
            "review_notes": "Synthetic: made by bench_registrations; safe to delete.",
        },
    )
    return event


def signed_in(clients: int) -> list[tuple[str, str]]:
    """``clients`` synthetic users, each with a fresh session as after signing in: their
    e-mail addresses and session keys (the ``sessionid`` cookie a browser would hold)."""
    emails = [EMAIL.format(n) for n in range(clients)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [
            User(email=email, name=f"Synthetic client {n}")
            for n, email in enumerate(emails)
            if email not in existing
        ]
    )
    signed = []
    backend = settings.AUTHENTICATION_BACKENDS[0]
    for user in User.objects.filter(email__in=emails).order_by("pk"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        signed.append((user.email, session.session_key))
    return signed
