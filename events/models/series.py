"""Named runs of events."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.bilingual import EnglishInOriginalColumns


class EventSeries(EnglishInOriginalColumns):
    """A named run of events, such as the network's consultation series."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:series", kwargs={"slug": self.slug})
