from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PageFeedbackQuerySet(models.QuerySet):
    def unhandled(self):
        return self.filter(handled=False)

    def awaiting_reply(self):
        """What someone wrote and nobody has handled yet: issue reports and comments (a bare
        yes or no needs no handling)."""
        return self.unhandled().filter(
            models.Q(kind=PageFeedback.Kind.ISSUE) | ~models.Q(comment="")
        )

    def by_page(self):
        """One row per page path with its yes / no / issue counts (for the admin summary)."""
        return (
            self.values("path")
            .annotate(
                yes=models.Count("pk", filter=models.Q(kind=PageFeedback.Kind.VOTE, useful=True)),
                no=models.Count("pk", filter=models.Q(kind=PageFeedback.Kind.VOTE, useful=False)),
                issues=models.Count("pk", filter=models.Q(kind=PageFeedback.Kind.ISSUE)),
                comments=models.Count("pk", filter=~models.Q(comment="")),
                open=models.Count("pk", filter=models.Q(handled=False) & ~models.Q(comment="")),
                latest=models.Max("created_at"),
            )
            .order_by("-latest")
        )


class PageFeedback(models.Model):
    """'Is this page useful?' answers and 'Report an issue with this page' reports."""

    class Kind(models.TextChoices):
        VOTE = "vote", _("Is this page useful?")
        ISSUE = "issue", _("Issue report")

    class Reason(models.TextChoices):
        NOT_FOUND = "not_found", _("I could not find what I was looking for")
        INCORRECT = "incorrect", _("The information is wrong or out of date")
        UNCLEAR = "unclear", _("It is hard to understand")
        BROKEN = "broken", _("A link or a feature does not work")
        ACCESSIBILITY = (
            "accessibility",
            _("It is hard to use with my device or assistive technology"),
        )
        OTHER = "other", _("Something else")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.VOTE)
    path = models.CharField(_("page"), max_length=500, db_index=True)
    query = models.CharField(
        _("query"),
        max_length=1000,
        blank=True,
        help_text=_("The page's query string (the search and filters), without the “?”."),
    )
    result_count = models.PositiveIntegerField(
        _("results shown"),
        null=True,
        blank=True,
        help_text=_("How many results the search on the page found, where it was a search."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    useful = models.BooleanField(_("useful"), null=True, blank=True)
    reason = models.CharField(
        _("what went wrong"), max_length=16, choices=Reason.choices, blank=True
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    contact_email = models.EmailField(_("e-mail for a reply"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed-in person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="page_feedback",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    handled = models.BooleanField(_("handled"), default=False)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_feedback",
    )

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(path__startswith="/"), name="feedback_path_is_local"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="vote") | models.Q(useful__isnull=False),
                name="feedback_vote_has_answer",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.ISSUE:
            return _("Issue on %(path)s") % {"path": self.address}
        answer = _("yes") if self.useful else _("no")
        return _("%(answer)s on %(path)s") % {"answer": answer, "path": self.address}

    @property
    def address(self) -> str:
        """The page as the person saw it: its path and its query."""
        return f"{self.path}?{self.query}" if self.query else self.path
