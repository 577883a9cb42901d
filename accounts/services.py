from django.db import transaction

from accounts.models import User


def delete_account(*, user: User) -> None:
    """Delete a person's account and everything that belongs only to them.

    Side effects: the user row and, through cascades, their e-mail addresses and sessions'
    owner are removed; rows other apps own (registrations, submissions) cascade with it.
    """
    with transaction.atomic():
        user.delete()
