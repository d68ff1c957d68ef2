"""Who helps returnees reintegrate, with what, where: actors, services, SWOT, roadmap, pathways."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel
from common.workflow import IOM_STAFF, Move, Workflow, WorkflowModel, for_anyone
from facilities.models import Facility, Region, ServiceCategory

from ..managers import ActorQuerySet

RATING = [MinValueValidator(1), MaxValueValidator(5)]
CAPACITIES = (
    ("technical_expertise", _("technical expertise")),
    ("human_resources", _("human resources")),
    ("financial_means", _("financial means")),
    ("geographic_reach", _("geographic reach")),
    ("returnee_experience", _("experience with returnees")),
)


class ActorProfile(VersionedModel):
    """An organisation seen as a reintegration actor: current or potential, where, how capable.

    The capacity ratings (1-5) and the SWOT are internal to IOM.
    """

    class Standing(models.TextChoices):
        CURRENT = "current", _("Current actor")
        POTENTIAL = "potential", _("Potential actor")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        LOCAL = "local", _("Local")

    class Engagement(models.TextChoices):
        NOT_CONTACTED = "not_contacted", _("Not contacted yet")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        ENGAGED = "engaged", _("Engaged (agreement or regular referrals)")
        DECLINED = "declined", _("Declined")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="actor_profile",
    )
    standing = models.CharField(
        _("current or potential"), max_length=20, choices=Standing.choices, default="current"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), related_name="actors", blank=True
    )
    engagement = models.CharField(
        _("engagement"), max_length=20, choices=Engagement.choices, default="not_contacted"
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    technical_expertise = models.PositiveSmallIntegerField(
        _("technical expertise (1-5)"), null=True, blank=True, validators=RATING
    )
    technical_expertise_comment = models.TextField(_("comment on technical expertise"), blank=True)
    human_resources = models.PositiveSmallIntegerField(
        _("human resources (1-5)"), null=True, blank=True, validators=RATING
    )
    human_resources_comment = models.TextField(_("comment on human resources"), blank=True)
    financial_means = models.PositiveSmallIntegerField(
        _("financial means (1-5)"), null=True, blank=True, validators=RATING
    )
    financial_means_comment = models.TextField(_("comment on financial means"), blank=True)
    geographic_reach = models.PositiveSmallIntegerField(
        _("geographic reach (1-5)"), null=True, blank=True, validators=RATING
    )
    geographic_reach_comment = models.TextField(_("comment on geographic reach"), blank=True)
    returnee_experience = models.PositiveSmallIntegerField(
        _("experience with returnees (1-5)"), null=True, blank=True, validators=RATING
    )
    returnee_experience_comment = models.TextField(
        _("comment on experience with returnees"), blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("reintegration actor")
        verbose_name_plural = _("reintegration actors")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="actor_coordinates_both_or_neither",
            )
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("referrals:actor_detail", args=[self.pk])

    # On the map a current actor is drawn like an open facility, a potential one like a planned
    # facility: the marker classes of static/css/manara.css, which the map's legend shows too.
    MAP_MARKERS = {Standing.CURRENT: "active", Standing.POTENTIAL: "planned"}

    @property
    def map_marker(self) -> str:
        """The marker of this actor on the map (`MAP_MARKERS`)."""
        return self.MAP_MARKERS[self.standing]

    def capacities(self) -> list[tuple[str, int | None, str]]:
        """Each capacity as (label, rating 1-5 or None, comment)."""
        return [
            (label, getattr(self, name), getattr(self, f"{name}_comment"))
            for name, label in CAPACITIES
        ]


class ActorService(VersionedModel):
    """A service category an actor offers, in some regions, on some conditions."""

    actor = models.ForeignKey(
        ActorProfile, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="services"
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="actor_services",
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions served"), related_name="actor_services"
    )
    conditions = models.TextField(_("conditions of access"), blank=True)
    contact_point = models.CharField(_("contact point"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language codes, e.g. ar, fr.")
    )
    monthly_capacity = models.PositiveIntegerField(_("people per month"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["actor__organisation__name", "category__order"]
        verbose_name = _("actor service")
        verbose_name_plural = _("actor services")
        constraints = [
            models.UniqueConstraint(fields=["actor", "category"], name="one_service_per_category")
        ]

    def __str__(self):
        return f"{self.actor} — {self.category}"

    def regions_outside_actor(self, regions) -> list:
        """The regions among `regions` where this service's actor does not work.

        A many-to-many rule, so it cannot live in clean() (the regions are saved after the
        row): ActorServiceForm asks it, and the admin and the staff pages use that form.
        """
        if not self.actor_id or self.actor.pk is None:
            return []
        worked = set(self.actor.regions.values_list("pk", flat=True))
        return [region for region in regions if region.pk not in worked]

    def language_names(self) -> list[str]:
        names = dict(Facility.LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.languages]

    @property
    def anchor(self) -> str:
        """The id of this service's row on its actor's page."""
        return f"service-{self.pk}"

    def get_absolute_url(self):
        """The actor's page, at this service's row."""
        return f"{self.actor.get_absolute_url()}#{self.anchor}"


class SwotEntry(VersionedModel):
    """One strength, weakness, opportunity or threat of an actor, with where it comes from."""

    class Quadrant(models.TextChoices):
        STRENGTH = "S", _("Strength")
        WEAKNESS = "W", _("Weakness")
        OPPORTUNITY = "O", _("Opportunity")
        THREAT = "T", _("Threat")

    class Source(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        FOCUS_GROUP = "focus_group", _("Focus group")
        DOCUMENT_REVIEW = "document_review", _("Document review")
        FIELD_VISIT = "field_visit", _("Field visit")

    actor = models.ForeignKey(
        ActorProfile, verbose_name=_("actor"), on_delete=models.CASCADE, related_name="swot"
    )
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    text = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["actor", "quadrant", "-recorded_on", "pk"]
        verbose_name = _("SWOT entry")
        verbose_name_plural = _("SWOT entries")

    def __str__(self):
        return f"{self.get_quadrant_display()}: {self.text[:60]}"


class Recommendation(VersionedModel, WorkflowModel):
    """An action of the roadmap, for one actor or for a region's network of actors."""

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    # IOM staff follow the roadmap: planned → in progress → done; an action is cancelled, or one
    # done or cancelled reopened, with the reason; a start recorded by mistake goes back.
    workflow = Workflow(
        Move((Status.PLANNED,), Status.IN_PROGRESS, for_anyone(permissions.is_iom), IOM_STAFF),
        Move((Status.IN_PROGRESS,), Status.PLANNED, for_anyone(permissions.is_iom), IOM_STAFF),
        Move((Status.IN_PROGRESS,), Status.DONE, for_anyone(permissions.is_iom), IOM_STAFF),
        Move(
            (Status.PLANNED, Status.IN_PROGRESS),
            Status.CANCELLED,
            for_anyone(permissions.is_iom),
            IOM_STAFF,
            reason=True,
        ),
        Move(
            (Status.DONE, Status.CANCELLED),
            Status.IN_PROGRESS,
            for_anyone(permissions.is_iom),
            IOM_STAFF,
            reason=True,
        ),
    )

    actor = models.ForeignKey(
        ActorProfile,
        verbose_name=_("actor"),
        on_delete=models.CASCADE,
        related_name="recommendations",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="recommendations",
        null=True,
        blank=True,
    )
    action = models.TextField(_("action"))
    responsible = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_on = models.DateField(_("made on"), default=timezone.localdate, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | models.Q(region__isnull=False),
                name="recommendation_for_an_actor_or_a_region",
            )
        ]

    def __str__(self):
        return self.action[:80]

    def clean(self):
        if not self.actor_id and not self.region_id:
            raise ValidationError(_("A recommendation is for an actor or for a region's network."))
        made_on = self.created_on or timezone.localdate()
        if self.due_on and self.due_on < made_on:
            raise ValidationError(
                {
                    "due_on": _(
                        "The due date cannot be before the recommendation was made (%(date)s)."
                    )
                    % {"date": formats.date_format(made_on, "SHORT_DATE_FORMAT")}
                }
            )

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_on is not None
            and self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
            and self.due_on < timezone.localdate()
        )


class Pathway(VersionedModel):
    """Where to refer someone in a region for one kind of service: an ordered list of providers."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="pathways"
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="pathways",
    )
    eligibility = models.TextField(_("eligibility"), blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["region__code", "category__order"]
        verbose_name = _("referral pathway")
        verbose_name_plural = _("referral pathways")
        constraints = [
            models.UniqueConstraint(fields=["region", "category"], name="one_pathway_per_cell")
        ]

    def __str__(self):
        return f"{self.region} — {self.category}"


class PathwayStep(models.Model):
    """One provider of a pathway: first contact (order 1), then the alternatives."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    service = models.ForeignKey(
        ActorService, verbose_name=_("actor service"), on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["pathway", "order", "pk"]
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")

    def __str__(self):
        return f"{self.order}. {self.service}"

    def clean(self):
        if (
            self.service_id
            and self.pathway_id
            and (
                self.service.category_id != self.pathway.category_id
                or not self.service.regions.filter(pk=self.pathway.region_id).exists()
            )
        ):
            raise ValidationError(
                _("This actor does not offer the pathway's service in the pathway's region.")
            )
