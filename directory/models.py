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
