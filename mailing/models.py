"""One row per mail Manara sends: to whom, in which language, and how its sending went."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SUBJECT_LENGTH = 300


class OutgoingMail(models.Model):
    """A mail to one person, queued in a request and sent by a task once the request committed.

    Its status moves queued → sent, or queued → failed after the last attempt, and an
    administrator may put a failed mail back to queued; every move is a conditional update, so
    a task run twice or a double click sends once. The body is kept only until the mail leaves
    (it may hold a password-reset link). Referral mails carry a case reference and a link,
    never a name or a phone number.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        related_name="outgoing_mails",
        null=True,
        blank=True,
    )
    address = models.EmailField(_("address"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=SUBJECT_LENGTH)
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")

    def __str__(self):
        return self.subject

    @classmethod
    def claim(cls, pk: int, attempt: int) -> "OutgoingMail | None":
        """Take the `attempt`-th try of a queued mail; None if it is sent, failed or taken.

        Only the task that moves `attempts` from `attempt - 1` to `attempt` goes on, so a task
        that runs twice (a worker restarted) does not send the mail twice.
        """
        claimed = cls.objects.filter(pk=pk, status=cls.Status.QUEUED, attempts=attempt - 1).update(
            attempts=attempt, last_attempt_at=timezone.now()
        )
        return cls.objects.get(pk=pk) if claimed else None

    def record_sent(self) -> None:
        """The mail left: mark it sent and forget its body, which is no longer needed."""
        self.status, self.sent_at, self.body = self.Status.SENT, timezone.now(), ""
        self.save(update_fields=["status", "sent_at", "body"])

    def record_failure(self, error: str, *, final: bool) -> None:
        """Keep the reason of a failed attempt; after the last one the mail is failed."""
        self.last_error = error
        if final:
            self.status = self.Status.FAILED
        self.save(update_fields=["last_error", "status"])

    def send_again(self) -> bool:
        """Give a failed mail a new round of attempts; False when it had not failed."""
        moved = OutgoingMail.objects.filter(pk=self.pk, status=self.Status.FAILED).update(
            status=self.Status.QUEUED, attempts=0
        )
        if moved:
            self.status, self.attempts = self.Status.QUEUED, 0
        return bool(moved)
