"""What belongs to one person: their calendar feed's addresses and what it last said."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """One secret address of a person's calendar feed. Making a new one revokes the old,
    which then answers 410 Gone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    body_hash = models.CharField(_("digest of the last calendar served"), max_length=64, blank=True)
    changed_at = models.DateTimeField(_("calendar last changed at"), auto_now_add=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="personal_one_current_feed_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"


class FeedSequence(models.Model):
    """What one item of a person's feed last looked like, and its SEQUENCE: a calendar
    replaces an event it holds only when the sequence rises."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="feed_sequences",
    )
    uid = models.CharField(_("calendar UID"), max_length=255)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("feed item sequence")
        verbose_name_plural = _("feed item sequences")
        ordering = ["user", "uid"]
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="personal_one_sequence_per_item")
        ]

    def __str__(self):
        return f"{self.uid} #{self.sequence}"
