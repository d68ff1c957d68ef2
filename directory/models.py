"""What the public "how to get help" page says, maintained by an admin in the back office.

The directory's other pages only read published facilities; these two models are the only data
the public side owns. Every text is in French, Arabic and English; a missing Arabic or English
text falls back to French, and the page says so.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.models import localized


class EmergencyNumberQuerySet(models.QuerySet):
    def shown(self):
        """The numbers the public page lists, in the admin's order."""
        return self.filter(is_shown=True).order_by("order", "pk")


class EmergencyNumber(models.Model):
    """A number to call in an emergency (police, ambulance, a helpline), free to call."""

    number = models.CharField(
        _("number"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ]*$", _("Digits only, with spaces or a leading + if needed.")
            )
        ],
    )
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    when_fr = models.CharField(_("when to call (French)"), max_length=240, blank=True)
    when_ar = models.CharField(_("when to call (Arabic)"), max_length=240, blank=True)
    when_en = models.CharField(_("when to call (English)"), max_length=240, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_shown = models.BooleanField(_("shown"), default=True)

    objects = EmergencyNumberQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("emergency number")
        verbose_name_plural = _("emergency numbers")

    def __str__(self):
        return f"{self.number} · {self.name_fr}"

    def name(self) -> tuple[str, bool]:
        return localized(self, "name")

    def when(self) -> tuple[str, bool]:
        return localized(self, "when")

    @property
    def dial(self) -> str:
        """The number as a tel: link needs it: no spaces."""
        return self.number.replace(" ", "")


class HelpSectionQuerySet(models.QuerySet):
    def shown(self):
        """The sections the public page shows, in the admin's order."""
        return self.filter(is_shown=True).order_by("order", "pk")


class HelpSection(models.Model):
    """A short section of the "how to get help" page: a title and a few paragraphs."""

    title_fr = models.CharField(_("title (French)"), max_length=160)
    title_ar = models.CharField(_("title (Arabic)"), max_length=160, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=160, blank=True)
    body_fr = models.TextField(
        _("text (French)"), help_text=_("Plain text; a blank line starts a new paragraph.")
    )
    body_ar = models.TextField(_("text (Arabic)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_shown = models.BooleanField(_("shown"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = HelpSectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("help page section")
        verbose_name_plural = _("help page sections")

    def __str__(self):
        return self.title_fr

    def title(self) -> tuple[str, bool]:
        return localized(self, "title")

    def body(self) -> tuple[str, bool]:
        return localized(self, "body")


class HsdsBuild(models.Model):
    """One build of the full HSDS document in one language: the gzip file in the default storage
    and the state of the published data it holds (`directory.freshness.published_stamp()`).

    A row rather than a JSON file beside the document: the view finds the newest build with one
    indexed query, whatever the storage (a sidecar on S3 would cost an HTTP request per
    download), and the row appears at once and whole when the build commits.
    """

    language = models.CharField(_("language"), max_length=8)
    stamp = models.CharField(_("published data stamp"), max_length=100)
    file = models.CharField(_("file in the storage"), max_length=255)
    site_url = models.CharField(_("site address"), max_length=200, blank=True)
    built_at = models.DateTimeField(_("built at"))
    seconds = models.FloatField(_("build time (seconds)"))
    size = models.PositiveBigIntegerField(_("size (gzip bytes)"))
    locations = models.PositiveIntegerField(_("locations"))

    class Meta:
        ordering = ["-built_at", "-pk"]
        indexes = [models.Index(fields=["language", "-built_at"], name="directory_hsds_latest")]
        verbose_name = _("HSDS document build")
        verbose_name_plural = _("HSDS document builds")

    def __str__(self):
        return f"{self.language} · {self.built_at:%Y-%m-%d %H:%M:%S}"
