from django.db import transaction

from accounts.models import User


def delete_account(*, user: User) -> None:
    """Delete a person's account and everything that belongs only to them.

    Side effects: the user row and, through cascades, their e-mail addresses and sessions'
    owner are removed; rows other apps own (registrations, submissions) cascade with it.
    """
    with transaction.atomic():
        user.delete()


def remember_time_zone(*, user: User, time_zone: str) -> None:
    """Keep the zone a person last chose (on a registration form) on their profile, so the
    next form and e-mail start from it. One UPDATE, only when it changed."""
    if user.time_zone != time_zone:
        User.objects.filter(pk=user.pk).update(time_zone=time_zone)
        user.time_zone = time_zone


# What a registration form asks that the profile keeps, so later forms start from it.
REMEMBERED_DETAILS = ("name", "organisation", "position", "city", "country")


def profile_is_complete(user: User) -> bool:
    return all(getattr(user, field) for field in REMEMBERED_DETAILS)


def remember_details(*, user: User, **details: str) -> User:
    """Save the details a person typed into a form to their profile, once they agreed to it.

    Side effects: updates only the ``REMEMBERED_DETAILS`` fields given.
    """
    fields = [field for field in REMEMBERED_DETAILS if field in details]
    for field in fields:
        setattr(user, field, details[field])
    user.save(update_fields=fields)
    return user
