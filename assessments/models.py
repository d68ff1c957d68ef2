"""Needs assessments: versioned frameworks of criteria, assessments and their answers, needs.

A framework in use never changes: once published, its criteria are frozen and a new version is
made instead, so that every stored score can be traced to the exact questions that produced it.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import StaleChanges, VersionedModel, person
from common.workflow import ADMINISTRATORS, IOM_STAFF, Move, Workflow, WorkflowModel, for_anyone
from facilities.models import Facility, localized

from . import notices, reassessment, scoring
from .managers import AssessmentManager, FrameworkManager, NeedManager


class Dimension(models.TextChoices):
    """The four dimensions of the reception terms of reference, in the order they are asked."""

    ACCESSIBILITY = "accessibility", _("Accessibility and inclusivity")
    SAFETY = "safety", _("Safety")
    SERVICES = "services", _("Services available")
    PROTECTION = "protection", _("Protection mechanisms")


class FrameworkLocked(ValidationError):
    """Raised when code tries to change a framework (or its criteria) that is no longer a draft."""


def _framework_has_criteria(framework) -> str | None:
    if not framework.criteria.exists():
        return _("A framework needs at least one criterion to be published.")
    return None


class Framework(WorkflowModel):
    """A versioned set of criteria; only a published framework is used for new assessments."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    # draft → published (frozen, used by new assessments) → retired (kept for past ones).
    workflow = Workflow(
        Move(
            (Status.DRAFT,),
            Status.PUBLISHED,
            for_anyone(permissions.is_admin),
            ADMINISTRATORS,
            guard=_framework_has_criteria,
        ),
        Move(
            (Status.PUBLISHED,),
            Status.RETIRED,
            for_anyone(permissions.is_admin),
            ADMINISTRATORS,
        ),
    )

    name = models.CharField(_("name"), max_length=160)
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_versions",
    )
    weight_accessibility = models.PositiveSmallIntegerField(
        _("weight of accessibility"), default=1, validators=[MinValueValidator(1)]
    )
    weight_safety = models.PositiveSmallIntegerField(
        _("weight of safety"), default=1, validators=[MinValueValidator(1)]
    )
    weight_services = models.PositiveSmallIntegerField(
        _("weight of services"), default=1, validators=[MinValueValidator(1)]
    )
    weight_protection = models.PositiveSmallIntegerField(
        _("weight of protection"), default=1, validators=[MinValueValidator(1)]
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FrameworkManager()

    history = HistoricalRecords()
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["name", "-created_at"]
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="framework_name_version")
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def save(self, *args, **kwargs):
        """Refuse any change to a framework that is stored as published or retired."""
        if self.pk:
            stored = Framework.objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] != self.Status.DRAFT and not self._moving:
                raise FrameworkLocked(
                    _("%(framework)s is %(status)s and cannot be changed; make a new version.")
                    % {"framework": self, "status": self.get_status_display().lower()}
                )
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def dimension_weights(self) -> dict[str, int]:
        return {dimension: getattr(self, f"weight_{dimension}") for dimension in Dimension.values}

    def on_move(self, move, user, reason) -> dict:
        if move.target == self.Status.PUBLISHED:
            return {"published_at": timezone.now()}
        return {}

    def publish(self, user=None) -> None:
        """Freeze a draft and make it the framework new assessments use."""
        self.move(self.Status.PUBLISHED, user)

    def retire(self, user=None) -> None:
        """Stop using a published framework for new assessments; past ones keep it."""
        self.move(self.Status.RETIRED, user)

    @transaction.atomic
    def new_version(self, version: str) -> "Framework":
        """Copy this framework and its criteria into a new draft that can be edited."""
        draft = Framework.objects.create(
            name=self.name,
            version=version,
            description=self.description,
            based_on=self,
            **self.dimension_weights_fields(),
        )
        criteria = list(self.criteria.all())
        for criterion in criteria:
            criterion.pk = None
            criterion.framework = draft
        Criterion.objects.bulk_create(criteria)
        return draft

    def dimension_weights_fields(self) -> dict[str, int]:
        return {f"weight_{d}": w for d, w in self.dimension_weights().items()}

    def criteria_for(self, facility_kind: str) -> list["Criterion"]:
        """The criteria asked of a facility of this kind, in the order they are asked."""
        return [c for c in self.criteria.all() if c.applies_to(facility_kind)]


