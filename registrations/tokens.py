"""Signed, single-purpose, expiring links that cancel a registration without signing in."""

from django.core import signing

SALT = "registrations.cancel-link"
MAX_AGE = 60 * 60 * 24 * 90  # 90 days: long enough to reach any event on the programme


def cancel_token(registration) -> str:
    return signing.dumps({"registration": registration.pk, "user": registration.user_id}, salt=SALT)


def registration_id_from(token: str) -> tuple[int, int] | None:
    """(registration id, user id) from a valid token; None when forged, altered or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        return int(data["registration"]), int(data["user"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
