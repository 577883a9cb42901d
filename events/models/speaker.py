"""The people who speak, moderate or discuss in sessions."""

from django.db import models
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.bilingual import EnglishInOriginalColumns
from directory.models import Organization
from events.models.event import Event
from events.models.session import SessionSpeaker


class SpeakerQuerySet(models.QuerySet):
    def announced(self):
        """Speakers with a part in a published event's session (drafts announce nobody)."""
        return self.filter(
            models.Exists(
                SessionSpeaker.objects.filter(
                    speaker=OuterRef("pk"), session__event__in=Event.objects.published()
                )
            )
        )


class Speaker(EnglishInOriginalColumns):
    """A person who speaks, moderates or discusses in sessions."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
    )
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)
    photo_thumbnail = models.ImageField(
        _("photo thumbnail"), upload_to="speakers/thumbnails/", blank=True, editable=False
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:speaker", kwargs={"slug": self.slug})

    @property
    def affiliation(self) -> str:
        parts = [self.position, self.organisation.short_name if self.organisation else ""]
        return ", ".join(part for part in parts if part)
