from django.core.mail import EmailMessage
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMessageQuerySet(models.QuerySet):
    def unsent(self):
        return self.exclude(status=OutgoingMessage.Status.SENT)


class OutgoingMessage(models.Model):
    """One e-mail, stored as the exact MIME bytes to send, so every retry sends the same message.

    Rows are written in the transaction that caused the message (a registration, a sign-up), so
    the message exists if and only if that change was committed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying after an error")
        FAILED = "failed", _("Failed for good")

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    from_email = models.CharField(_("from"), max_length=320)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    raw = models.BinaryField(_("MIME message"), blank=True)
    # A message rendered by the worker (outbox.deferred): what to call, until ``raw`` is set.
    renderer = models.CharField(_("rendered by"), max_length=200, blank=True)
    renderer_kwargs = models.JSONField(_("rendered from"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="outbox_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"

    @property
    def awaits_rendering(self) -> bool:
        return bool(self.renderer) and not self.raw

    def as_email(self) -> EmailMessage:
        return StoredEmail(raw=bytes(self.raw), from_email=self.from_email, to=self.recipients)


class _StoredMIME:
    """Just enough of a MIME message for Django's mail backends, over fixed bytes."""

    def __init__(self, raw: bytes):
        self._raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self._raw.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode())

    def get_charset(self):
        return None


class StoredEmail(EmailMessage):
    """An EmailMessage whose MIME form was fixed when it was queued (same Message-ID on retry)."""

    def __init__(self, *, raw: bytes, from_email: str, to: list[str]):
        super().__init__(from_email=from_email, to=to)
        self._raw = raw

    def message(self):
        return _StoredMIME(self._raw)

    def recipients(self):
        return list(self.to)
