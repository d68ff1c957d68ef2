"""The forms Manara deployed on a KoboToolbox server, and each import of Kobo submissions.

An import, from an XLSX export or from Kobo's API, keeps the submissions it read as JSON until a
person has looked at the preview and confirmed; then every one becomes a draft assessment, or
none does.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KoboForm(models.Model):
    """A Kobo form (asset) made from a framework's XLSForm, whose submissions Manara pulls."""

    framework = models.ForeignKey(
        "assessments.Framework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="kobo_forms",
    )
    asset_uid = models.CharField(
        _("Kobo asset uid"),
        max_length=64,
        unique=True,
        help_text=_("The form's id on the Kobo server, as in /api/v2/assets/<uid>/."),
    )
    title = models.CharField(_("title on Kobo"), max_length=200, blank=True)
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)

    class Meta:
        # The table keeps the name it had when the model lived in `assessments`.
        db_table = "assessments_koboform"
        ordering = ["framework", "asset_uid"]
        verbose_name = _("Kobo form")
        verbose_name_plural = _("Kobo forms")

    def __str__(self):
        return self.title or self.asset_uid


class KoboImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The imports a user may follow: anyone's for IOM roles, their own for anyone else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self if user.is_iom else self.filter(created_by=user.pk)

    def discardable(self):
        """The imports that may be deleted unimported: read or failed, not running or imported."""
        return self.filter(status__in=KoboImport.DISCARDABLE)


class KoboImport(models.Model):
    """Submissions read from a Kobo export or pulled from Kobo, waiting to be imported."""

    class Source(models.TextChoices):
        FILE = "file", _("Export file")
        API = "api", _("Kobo server")

    class Status(models.TextChoices):
        FETCHING = "fetching", _("Fetching")
        READY = "ready", _("Ready for preview")
        FAILED = "failed", _("Failed")
        IMPORTED = "imported", _("Imported")

    # Never imported and not running: a person may discard them and the scheduler prunes them
    # (kobo/discarding.py). A pull still fetching would write to a deleted row; an imported one
    # is the record of what created the drafts.
    DISCARDABLE = (Status.READY, Status.FAILED)

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.READY
    )
    framework = models.ForeignKey(
        "assessments.Framework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="kobo_imports",
        null=True,
        blank=True,
    )
    kobo_form = models.ForeignKey(
        KoboForm,
        verbose_name=_("Kobo form"),
        on_delete=models.SET_NULL,
        related_name="imports",
        null=True,
        blank=True,
    )
    filename = models.CharField(_("file"), max_length=255, blank=True)
    # The variant of Kobo's export the file was (`variants.Variant.code`), for the preview.
    file_variant = models.CharField(_("export variant"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="kobo_imports",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="kobo_imports",
        null=True,
        blank=True,
    )
    # Submissions as `kobo.Submission.as_dict()`; emptied once imported.
    submissions = models.JSONField(_("submissions"), default=list, blank=True)
    fetched = models.PositiveIntegerField(_("submissions fetched"), default=0)
    total = models.PositiveIntegerField(_("submissions to fetch"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_count = models.PositiveIntegerField(_("assessments created"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = KoboImportQuerySet.as_manager()

    class Meta:
        db_table = "assessments_koboimport"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Kobo import")
        verbose_name_plural = _("Kobo imports")

    def __str__(self):
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_discardable(self) -> bool:
        return self.status in self.DISCARDABLE

    @property
    def variant(self):
        """The variant of Kobo's export the file was, or None (a pull, an older import)."""
        from .variants import Variant

        return Variant.from_code(self.file_variant)
