"""The national strategy's programmes and the SDG targets that plans and actions align with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.models import TranslatedName, localized


class SniaProgramme(TranslatedName):
    """One of the 11 programmes of the National Strategy on Immigration and Asylum (2014)."""

    class Kind(models.TextChoices):
        SECTORAL = "sectoral", _("Sectoral")
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting")

    code = models.CharField(_("code"), max_length=5, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("The name and number were read in the strategy's published documents."),
    )
    source_note = models.CharField(_("source"), max_length=200, blank=True)
    suggested_targets = models.ManyToManyField(
        "plans.SdgTarget",
        verbose_name=_("suggested SDG targets"),
        related_name="suggested_for",
        blank=True,
        help_text=_("A reading of which targets the programme serves, not an official crosswalk."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("SNIA programme")
        verbose_name_plural = _("SNIA programmes")

    def __str__(self):
        return f"{self.number}. {self.name}"


class SdgGoal(TranslatedName):
    """One of the 17 Sustainable Development Goals, with its official short title."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")

    def __str__(self):
        return f"{self.number}. {self.name}"


class SdgTarget(models.Model):
    """An SDG target that concerns migration (10.7, 8.8, 16.2, ...), with a short label."""

    goal = models.ForeignKey(
        SdgGoal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="targets"
    )
    code = models.CharField(_("code"), max_length=6, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label_fr = models.CharField(_("label (French)"), max_length=120)
    label_ar = models.CharField(_("label (Arabic)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)
    text_fr = models.TextField(_("text (French)"))
    text_ar = models.TextField(_("text (Arabic)"))
    text_en = models.TextField(_("text (English)"))
    indicators = models.CharField(_("global indicators"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return localized(self, "label")[0]

    @property
    def text(self) -> str:
        return localized(self, "text")[0]
