"""Links an event page lists: where it is streamed, where else it is featured."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.bilingual import EnglishInOriginalColumns
from events.models.base import HTTP_URL, LANGUAGE_CHOICES, http_url_or_empty


class OrderedLink(EnglishInOriginalColumns):
    label = models.CharField(_("label"), max_length=120)
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[HTTP_URL],
        help_text=_("Leave empty when the address is not known."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return self.event.get_absolute_url()


class StreamLink(OrderedLink):
    """Where an online event is streamed ("Seoul On", "YouTube")."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="stream_links",
    )
    channel = models.CharField(
        _("channel"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The language this stream carries; leave empty if it carries every channel."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Anyone may see this address. When registration runs through this portal, other "
            "addresses are shown only to confirmed registrants."
        ),
    )

    class Meta(OrderedLink.Meta):
        verbose_name = _("stream link")
        verbose_name_plural = _("stream links")
        constraints = [
            models.CheckConstraint(
                condition=http_url_or_empty("url"),
                name="events_streamlink_url_http",
                violation_error_message=_("Links must start with http:// or https://."),
            )
        ]

    @property
    def is_protected(self) -> bool:
        """Only the event's confirmed registrants may see the address: registration runs
        through this portal and the secretariat has not marked the link public."""
        return not self.is_public and self.event.registration_mode == "portal"


class FeaturedLink(OrderedLink):
    """Another site that features the event ("Also featured on")."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="featured_links",
    )

    class Meta(OrderedLink.Meta):
        verbose_name = _("“also featured on” link")
        verbose_name_plural = _("“also featured on” links")
        constraints = [
            models.CheckConstraint(
                condition=http_url_or_empty("url"),
                name="events_featuredlink_url_http",
                violation_error_message=_("Links must start with http:// or https://."),
            )
        ]
