import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import TIME_ZONE_CHOICES
from events.models import LANGUAGE_NAMES, Event


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING)

    def with_event(self):
        return self.select_related("event").prefetch_related("event__stream_links")


class Registration(models.Model):
    """One person's registration for one event on this portal."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Category(models.TextChoices):
        # The seed page's target audience, plus "other".
        MAYOR_GOVERNOR = "mayor_governor", _("Mayor or governor")
        EXECUTIVE = "executive", _("Executive involved in disaster management")
        ACADEMIC = "academic", _("Professor or academic")
        EXPERT = "expert", _("Expert (disaster preparedness, urban planning, civil society)")
        NGO = "ngo", _("Non-governmental organisation")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    channel = models.CharField(
        _("interpretation channel"),
        max_length=8,
        help_text=_("The language the person will listen in."),
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=120, blank=True)
    category = models.CharField(_("attendee category"), max_length=20, choices=Category.choices)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    question = models.TextField(_("question for the speakers"), max_length=2000, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    language = models.CharField(
        _("language for e-mails"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    privacy_consent_at = models.DateTimeField(_("consented to the privacy notice at"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    promoted_at = models.DateTimeField(
        _("promoted from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_day_sent_at = models.DateTimeField(
        _("24-hour reminder sent at"), null=True, blank=True
    )
    reminder_hour_sent_at = models.DateTimeField(
        _("1-hour reminder sent at"), null=True, blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="registrations_one_active_per_person",
                violation_error_message=_("You are already registered for this event."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]),
                name="registrations_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="registrations_cancelled_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="registrations_queue"),
        ]
        permissions = [("export_registration", _("Can export registrants"))]

    def __str__(self):
        return f"{self.name} ({self.event})"

    def get_absolute_url(self):
        return reverse("registrations:detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def channel_name(self) -> str:
        return str(LANGUAGE_NAMES.get(self.channel, self.channel))

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def stream_links(self):
        """The event's streams for this person's channel (and those carrying every channel):
        every one of them once the registration is confirmed, otherwise only the public ones
        (a person waiting for a seat or who cancelled never receives a protected link)."""
        confirmed = self.status == self.Status.CONFIRMED
        return [
            link
            for link in self.event.stream_links.all()
            if link.channel in ("", self.channel) and (confirmed or not link.is_protected)
        ]

    def can_join(self, now=None) -> bool:
        """The "Join" button is live: confirmed, from shortly before the start to the end."""
        return self.status == self.Status.CONFIRMED and self.event.can_join(now)
