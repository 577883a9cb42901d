"""The organisations that organise an event, in order."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Organization


class EventOrganiser(models.Model):
    """One organisation's part in organising an event, in the order the event lists them."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        PARTNER = "partner", _("Partner")

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="event_organisers",
    )
    organisation = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="event_roles",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ORGANISER)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"],
                name="events_eventorganiser_unique",
                violation_error_message=_("This organisation is already listed."),
            )
        ]

    def __str__(self):
        return f"{self.organisation.short_name} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.event.get_absolute_url()
