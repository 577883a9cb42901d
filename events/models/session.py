"""The programme: an event's sessions and the speakers' parts in them."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.bilingual import EnglishInOriginalColumns
from events import timefmt
from events.models.base import uid_for


class Session(EnglishInOriginalColumns):
    """One item of an event's programme."""

    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening")
        KEYNOTE = "keynote", _("Keynote")
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        PRESENTATION = "presentation", _("Presentation")
        WORKSHOP = "workshop", _("Workshop")
        BREAK = "break", _("Break")
        CLOSING = "closing", _("Closing")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PLENARY)
    start = models.DateTimeField(_("start"), help_text=_("In the event's own time zone."))
    end = models.DateTimeField(_("end"), help_text=_("In the event's own time zone."))
    channel = models.CharField(_("channel or room"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        "events.Speaker",
        verbose_name=_("speakers"),
        through="SessionSpeaker",
        related_name="sessions",
        blank=True,
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Orders sessions that start at the same time.")
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="events_session_end_after_start",
                violation_error_message=_("The session must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.event.get_absolute_url()}#session-{self.pk}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session must end after it starts.")})

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.event.tz)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.event.tz)

    @property
    def time_text(self) -> str:
        return f"{timefmt.clock(self.local_start)}{timefmt.DASH}{timefmt.clock(self.local_end)}"

    @property
    def summary(self) -> str:
        """``9 December 2020, 10:00-10:30 KST (GMT+9)``, with an en dash."""
        local_start = self.local_start
        date_text = timefmt.short_date(local_start.date())
        return f"{date_text}, {self.time_text} {timefmt.zone_label(local_start)}"

    @property
    def speaker_rows(self) -> list:
        """The session's speaker rows in order (prefetched by ``Event...with_details()``)."""
        if not hasattr(self, "prefetched_speaker_rows"):
            self.prefetched_speaker_rows = list(
                self.session_speakers.select_related("speaker", "speaker__organisation")
            )
        return self.prefetched_speaker_rows

    @property
    def uid(self) -> str:
        return uid_for("session", self.pk)


class SessionSpeaker(models.Model):
    """A speaker's part in a session, in the order the programme lists them."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        SPEAKER = "speaker", _("Speaker")
        DISCUSSANT = "discussant", _("Discussant")

    session = models.ForeignKey(
        "events.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="session_speakers",
    )
    speaker = models.ForeignKey(
        "events.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        related_name="session_roles",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.SPEAKER)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"],
                name="events_sessionspeaker_unique",
                violation_error_message=_("This speaker is already in the session."),
            )
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.session.get_absolute_url()
