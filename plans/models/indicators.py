"""What plans, pilot projects and IOM projects measure: indicators and their dated values.

An indicator is typed (its values are recorded with their source) or computed from Manara's own
records at read time (see `plans.computed`). A typed value must be in the indicator's unit, for a
period inside the plan's or project's period, and disaggregated only the ways the indicator says.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.concurrency import VersionedModel
from referrals.models import Case

from .action_plans import ActionPlan, PilotProject, PlanAction, check_period


class Indicator(VersionedModel):
    """A measure with a baseline and a target, owned by a plan, a pilot project or a result."""

    class Unit(models.TextChoices):
        NUMBER = "number", pgettext_lazy("unit of an indicator", "number")
        PEOPLE = "people", _("people")
        FACILITIES = "facilities", _("facilities")
        PERCENT = "percent", _("percent")
        MAD = "mad", _("dirhams (MAD)")

    class Computation(models.TextChoices):
        TYPED = "", _("Typed (values recorded by hand)")
        FACILITIES_REINFORCED = "facilities_reinforced", _("Facilities reinforced")
        SHARE_LOW_SEVERITY = "share_low_severity", _("Share of facilities at severity 2 or less")
        REFERRALS_COMPLETED = "referrals_completed", _("Referrals completed")
        SUSTAINABLE_CASES = "sustainable_cases", _("Cases with a sustainable reintegration score")

    # The unit each computation counts in: a computed indicator is always in that unit.
    COMPUTED_UNITS = {
        Computation.FACILITIES_REINFORCED: Unit.FACILITIES,
        Computation.SHARE_LOW_SEVERITY: Unit.PERCENT,
        Computation.REFERRALS_COMPLETED: Unit.NUMBER,
        Computation.SUSTAINABLE_CASES: Unit.PEOPLE,
    }

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
    )
    action = models.ForeignKey(
        PlanAction,
        verbose_name=_("action"),
        on_delete=models.SET_NULL,
        related_name="indicators",
        null=True,
        blank=True,
    )
    pilot = models.ForeignKey(
        PilotProject,
        verbose_name=_("pilot project"),
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
    )
    result = models.ForeignKey(
        "plans.ProjectResult",
        verbose_name=_("result"),
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    computation = models.CharField(
        _("how it is measured"),
        max_length=40,
        choices=Computation.choices,
        blank=True,
        default=Computation.TYPED,
    )
    by_sex = models.BooleanField(_("disaggregated by sex"), default=False)
    by_age_band = models.BooleanField(_("disaggregated by age band"), default=False)
    by_status = models.BooleanField(_("disaggregated by migration status"), default=False)
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["order", "code", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(plan__isnull=False, pilot__isnull=True, result__isnull=True)
                    | models.Q(plan__isnull=True, pilot__isnull=False, result__isnull=True)
                    | models.Q(plan__isnull=True, pilot__isnull=True, result__isnull=False)
                ),
                name="indicator_has_exactly_one_owner",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    def clean(self):
        errors = {}
        owners = [self.plan_id, self.pilot_id, self.result_id]
        if sum(owner is not None for owner in owners) != 1:
            errors["plan"] = _(
                "An indicator belongs to exactly one plan, pilot project or project result."
            )
        if self.action_id and self.action.axis.plan_id != self.plan_id:
            errors["action"] = _("This action belongs to another plan.")
        expected = self.COMPUTED_UNITS.get(self.computation)
        if expected and self.unit != expected:
            errors["unit"] = _("This computed indicator is counted in %(unit)s.") % {
                "unit": self.Unit(expected).label
            }
        if self.computation == self.Computation.SHARE_LOW_SEVERITY and self.target > 100:
            errors["target"] = _("A share cannot be more than 100%.")
        if errors:
            raise ValidationError(errors)

    def period(self):
        """The first and last day values may cover: the owning plan's, pilot's or project's."""
        if self.plan_id:
            return self.plan.starts_on, self.plan.ends_on
        if self.pilot_id:
            return self.pilot.plan.starts_on, self.pilot.plan.ends_on
        project = self.result.project
        return project.starts_on, project.ends_on

    def disaggregations(self) -> list[str]:
        """The fields of a value that this indicator allows to be filled."""
        return [
            field
            for field, allowed in (
                ("sex", self.by_sex),
                ("age_band", self.by_age_band),
                ("status_group", self.by_status),
            )
            if allowed
        ]


class IndicatorValue(models.Model):
    """A value of a typed indicator for a period, total or for one group, with its source."""

    class StatusGroup(models.TextChoices):
        REGULAR = "regular", _("Regular migrants")
        IRREGULAR = "irregular", _("Migrants in an irregular situation")
        ASYLUM_SEEKER = "asylum_seeker", _("Asylum seekers")
        REFUGEE = "refugee", _("Refugees")
        RETURNEE = "returnee", _("Returning Moroccans")
        HOST = "host", _("Host community")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, choices=Indicator.Unit.choices)
    sex = models.CharField(_("sex"), max_length=20, choices=Case.Sex.choices, blank=True)
    age_band = models.CharField(
        _("age band"), max_length=10, choices=Case.AgeBand.choices, blank=True
    )
    status_group = models.CharField(
        _("migration status"), max_length=20, choices=StatusGroup.choices, blank=True
    )
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Where the figure comes from.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_end", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="indicator_value_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="indicator_value_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period_end}: {self.value}"

    @property
    def is_total(self) -> bool:
        return not (self.sex or self.age_band or self.status_group)

    def clean(self):
        """The rules a value must meet before it is stored; every broken one is named."""
        errors = {}
        check_period(self.period_start, self.period_end, errors, "period_end")
        if not self.indicator_id:
            if errors:
                raise ValidationError(errors)
            return
        indicator = self.indicator
        if indicator.is_computed:
            raise ValidationError(
                _("This indicator is computed from Manara's records; its values cannot be typed.")
            )
        if self.unit and self.unit != indicator.unit:
            errors["unit"] = _("This indicator is counted in %(expected)s, not in %(given)s.") % {
                "expected": indicator.get_unit_display(),
                "given": Indicator.Unit(self.unit).label
                if self.unit in Indicator.Unit.values
                else self.unit,
            }
        start, end = indicator.period()
        if self.period_start and self.period_start < start:
            errors["period_start"] = _("The period must fall inside %(start)s – %(end)s.") % {
                "start": start,
                "end": end,
            }
        if self.period_end and self.period_end > end:
            errors["period_end"] = _("The period must fall inside %(start)s – %(end)s.") % {
                "start": start,
                "end": end,
            }
        elif self.period_end and self.period_end > timezone.localdate():
            errors["period_end"] = _("A value cannot be recorded for a period not yet ended.")
        if self.value is not None and self.value < 0:
            errors["value"] = _("A value cannot be negative.")
        if self.value is not None and indicator.unit == Indicator.Unit.PERCENT and self.value > 100:
            errors["value"] = _("A percentage cannot be more than 100.")
        allowed = indicator.disaggregations()
        for field in ("sex", "age_band", "status_group"):
            if getattr(self, field) and field not in allowed:
                errors[field] = _("This indicator is not disaggregated this way.")
        if errors:
            raise ValidationError(errors)
