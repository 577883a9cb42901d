"""A reader's star on an event or a session: what they mean to follow ("My programme")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StarQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class Star(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="stars",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stars",
    )
    session = models.ForeignKey(
        "events.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stars",
    )
    created_at = models.DateTimeField(_("starred at"), auto_now_add=True)

    objects = StarQuerySet.as_manager()

    class Meta:
        verbose_name = _("star")
        verbose_name_plural = _("stars")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, session__isnull=True)
                | Q(event__isnull=True, session__isnull=False),
                name="events_star_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "event"],
                condition=Q(event__isnull=False),
                name="events_star_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["user", "session"],
                condition=Q(session__isnull=False),
                name="events_star_once_per_session",
            ),
        ]

    def __str__(self):
        return f"{self.user} ★ {self.session or self.event}"
