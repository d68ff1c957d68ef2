"""IOM's projects: who funds them, where they work, their results framework and what they fund.

What a project did is counted from Manara's own records: the needs it funds (`NeedFunding`), the
cases it follows, and the support activities it pays for.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel
from common.workflow import IOM_STAFF, Move, Workflow, WorkflowModel, for_anyone
from facilities.models import TranslatedName

from ..managers import ProjectQuerySet
from .action_plans import MONEY, check_period


class Donor(models.Model):
    """Who funds a project or a plan's action: a government, the EU, a regional council, ..."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Foreign government")
        MULTILATERAL = "multilateral", _("Multilateral")
        NATIONAL = "national", _("Moroccan public budget")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        PRIVATE = "private", _("Private or foundation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self):
        return self.acronym or self.name


class ThematicArea(TranslatedName):
    """A theme a project works on (protection, health, reintegration, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")


class Project(VersionedModel, WorkflowModel):
    """An IOM project: code, PRIMA id, donors, budget, dates, where it works and its results."""

    class Kind(models.TextChoices):
        PROTECTION = "protection", _("Protection and assistance to migrants")
        REINTEGRATION = "reintegration", _("Return and reintegration")
        LIVELIHOODS = "livelihoods", _("Labour mobility and livelihoods")
        GOVERNANCE = "governance", _("Migration governance")
        HEALTH = "health", _("Migration health")

    class Status(models.TextChoices):
        PIPELINE = "pipeline", _("Pipeline")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    # pipeline → active → completed; reopening a completed project says why.
    workflow = Workflow(
        Move((Status.PIPELINE,), Status.ACTIVE, for_anyone(permissions.edits_plans), IOM_STAFF),
        Move((Status.ACTIVE,), Status.COMPLETED, for_anyone(permissions.edits_plans), IOM_STAFF),
        Move(
            (Status.COMPLETED,),
            Status.ACTIVE,
            for_anyone(permissions.edits_plans),
            IOM_STAFF,
            reason=True,
        ),
    )

    class Currency(models.TextChoices):
        USD = "USD", "USD"
        EUR = "EUR", "EUR"
        MAD = "MAD", "MAD"
        JPY = "JPY", "JPY"
        CHF = "CHF", "CHF"
        GBP = "GBP", "GBP"

    code = models.CharField(
        _("IOM project code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}\.[0-9]{4}$", _("An IOM project code looks like FM.0390."))
        ],
    )
    prima_id = models.CharField(
        _("PRIMA id"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}[0-9]{2}P[0-9]{4}$", _("A PRIMA id looks like MA10P0001."))
        ],
    )
    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("e.g. MoTuSe, INDIMAJ II")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    donors = models.ManyToManyField(Donor, verbose_name=_("donors"), related_name="projects")
    budget = models.DecimalField(_("budget"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.USD
    )
    rate_to_mad = models.DecimalField(
        _("exchange rate to MAD"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.0001"))],
        help_text=_("Dirhams for one unit of the currency, as in the budget; 1 for MAD."),
    )
    people_to_reach = models.PositiveIntegerField(_("people to reach"), null=True, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PIPELINE
    )
    is_national = models.BooleanField(_("national coverage"), default=False)
    regions = models.ManyToManyField(
        "facilities.Region", verbose_name=_("regions"), related_name="projects", blank=True
    )
    themes = models.ManyToManyField(
        ThematicArea, verbose_name=_("thematic areas"), related_name="projects", blank=True
    )
    cases = models.ManyToManyField(
        "referrals.Case",
        verbose_name=_("cases followed under the project"),
        related_name="projects",
        blank=True,
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="project_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="project_budget_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.short_name or self.title}"

    def get_absolute_url(self):
        return reverse("plans:project_detail", args=[self.pk])

    def clean(self):
        errors = {}
        check_period(self.starts_on, self.ends_on, errors)
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("A budget cannot be negative.")
        if self.currency == self.Currency.MAD and self.rate_to_mad != 1:
            errors["rate_to_mad"] = _("A budget in dirhams has an exchange rate of 1.")
        if errors:
            raise ValidationError(errors)

    @property
    def budget_mad(self) -> Decimal:
        return (self.budget * self.rate_to_mad).quantize(Decimal("1"))


class ProjectResult(models.Model):
    """An outcome or an output of a project's results framework (outputs sit under an outcome)."""

    class Level(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="results"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("outcome"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outputs",
    )
    code = models.CharField(_("code"), max_length=12, help_text=_("e.g. 1 or 1.2"))
    statement = models.TextField(_("statement"))

    class Meta:
        ordering = ["project", "code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="result_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.statement[:60]}"

    def clean(self):
        if self.level == self.Level.OUTPUT and not self.parent_id:
            raise ValidationError({"parent": _("An output sits under an outcome.")})
        if self.level == self.Level.OUTCOME and self.parent_id:
            raise ValidationError({"parent": _("An outcome does not sit under another result.")})
        if self.parent_id and self.parent.project_id != self.project_id:
            raise ValidationError({"parent": _("This outcome belongs to another project.")})


class ProjectPartner(models.Model):
    """An organisation that takes part in a project, and in what role."""

    class Role(models.TextChoices):
        IMPLEMENTING = "implementing", _("Implementing partner")
        GOVERNMENT = "government", _("Government counterpart")
        BENEFICIARY = "beneficiary", _("Beneficiary of capacity building")
        REFERRAL = "referral", _("Referral partner")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["project", "organisation__name"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="project_partner_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class NeedFunding(models.Model):
    """A facility's need funded by a project: the need's funder and the amount committed."""

    need = models.OneToOneField(
        "assessments.Need",
        verbose_name=_("need"),
        on_delete=models.CASCADE,
        related_name="funding",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="fundings"
    )
    amount = models.DecimalField(
        _("amount (MAD)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "pk"]
        verbose_name = _("funded need")
        verbose_name_plural = _("funded needs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="need_funding_amount_positive"
            )
        ]

    def __str__(self):
        return f"{self.project.code}: {self.need}"

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount must be more than zero.")
        if self.need_id and self.project_id:
            project = self.project
            if project.status == Project.Status.COMPLETED:
                errors["project"] = _("A completed project cannot fund new needs.")
            elif (
                not project.is_national
                and not project.regions.filter(pk=self.need.facility.region_id).exists()
            ):
                errors["project"] = _("The project does not cover the facility's region.")
        if errors:
            raise ValidationError(errors)
