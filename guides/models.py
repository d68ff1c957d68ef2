"""Batches of guides made in the background; the PDFs themselves live in the file cache."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.models import Region


class GuideBatch(models.Model):
    """A ZIP of many documents built by a background task, with its progress."""

    class Kind(models.TextChoices):
        REGION_GUIDES = "region_guides", _("Reinforcement guides of a region")
        SHEETS = "sheets", _("Information sheets of the published facilities")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("documents"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty: every region."),
    )
    language = models.CharField(_("language"), max_length=5)
    base_url = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_batches"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    archive = models.FileField(upload_to="guides/batches/", blank=True)
    error = models.TextField(blank=True)
    # Runs started so far: a run writes only while the count is still its own, so a run taken
    # for dead and replaced (common/interrupted.py) cannot write over its successor.
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the running task last added a document: the lease that tells a stopped worker.
    progressed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("batch of guides")
        verbose_name_plural = _("batches of guides")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.region or '—'}, {self.language})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
