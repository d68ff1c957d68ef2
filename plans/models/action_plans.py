"""A region's action plan for the protection and integration of migrants, and its pilot projects.

A plan belongs to a region and to the regional council that owns it. It is organised in strategic
axes; each action is aligned with SNIA programmes and SDG targets, costed in dirhams and dated
inside the plan's period. A pilot project is a proposal a council can submit to a donor.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel
from common.workflow import IOM_STAFF, Move, Workflow, WorkflowModel, for_anyone

from ..managers import ActionPlanQuerySet
from .reference import SdgTarget, SniaProgramme

MONEY = {"max_digits": 14, "decimal_places": 2}


def check_period(starts_on, ends_on, errors: dict, field: str = "ends_on") -> None:
    """Add an error when a period ends before it starts."""
    if starts_on and ends_on and ends_on < starts_on:
        errors[field] = _("The end date must be on or after the start date.")


class ActionPlan(VersionedModel, WorkflowModel):
    """A regional council's plan, over a period, built on SNIA's priorities and the SDGs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        UNDER_REVIEW = "under_review", _("Under review")

    # draft → adopted → under review → adopted again once revised; IOM staff move it.
    workflow = Workflow(
        Move(
            (Status.DRAFT, Status.UNDER_REVIEW),
            Status.ADOPTED,
            for_anyone(permissions.is_iom),
            IOM_STAFF,
        ),
        Move((Status.ADOPTED,), Status.UNDER_REVIEW, for_anyone(permissions.is_iom), IOM_STAFF),
    )

    region = models.ForeignKey(
        "facilities.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    council = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("regional council"),
        on_delete=models.PROTECT,
        related_name="action_plans",
        help_text=_("The organisation that owns and adopts the plan."),
    )
    title = models.CharField(_("title"), max_length=250)
    starts_on = models.DateField(_("start of the period"))
    ends_on = models.DateField(_("end of the period"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    vision = models.TextField(_("vision"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["region__code", "-starts_on"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="action_plan_period_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan_detail", args=[self.pk])

    def clean(self):
        """A period in order, which still holds every action of the plan."""
        errors = {}
        check_period(self.starts_on, self.ends_on, errors)
        if self.pk and not errors and self.starts_on and self.ends_on:
            actions = PlanAction.objects.filter(axis__plan=self)
            if actions.filter(starts_on__lt=self.starts_on).exists():
                errors["starts_on"] = _(
                    "Some actions of the plan start before this date; change them first."
                )
            if actions.filter(ends_on__gt=self.ends_on).exists():
                errors["ends_on"] = _(
                    "Some actions of the plan end after this date; change them first."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self) -> str:
        return f"{self.starts_on.year}–{self.ends_on.year}"

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    def on_move(self, move, user, reason) -> dict:
        if move.target == self.Status.ADOPTED and not self.adopted_on:
            return {"adopted_on": timezone.localdate()}
        return {}

    def set_status(self, status: str, user, seen_version: int | None = None) -> None:
        """Move the plan along draft → adopted → under review → adopted, recording who and when.

        `seen_version` is the version the user's page showed: a plan changed since is refused.
        """
        self.move(status, user, seen_version=seen_version)


class StrategicAxis(models.Model):
    """A strategic axis of a plan: the actions are grouped under it."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="axes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("strategic axis")
        verbose_name_plural = _("strategic axes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="axis_number_unique_in_plan")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class PlanAction(VersionedModel, WorkflowModel):
    """An action of a plan: aligned with SNIA and the SDGs, led by someone, costed and dated."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    # IOM staff follow the actions; going back (reopening, reviving) says why.
    workflow = Workflow(
        Move(
            (Status.PLANNED, Status.DELAYED),
            Status.IN_PROGRESS,
            for_anyone(permissions.edits_plans),
            IOM_STAFF,
        ),
        Move(
            (Status.PLANNED, Status.IN_PROGRESS),
            Status.DELAYED,
            for_anyone(permissions.edits_plans),
            IOM_STAFF,
        ),
        Move(
            (Status.IN_PROGRESS, Status.DELAYED),
            Status.COMPLETED,
            for_anyone(permissions.edits_plans),
            IOM_STAFF,
        ),
        Move(
            (Status.PLANNED, Status.IN_PROGRESS, Status.DELAYED),
            Status.CANCELLED,
            for_anyone(permissions.edits_plans),
            IOM_STAFF,
            reason=True,
        ),
        Move(
            (Status.COMPLETED,),
            Status.IN_PROGRESS,
            for_anyone(permissions.edits_plans),
            IOM_STAFF,
            reason=True,
        ),
        Move(
            (Status.CANCELLED,),
            Status.PLANNED,
            for_anyone(permissions.edits_plans),
            IOM_STAFF,
            reason=True,
        ),
    )

    axis = models.ForeignKey(
        StrategicAxis, verbose_name=_("axis"), on_delete=models.CASCADE, related_name="actions"
    )
    code = models.CharField(_("code"), max_length=12, help_text=_("e.g. 1.3"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    programmes = models.ManyToManyField(
        SniaProgramme, verbose_name=_("SNIA programmes"), related_name="actions", blank=True
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), related_name="actions", blank=True
    )
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_plan_actions",
        null=True,
        blank=True,
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("partners"),
        related_name="plan_actions",
        blank=True,
    )
    budget = models.DecimalField(
        _("budget (MAD)"),
        **MONEY,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    funder = models.ForeignKey(
        "plans.Donor",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="plan_actions",
        null=True,
        blank=True,
    )
    projects = models.ManyToManyField(
        "plans.Project",
        verbose_name=_("IOM projects"),
        related_name="plan_actions",
        blank=True,
        help_text=_("The IOM projects that fund or carry out this action."),
    )
    facilities = models.ManyToManyField(
        "facilities.Facility",
        verbose_name=_("facilities concerned"),
        related_name="plan_actions",
        blank=True,
        help_text=_("Facilities of the plan's region that the action works with or improves."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["axis__number", "code", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="plan_action_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="plan_action_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        """An action happens inside its plan's period and costs a positive amount or nothing."""
        errors = {}
        check_period(self.starts_on, self.ends_on, errors)
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("A budget cannot be negative.")
        plan = self.axis.plan if self.axis_id else None
        if plan and self.starts_on and not plan.covers(self.starts_on):
            errors["starts_on"] = _(
                "The action starts outside the plan's period (%(start)s to %(end)s)."
            ) % {"start": plan.starts_on, "end": plan.ends_on}
        if plan and self.ends_on and not plan.covers(self.ends_on):
            errors["ends_on"] = _(
                "The action ends outside the plan's period (%(start)s to %(end)s)."
            ) % {"start": plan.starts_on, "end": plan.ends_on}
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_facilities(plan, facilities) -> None:
        """The facilities an action concerns are in its plan's region.

        A many-to-many relation is stored after `clean()`, so the forms that set it (the staff
        page and the back office) call this on the chosen facilities.
        """
        outside = [facility for facility in facilities if facility.region_id != plan.region_id]
        if outside:
            raise ValidationError(
                {
                    "facilities": ngettext(
                        "%(facilities)s is not in %(region)s, the plan's region; "
                        "choose facilities of the region.",
                        "%(facilities)s are not in %(region)s, the plan's region; "
                        "choose facilities of the region.",
                        len(outside),
                    )
                    % {
                        "facilities": ", ".join(str(facility) for facility in outside),
                        "region": plan.region.name,
                    }
                }
            )


class PilotProject(VersionedModel):
    """A pilot project proposed with a plan, written so that a council can submit it to a donor."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="pilots"
    )
    title = models.CharField(_("title"), max_length=250)
    problem = models.TextField(_("problem addressed"))
    objectives = models.TextField(_("objectives"))
    target_groups = models.ManyToManyField(
        "facilities.TargetGroup", verbose_name=_("target groups"), related_name="+", blank=True
    )
    beneficiaries = models.TextField(
        _("beneficiaries"), blank=True, help_text=_("Who benefits and how many.")
    )
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_pilots",
    )
    partners = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("partners"), related_name="pilots", blank=True
    )
    starts_on = models.DateField(_("start"))
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    programmes = models.ManyToManyField(
        SniaProgramme, verbose_name=_("SNIA programmes"), related_name="pilots", blank=True
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), related_name="pilots", blank=True
    )
    sustainability = models.TextField(_("sustainability after the pilot"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("pilot project")
        verbose_name_plural = _("pilot projects")

    def __str__(self):
        return self.title


class PilotActivity(models.Model):
    """An activity of a pilot project, placed on its timeline by month."""

    pilot = models.ForeignKey(
        PilotProject,
        verbose_name=_("pilot project"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    start_month = models.PositiveSmallIntegerField(
        _("first month"), validators=[MinValueValidator(1)]
    )
    end_month = models.PositiveSmallIntegerField(_("last month"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["pilot", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.start_month and self.end_month and self.end_month < self.start_month:
            errors["end_month"] = _("The last month must be on or after the first month.")
        duration = self.pilot.duration_months if self.pilot_id else None
        if duration and self.end_month and self.end_month > duration:
            errors["end_month"] = _(
                "The pilot lasts %(months)s months; an activity cannot end after that."
            ) % {"months": duration}
        if errors:
            raise ValidationError(errors)


class PilotBudgetLine(models.Model):
    """A line of a pilot project's budget, in dirhams."""

    class Category(models.TextChoices):
        STAFF = "staff", _("Staff")
        EQUIPMENT = "equipment", _("Equipment")
        WORKS = "works", _("Works")
        SERVICES = "services", _("Services to beneficiaries")
        TRAINING = "training", _("Training and workshops")
        OPERATIONS = "operations", _("Operating costs")
        MONITORING = "monitoring", _("Monitoring and evaluation")

    pilot = models.ForeignKey(
        PilotProject,
        verbose_name=_("pilot project"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=250)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_cost = models.DecimalField(
        _("unit cost (MAD)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    total = models.DecimalField(_("total (MAD)"), **MONEY, editable=False, default=0)

    class Meta:
        ordering = ["pilot", "category", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="pilot_budget_unit_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="pilot_budget_quantity_positive"
            ),
        ]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        self.total = (self.quantity or 0) * (self.unit_cost or 0)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.unit_cost is not None and self.unit_cost < 0:
            errors["unit_cost"] = _("A budget line cannot have a negative amount.")
        if self.quantity is not None and self.quantity <= 0:
            errors["quantity"] = _("The quantity must be more than zero.")
        if errors:
            raise ValidationError(errors)


class PilotRisk(models.Model):
    """A risk to a pilot project and how it is mitigated."""

    class Level(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    pilot = models.ForeignKey(
        PilotProject,
        verbose_name=_("pilot project"),
        on_delete=models.CASCADE,
        related_name="risks",
    )
    risk = models.CharField(_("risk"), max_length=300)
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Level.choices)
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices)
    mitigation = models.TextField(_("mitigation"))

    class Meta:
        ordering = ["pilot", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self):
        return self.risk
