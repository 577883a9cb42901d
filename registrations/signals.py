from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from registrations import services


@receiver(
    pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="release-seats-of-departing-user"
)
def release_seats(sender, instance, **kwargs):
    """Before an account is deleted, its seats go to the people waiting."""
    services.release_seats_of(user=instance)