class Criterion(models.Model):
    """One question of a framework, scored 0-3, with the standard it comes from."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="criteria"
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    code = models.CharField(_("code"), max_length=12, help_text=_("For example ACC-03."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question_fr = models.TextField(_("question (French)"))
    question_ar = models.TextField(_("question (Arabic)"), blank=True)
    question_en = models.TextField(_("question (English)"), blank=True)
    guidance_fr = models.TextField(_("guidance for the assessor (French)"), blank=True)
    guidance_ar = models.TextField(_("guidance for the assessor (Arabic)"), blank=True)
    guidance_en = models.TextField(_("guidance for the assessor (English)"), blank=True)
    recommendation_fr = models.TextField(_("recommendation (French)"), blank=True)
    recommendation_ar = models.TextField(_("recommendation (Arabic)"), blank=True)
    recommendation_en = models.TextField(_("recommendation (English)"), blank=True)
    standard = models.CharField(
        _("reference standard"),
        max_length=255,
        help_text=_("The standard the criterion comes from, e.g. Sphere Handbook 2018, WASH 3.2."),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    facility_kinds = models.JSONField(
        _("facility kinds"),
        default=list,
        blank=True,
        help_text=_("The kinds of facility this criterion applies to; empty means all kinds."),
    )
    is_critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Failing this criterion endangers people.")
    )
    photo_useful = models.BooleanField(
        _("photo useful"), default=False, help_text=_("The assessor is invited to add a photo.")
    )

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="criterion_code_per_framework"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.question}"

    def save(self, *args, **kwargs):
        """Refuse to add or change a criterion of a framework that is not a draft."""
        self._check_framework_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_framework_editable()
        return super().delete(*args, **kwargs)

    def _check_framework_editable(self):
        status = Framework.objects.filter(pk=self.framework_id).values_list("status", flat=True)
        if status and status[0] != Framework.Status.DRAFT:
            raise FrameworkLocked(
                _("The criteria of a published or retired framework cannot be changed.")
            )

    def clean(self):
        unknown = set(self.facility_kinds or []) - set(Facility.Kind.values)
        if unknown:
            raise ValidationError(
                {"facility_kinds": _("Unknown facility kinds: %s") % ", ".join(sorted(unknown))}
            )

    def applies_to(self, facility_kind: str) -> bool:
        return not self.facility_kinds or facility_kind in self.facility_kinds

    @property
    def question(self) -> str:
        return localized(self, "question")[0]

    @property
    def guidance(self) -> str:
        return localized(self, "guidance")[0]

    @property
    def recommendation(self) -> str:
        return localized(self, "recommendation")[0]


def _assessment_is_complete(assessment) -> str | None:
    missing = assessment.unanswered()
    if missing:
        return _("Answer every criterion before submitting: %(missing)s.") % {
            "missing": ", ".join(f"{Dimension(d).label} ({n})" for d, n in sorted(missing.items()))
        }
    return None


class Assessment(VersionedModel, WorkflowModel):
    """One visit's assessment of a facility against a framework, and its stored results."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")
        RETURNED = "returned", _("Returned for correction")

    # The author submits a complete draft (or a returned one, corrected); IOM staff validate it
    # or return it to the author with what to correct.
    workflow = Workflow(
        Move(
            (Status.DRAFT, Status.RETURNED),
            Status.SUBMITTED,
            permissions.edits_assessment,
            pgettext_lazy("who may make a move", "its author's organisation and IOM staff"),
            guard=_assessment_is_complete,
        ),
        Move((Status.SUBMITTED,), Status.VALIDATED, for_anyone(permissions.is_iom), IOM_STAFF),
        Move(
            (Status.SUBMITTED,),
            Status.RETURNED,
            for_anyone(permissions.is_iom),
            IOM_STAFF,
            reason=True,
        ),
    )

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="assessments"
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("date of the visit"), default=timezone.localdate)
    assessor_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("assessor organisation"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("general observations"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        related_name="validated_assessments",
        null=True,
        blank=True,
    )
    return_comment = models.TextField(_("reason for returning"), blank=True)
    # Results: computed by compute_results() on submit and on validation, never on read.
    score_accessibility = models.FloatField(_("accessibility score"), null=True, blank=True)
    score_safety = models.FloatField(_("safety score"), null=True, blank=True)
    score_services = models.FloatField(_("services score"), null=True, blank=True)
    score_protection = models.FloatField(_("protection score"), null=True, blank=True)
    overall_score = models.FloatField(_("overall score"), null=True, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), null=True, blank=True)
    critical_gaps = models.PositiveSmallIntegerField(_("critical gaps"), default=0)
    needs_cost = models.DecimalField(
        _("total needs cost (MAD)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    # True on the one validated assessment per facility that prioritisation reads.
    is_latest_validated = models.BooleanField(default=False, editable=False)
    # 0-100, on the latest validated assessment only: what the ranking is read in order of
    # (`prioritisation.refresh_priorities`, the one place that writes it).
    priority = models.FloatField(_("priority"), null=True, blank=True, editable=False)
    # The Kobo submission it was imported from, by its stable key (`Submission.key`: the
    # rootUuid, which every edit of the submission keeps): importing it again adds nothing.
    kobo_uuid = models.CharField(
        _("Kobo submission"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # The `_uuid` of the version imported (Kobo gives each edit a new one); empty on rows
    # imported before edits were followed, whose version is their `kobo_uuid`.
    kobo_version_uuid = models.CharField(
        _("Kobo submission version"), max_length=64, blank=True, default="", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssessmentManager()

    # The priority is derived from the weights and the facility: its changes are not edits.
    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at", "priority"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["facility", "status"]),
            models.Index(fields=["is_latest_validated", "overall_score"]),
            # The assessment list's order: a page read from the index, not a sort of the table.
            models.Index(fields=["-assessed_on", "-id"], name="assessment_date_order"),
            # The ranking's order: a page of it read from the index, not a sort of every row.
            models.Index(
                fields=["-priority", "-critical_gaps"],
                name="assessment_priority_order",
                condition=models.Q(is_latest_validated=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["facility"],
                condition=models.Q(is_latest_validated=True),
                name="one_latest_validated_assessment_per_facility",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__isnull=True)
                | models.Q(severity__gte=1, severity__lte=5),
                name="assessment_severity_1_to_5",
            ),
        ]

    def stale_changes(self, seen: int) -> StaleChanges:
        """Who saved answers since the page was loaded, and the criteria of their last save."""
        changes = StaleChanges(
            people=[person(self.changed_by)] if self.changed_by else [], when=self.changed_at
        )
        if self.changed_at:
            codes = self.answers.filter(updated_at__gte=self.changed_at).values_list(
                "criterion__code", flat=True
            )
            if codes:
                changes.fields = [
                    _("the answers to %(criteria)s") % {"criteria": ", ".join(sorted(codes))}
                ]
            if self.moves.filter(at__gte=self.changed_at).exists():
                changes.fields.append(str(self._meta.get_field("status").verbose_name))
        return changes

    def __str__(self):
        return _("Assessment of %(facility)s on %(date)s") % {
            "facility": self.facility,
            "date": self.assessed_on,
        }

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """Answers and needs change only while the assessment is a draft or returned."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def dimension_scores(self) -> dict[str, float | None]:
        return {d: getattr(self, f"score_{d}") for d in Dimension.values}

    def criteria(self) -> list[Criterion]:
        """The criteria this assessment asks, given its facility's kind."""
        return self.framework.criteria_for(self.facility.kind)

    def unanswered(self) -> dict[str, int]:
        """How many applicable criteria are still unanswered, per dimension (zeros left out)."""
        answered = set(self.answers.values_list("criterion_id", flat=True))
        missing: dict[str, int] = {}
        for criterion in self.criteria():
            if criterion.pk not in answered:
                missing[criterion.dimension] = missing.get(criterion.dimension, 0) + 1
        return missing

    def progress(self, criteria: list[Criterion] | None = None) -> list[dict]:
        """Per dimension, in order: how many criteria are asked and how many are answered."""
        criteria = self.criteria() if criteria is None else criteria
        answered = set(self.answers.values_list("criterion_id", flat=True))
        rows = []
        for dimension in Dimension:
            asked = [c for c in criteria if c.dimension == dimension]
            done = sum(1 for c in asked if c.pk in answered)
            rows.append(
                {
                    "dimension": dimension.value,
                    "label": dimension.label,
                    "total": len(asked),
                    "answered": done,
                    "percent": round(100 * done / len(asked)) if asked else 100,
                }
            )
        return rows

    def compute_results(self) -> None:
        """Score the answers with `scoring.score_answers` and store the figures on the record."""
        applicable = {c.pk for c in self.criteria()}
        answers = [
            scoring.ScoredAnswer(
                dimension=a.criterion.dimension,
                weight=a.criterion.weight,
                score=None if a.not_applicable else a.score,
                is_critical=a.criterion.is_critical,
            )
            for a in self.answers.select_related("criterion")
            if a.criterion_id in applicable
        ]
        results = scoring.score_answers(
            answers, Dimension.values, self.framework.dimension_weights()
        )
        for dimension, score in results.dimension_scores.items():
            setattr(self, f"score_{dimension}", score)
        self.overall_score = results.overall
        self.severity = results.severity
        self.critical_gaps = results.critical_gaps
        self.needs_cost = self.needs.aggregate(total=models.Sum("total_cost"))["total"] or Decimal(
            "0"
        )

    def on_move(self, move, user, reason) -> dict:
        """Scores are computed on submission and on validation; each move stamps its own date."""
        fields = {}
        if move.target == self.Status.VALIDATED:
            # Before the results: the needs carried over count in this assessment's needs cost.
            reassessment.settle_earlier_needs(self, user, getattr(self, "_need_choices", None))
        if move.target in (self.Status.SUBMITTED, self.Status.VALIDATED):
            self.compute_results()
            fields = {name: getattr(self, name) for name in RESULT_FIELDS}
        if move.target == self.Status.SUBMITTED:
            fields["submitted_at"] = timezone.now()
        elif move.target == self.Status.VALIDATED:
            fields.update(validated_at=timezone.now(), validated_by=user, return_comment="")
        elif move.target == self.Status.RETURNED:
            fields["return_comment"] = reason.strip()
        return fields

    def submit(self, user, seen_version: int | None = None) -> None:
        """Send a complete draft (or a corrected, returned one) to IOM for validation.

        `seen_version`, here and in validate() and return_to_author(), is the version the
        user's page showed: an assessment changed since is refused.
        """
        self.move(self.Status.SUBMITTED, user, seen_version=seen_version)

    def after_move(self, move, user) -> None:
        """A validated assessment becomes its facility's current one if it is the latest; those
        concerned are told of every move (`notices.py`)."""
        if move.target == self.Status.VALIDATED:
            self.refresh_latest_validated(self.facility_id)
            self.refresh_from_db(fields=["is_latest_validated"])
        notices.assessment_moved(self, move.target, user)

    def validate(
        self,
        user,
        comment: str = "",
        seen_version: int | None = None,
        need_choices: dict[int, str] | None = None,
    ) -> None:
        """IOM staff accept a submitted assessment; it becomes the facility's current one.

        The open needs of the earlier assessments are settled in the same transaction
        (`reassessment.py`): by `need_choices` ({need id: Choice}), else as proposed.
        """
        self._need_choices = need_choices
        try:
            self.move(self.Status.VALIDATED, user, comment, seen_version=seen_version)
        finally:
            self._need_choices = None

    def return_to_author(self, user, comment: str, seen_version: int | None = None) -> None:
        """IOM staff send a submitted assessment back to its author with what to fix."""
        self.move(self.Status.RETURNED, user, comment, seen_version=seen_version)

    @classmethod
    def refresh_latest_validated(cls, facility_id: int) -> None:
        """Mark the facility's most recent validated assessment as the one prioritisation reads."""
        validated = cls.objects.filter(facility_id=facility_id, status=cls.Status.VALIDATED)
        latest = validated.order_by("-assessed_on", "-validated_at", "-pk").first()
        from .prioritisation import refresh_priorities

        validated.exclude(pk=getattr(latest, "pk", None)).filter(is_latest_validated=True).update(
            is_latest_validated=False, priority=None
        )
        if latest and not latest.is_latest_validated:
            cls.objects.filter(pk=latest.pk).update(is_latest_validated=True)
        refresh_priorities([facility_id])


def answer_photo_path(answer, filename: str) -> str:
    return f"assessments/{answer.assessment_id}/{filename}"


RESULT_FIELDS = [
    *(f"score_{dimension}" for dimension in Dimension.values),
    "overall_score",
    "severity",
    "critical_gaps",
    "needs_cost",
]


class Answer(models.Model):
    """The score (0-3) or "not applicable" given to one criterion in one assessment."""

    class Score(models.IntegerChoices):
        ABSENT = 0, _("0 — absent or dangerous")
        INSUFFICIENT = 1, _("1 — insufficient")
        PARTIAL = 2, _("2 — partial")
        MEETS = 3, _("3 — meets the standard")

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=Score.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(3)],
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=answer_photo_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__order", "criterion__code"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_answer_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable=True, score__isnull=True)
                | models.Q(not_applicable=False, score__gte=0, score__lte=3),
                name="answer_score_0_to_3_or_not_applicable",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {'N/A' if self.not_applicable else self.score}"

    def clean(self):
        if (
            self.criterion_id
            and self.assessment_id
            and self.criterion.framework_id != self.assessment.framework_id
        ):
            raise ValidationError({"criterion": _("This criterion belongs to another framework.")})
        if not self.not_applicable and self.score is None:
            raise ValidationError({"score": _("Choose a score from 0 to 3 or not applicable.")})


class Need(VersionedModel, WorkflowModel):
    """Work or equipment a facility needs, found by an assessment, costed in dirhams."""

    class Kind(models.TextChoices):
        RENOVATION = "renovation", _("Renovation")
        EQUIPMENT = "equipment", _("Equipment")
        STAFFING = "staffing", _("Staffing")
        TRAINING = "training", _("Training")

    class Urgency(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediate")
        THREE_MONTHS = "3_months", _("Within 3 months")
        TWELVE_MONTHS = "12_months", _("Within 12 months")

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        PLANNED = "planned", _("Planned")
        FUNDED = "funded", _("Funded")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        SUPERSEDED = "superseded", _("Superseded by a later assessment")

    # The steps a need goes through; `superseded` is outside them: a later assessment replaced it.
    STEPS = (
        Status.IDENTIFIED,
        Status.PLANNED,
        Status.FUNDED,
        Status.IN_PROGRESS,
        Status.DONE,
    )
    # The one definition of a closed need: every count of "open needs" excludes these.
    CLOSED_STATUSES = (Status.DONE, Status.SUPERSEDED)

    # IOM staff move a need one step forward, or one step back to correct a mistake; recording
    # a project's funding moves an identified or planned need to funded at once. Validating a
    # re-assessment closes the previous assessment's open needs the validator chose to close
    # (`reassessment.py`): done at once when the criterion now meets the standard, or superseded.
    workflow = Workflow(
        *(
            Move((source,), target, for_anyone(permissions.is_iom), IOM_STAFF)
            for steps in (STEPS, STEPS[::-1])
            for source, target in zip(steps, steps[1:], strict=False)
        ),
        Move(
            (Status.IDENTIFIED,),
            Status.FUNDED,
            for_anyone(permissions.is_iom),
            IOM_STAFF,
            offered=False,
        ),
        Move(
            (Status.IDENTIFIED, Status.PLANNED, Status.FUNDED),
            Status.DONE,
            for_anyone(permissions.is_iom),
            IOM_STAFF,
            reason=True,
            offered=False,
        ),
        Move(
            (Status.IDENTIFIED, Status.PLANNED, Status.FUNDED, Status.IN_PROGRESS),
            Status.SUPERSEDED,
            for_anyone(permissions.is_iom),
            IOM_STAFF,
            reason=True,
            offered=False,
        ),
    )

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.CASCADE, related_name="needs"
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="needs",
        null=True,
        blank=True,
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="needs",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. m², unit, day"))
    unit_cost = models.DecimalField(
        _("unit cost (MAD)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    total_cost = models.DecimalField(
        _("total cost (MAD)"), max_digits=14, decimal_places=2, editable=False, default=0
    )
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NeedManager()

    # The priority is derived from the weights and the facility: its changes are not edits.
    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at", "priority"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["facility", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["status", "urgency"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0), name="need_unit_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="need_quantity_positive"
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def save(self, *args, **kwargs):
        self.total_cost = (self.quantity or 0) * (self.unit_cost or 0)
        if self.assessment_id and not self.facility_id:
            self.facility_id = self.assessment.facility_id
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.criterion_id and self.assessment_id:
            if self.criterion.framework_id != self.assessment.framework_id:
                errors["criterion"] = _("This criterion belongs to another framework.")
            elif self.criterion.dimension != self.dimension:
                errors["criterion"] = _("This criterion belongs to another dimension.")
        if self.unit_cost is not None and self.unit_cost < 0:
            errors["unit_cost"] = _("A cost cannot be negative.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """Not done and not superseded: the gap still counts (`NeedQuerySet.open` in SQL)."""
        return self.status not in self.CLOSED_STATUSES

    def next_statuses(self) -> list[str]:
        """The statuses this need may move to: one step forward or one step back."""
        return self.workflow.targets(self, None)

    def after_move(self, move, user) -> None:
        """The managing organisation is told when the need is funded or done (`notices.py`)."""
        notices.need_moved(self, move.target, user)

    def mark_funded(self, user) -> bool:
        """A project now funds the need: one only identified or planned becomes funded at once;
        one already funded or under way keeps its status. Returns whether the status changed."""
        if self.status not in (self.Status.IDENTIFIED, self.Status.PLANNED):
            return False
        self.move(self.Status.FUNDED, user, offered_only=False)
        return True

    def set_status(self, status: str, user, seen_version: int | None = None) -> None:
        """Move the need along identified → planned → funded → in progress → done.

        `seen_version` is the version the user's page showed: a need changed since is refused.
        """
        self.move(status, user, seen_version=seen_version)


class PrioritySettings(VersionedModel):
    """The weights of the priority score: one row, changed by IOM staff on the weights page
    after a preview of the ranking, each change logged with its reason (sensible defaults)."""

    weight_gap = models.PositiveSmallIntegerField(
        _("weight of the gap (100 − overall score)"), default=40
    )
    weight_severity = models.PositiveSmallIntegerField(_("weight of severity"), default=20)
    weight_people = models.PositiveSmallIntegerField(_("weight of people served"), default=15)
    weight_vulnerable = models.PositiveSmallIntegerField(
        _("weight of vulnerable groups served"), default=15
    )
    weight_critical = models.PositiveSmallIntegerField(_("weight of critical gaps"), default=10)
    people_reference = models.PositiveIntegerField(
        _("people for a full score"),
        default=100,
        validators=[MinValueValidator(1)],
        help_text=_("A facility serving this many people or more gets the full people term."),
    )
    critical_gaps_reference = models.PositiveSmallIntegerField(
        _("critical gaps for a full score"), default=3, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    # The log of the weights: who changed what, when, and why (the reason is required on the
    # weights page, so it may be longer than simple-history's default 100 characters).
    history = HistoricalRecords(
        excluded_fields=["changed_by", "changed_at", "updated_at"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        verbose_name = _("prioritisation weights")
        verbose_name_plural = _("prioritisation weights")

    def __str__(self):
        return str(_("Prioritisation weights"))

    def save(self, *args, **kwargs):
        from .prioritisation import refresh_priorities

        self.pk = 1
        super().save(*args, **kwargs)
        # The stored priorities follow the weights in the same transaction.
        refresh_priorities()

    # Weights are shares of their sum: 0 to 1000 says everything, more is a typing error.
    MAX_WEIGHT = 1000
    WEIGHT_FIELDS = (
        "weight_gap",
        "weight_severity",
        "weight_people",
        "weight_vulnerable",
        "weight_critical",
    )

    def clean(self):
        errors = {
            name: _("A weight goes from 0 to %(max)s.") % {"max": self.MAX_WEIGHT}
            for name in self.WEIGHT_FIELDS
            if getattr(self, name) is not None and not 0 <= getattr(self, name) <= self.MAX_WEIGHT
        }
        if errors:
            raise ValidationError(errors)
        if not self.total_weight:
            raise ValidationError(_("At least one weight must be above zero."))

    @property
    def total_weight(self) -> int:
        return (
            self.weight_gap
            + self.weight_severity
            + self.weight_people
            + self.weight_vulnerable
            + self.weight_critical
        )

    @classmethod
    def load(cls) -> "PrioritySettings":
        """The one settings row, created with the defaults the first time it is asked for."""
        return cls.objects.get_or_create(pk=1)[0]
