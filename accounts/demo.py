"""The demo secretariat account."""

import os

from allauth.account.models import EmailAddress

from accounts.models import User

STAFF_EMAIL = "secretariat@forum.example"


def staff_password() -> str:
    return os.environ.get("DEMO_STAFF_PASSWORD", "resilient-seoul-2020")


def load() -> dict:
    """Create the secretariat's staff account (verified e-mail) if it does not exist."""
    user, made = User.objects.get_or_create(
        email=STAFF_EMAIL,
        defaults={"name": "Forum secretariat", "is_staff": True, "is_superuser": True},
    )
    if made:
        user.set_password(staff_password())
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=STAFF_EMAIL, defaults={"verified": True, "primary": True}
    )
    return {"staff accounts": int(made)}
