"""What belongs to one person: their calendar feed's addresses and what it last said."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
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


class SavedSearch(models.Model):
    """A library search or an event-list filter a member keeps, with an e-mailed digest of
    what newly matches it."""

    class Kind(models.TextChoices):
        RESOURCES = "resources", _("Resource library")
        EVENTS = "events", _("Events")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NEVER = "never", _("No e-mail")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    kind = models.CharField(_("what it searches"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("e-mail"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # What was published after this and matches goes into the next digest.
    last_digest_at = models.DateTimeField(_("last digest covered up to"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["resources", "events"]), name="personal_search_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["daily", "weekly", "never"]),
                name="personal_search_frequency_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        base = reverse("resources:search" if self.kind == "resources" else "events:list")
        return f"{base}?{self.query}" if self.query else base


class Digest(models.Model):
    """One digest of one saved search for one period (a day or an ISO week): the unique
    period is what keeps two workers, or a retried one, from sending a second."""

    saved_search = models.ForeignKey(
        SavedSearch,
        verbose_name=_("saved search"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    period = models.CharField(_("period"), max_length=16)
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "period"], name="personal_one_digest_per_period"
            )
        ]

    def __str__(self):
        return f"{self.saved_search} {self.period}"


class DigestItem(models.Model):
    """An item a digest listed: no saved search lists the same item twice."""

    saved_search = models.ForeignKey(
        SavedSearch,
        verbose_name=_("saved search"),
        on_delete=models.CASCADE,
        related_name="digest_items",
    )
    digest = models.ForeignKey(
        Digest, verbose_name=_("digest"), on_delete=models.CASCADE, related_name="items"
    )
    item_id = models.PositiveBigIntegerField(_("item"))

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["digest", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "item_id"], name="personal_each_item_once"
            )
        ]

    def __str__(self):
        return f"{self.digest}: {self.item_id}"
