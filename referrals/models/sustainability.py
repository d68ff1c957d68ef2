"""Reintegration sustainability: the indicators asked at follow-ups, answers, and the settings.

The indicator list paraphrases the structure of IOM's Reintegration Sustainability Survey
(Reintegration Handbook 2019, Annex 4) as far as it could be established; the weights and the
threshold are defaults an admin changes, and the pages say so.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.concurrency import VersionedModel
from facilities.models import localized


class SustainabilityIndicator(models.Model):
    """One question of the survey, in one of the three dimensions."""

    class Dimension(models.TextChoices):
        ECONOMIC = "economic", _("Economic")
        SOCIAL = "social", _("Social")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial")

    class Scale(models.TextChoices):
        FIVE_POINT = "five_point", _("Five points (0 worst to 4 best)")
        YES_NO = "yes_no", _("Yes or no")

    code = models.CharField(_("code"), max_length=12, unique=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question_fr = models.TextField(_("question (French)"))
    question_ar = models.TextField(_("question (Arabic)"))
    question_en = models.TextField(_("question (English)"))
    scale = models.CharField(_("scale"), max_length=20, choices=Scale.choices)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sustainability indicator")
        verbose_name_plural = _("sustainability indicators")

    def __str__(self):
        return f"{self.code} {self.question}"

    @property
    def question(self) -> str:
        return localized(self, "question")[0]


class SustainabilitySettings(VersionedModel):
    """Weights of the three dimensions in the composite and the sustainability threshold."""

    weight_economic = models.FloatField(_("weight of the economic dimension"), default=1.0)
    weight_social = models.FloatField(_("weight of the social dimension"), default=1.0)
    weight_psychosocial = models.FloatField(_("weight of the psychosocial dimension"), default=1.0)
    threshold = models.FloatField(
        _("threshold of sustainable reintegration"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Composite score from which reintegration counts as sustainable."),
    )

    class Meta:
        verbose_name = _("sustainability scoring")
        verbose_name_plural = _("sustainability scoring")

    def __str__(self):
        return str(_("Sustainability scoring"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SustainabilitySettings":
        return cls.objects.get_or_create(pk=1)[0]

    def dimension_weights(self) -> dict[str, float]:
        return {
            "economic": self.weight_economic,
            "social": self.weight_social,
            "psychosocial": self.weight_psychosocial,
        }


class SustainabilityAnswer(models.Model):
    """The answer given to one indicator at one follow-up."""

    follow_up = models.ForeignKey(
        "referrals.FollowUp", on_delete=models.CASCADE, related_name="sustainability_answers"
    )
    indicator = models.ForeignKey(
        SustainabilityIndicator, on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        _("answer"), validators=[MinValueValidator(0), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("sustainability answer")
        verbose_name_plural = _("sustainability answers")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "indicator"], name="one_answer_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"
