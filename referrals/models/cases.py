"""People referred between organisations: pseudonymous cases, referrals, follow-up.

A case carries a system-made reference; the name and phone number are optional, seen only by
the organisation that owns the case and by IOM, and every opening of them is logged. A referral
moves through a fixed workflow, each step recorded with who and when; a change made from a stale
page is refused rather than silently overwriting another person's change.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import StaleChanges, VersionedModel, person
from common.encryption import EncryptedCharField
from common.workflow import Move, MoveRefused, Workflow, WorkflowModel
from facilities.models import Province, Region, ServiceCategory

from ..managers import CaseQuerySet, ReferralQuerySet
from ..sustainability import IndicatorAnswer, answer_score, sustainability_scores
from .actors import ActorService
from .sustainability import SustainabilitySettings

RESPONSE_WORKING_DAYS = 5
# The statuses of a referral under way (the caseload's "accepted or in progress" tab), for the
# partial indexes of that tab (Referral.Meta cannot read Referral.Status).
UNDER_WAY = ("accepted", "in_progress")


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


class Case(VersionedModel):
    """A person followed by the mechanism, known by a pseudonymous reference."""

    class Programme(models.TextChoices):
        AVRR = "avrr", _("Returnees (AVRR)")
        VULNERABLE_MIGRANTS = "vulnerable_migrants", _("Vulnerable migrants in Morocco")
        OTHER = "other", _("Other")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNDISCLOSED = "undisclosed", _("Not disclosed")

    class AgeBand(models.TextChoices):
        CHILD = "0-17", _("0–17")
        YOUTH = "18-24", _("18–24")
        ADULT_25 = "25-34", _("25–34")
        ADULT_35 = "35-49", _("35–49")
        ADULT_50 = "50-59", _("50–59")
        ELDER = "60+", _("60 and over")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    VULNERABILITIES = [
        ("medical", _("Medical condition")),
        ("mental_health", _("Mental health need")),
        ("disability", _("Disability")),
        ("single_parent", _("Single parent")),
        ("unaccompanied_child", _("Unaccompanied child")),
        ("trafficking", _("Victim of trafficking")),
        ("gbv", _("GBV survivor")),
        ("elderly", _("Elderly person")),
        ("other", _("Other")),
    ]
    PREFIXES = {"avrr": "RET", "vulnerable_migrants": "MIG", "other": "CAS"}

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    programme = models.CharField(_("programme"), max_length=30, choices=Programme.choices)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region of return"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    needs = models.ManyToManyField(
        ServiceCategory, verbose_name=_("needs"), related_name="cases", blank=True
    )
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_on = models.DateField(_("date of consent"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_scope = models.TextField(
        _("scope of consent"),
        blank=True,
        help_text=_("e.g. share the case's data with the organisations it is referred to"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Identifying details: optional, never in lists, exports or logs; encrypted at rest with
    # FIELD_ENCRYPTION_KEYS (a database dump alone does not tell who), empty stored empty.
    full_name = EncryptedCharField(_("full name"), max_length=200, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    identity_erased_at = models.DateTimeField(_("identifying details erased at"), null=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    # The name and phone stay out of the activity log: it is read by more people.
    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at", "full_name", "phone"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # The case list's order, for IOM (every case) and for a partner (its own cases).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="case_newest_idx"),
            models.Index(fields=["owner", "-created_at", "-id"], name="case_owner_newest_idx"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.reference:
            return super().save(*args, **kwargs)
        # Two people registering at once may compute the same number: retry on the next one.
        for _attempt in range(5):
            self.reference = self._next_reference()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                self.reference = ""
        raise IntegrityError("Could not allocate a case reference.")

    def get_absolute_url(self):
        return reverse("referrals:case_detail", args=[self.pk])

    def clean(self):
        unknown = set(self.vulnerabilities or []) - {code for code, _label in self.VULNERABILITIES}
        if unknown:
            raise ValidationError({"vulnerabilities": _("Unknown vulnerability.")})
        if self.consent_given and not self.consent_on:
            raise ValidationError({"consent_on": _("Give the date the consent was recorded.")})
        if self.province_id and self.region_id and self.province.region_id != self.region_id:
            raise ValidationError({"province": _("This province is not in the region of return.")})

    def _next_reference(self) -> str:
        prefix = f"{self.PREFIXES.get(self.programme, 'CAS')}-{timezone.localdate().year}-"
        last = (
            Case.objects.filter(reference__startswith=prefix)
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        number = int(last.removeprefix(prefix)) + 1 if last else 1
        return f"{prefix}{number:05d}"

    def vulnerability_labels(self) -> list[str]:
        labels = dict(self.VULNERABILITIES)
        return [str(labels.get(code, code)) for code in self.vulnerabilities]

    @property
    def has_identity(self) -> bool:
        return bool(self.full_name or self.phone)

    def open_identity(self, user) -> dict:
        """The identifying details, logged; only the owner organisation and IOM may call this."""
        CaseAccessLog.objects.create(case=self, user=user, action=CaseAccessLog.Action.VIEW)
        return {"full_name": self.full_name, "phone": self.phone}

    @transaction.atomic
    def erase_identity(self, user) -> None:
        """Erase the name and phone of a closed case, keeping the pseudonymous record."""
        if self.status != self.Status.CLOSED:
            raise ValidationError(_("Only a closed case's identifying details can be erased."))
        self.full_name = ""
        self.phone = ""
        self.identity_erased_at = timezone.now()
        self.save(update_fields=["full_name", "phone", "identity_erased_at"])
        CaseAccessLog.objects.create(case=self, user=user, action=CaseAccessLog.Action.ERASE)


class CaseAccessLog(models.Model):
    """Who opened or erased a case's identifying details, and when (visible to admins).

    The log outlives what it names: deleting the case or the user leaves the row, with the case's
    reference and the person's name as they were written.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the identifying details")
        ERASE = "erase", _("Erased the identifying details")

    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_log"
    )
    case_reference = models.CharField(_("case"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user_name = models.CharField(_("by"), max_length=200, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access to identifying details")
        verbose_name_plural = _("accesses to identifying details")

    def __str__(self):
        return f"{self.case_reference} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.case_id and not self.case_reference:
            self.case_reference = self.case.reference
        if self.user_id and not self.user_name:
            self.user_name = self.user.get_full_name() or self.user.get_username()
        super().save(*args, **kwargs)


def _consent_recorded(referral) -> str | None:
    if not referral.case.consent_given:
        return _("The person's consent is not recorded on the case: the referral cannot be sent.")
    return None


class Referral(VersionedModel, WorkflowModel):
    """A case sent to an actor's service, from one organisation to another."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    # The referring organisation sends a draft (or sends a declined referral again), or closes
    # the referral while it is open; the receiving one accepts or declines it, then says it is
    # under way and completed. IOM staff may make either side's move on its behalf: `move` asks
    # them to say so (on_behalf) and the log names the organisation. Declining and closing say
    # why.
    workflow = Workflow(
        Move(
            (Status.DRAFT, Status.DECLINED),
            Status.SENT,
            permissions.sends_referral,
            pgettext_lazy("who may make a move", "the referring organisation"),
            guard=_consent_recorded,
        ),
        Move(
            (Status.DRAFT, Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS, Status.DECLINED),
            Status.CLOSED,
            permissions.sends_referral,
            pgettext_lazy("who may make a move", "the referring organisation"),
            reason=True,
        ),
        Move(
            (Status.SENT,),
            Status.ACCEPTED,
            permissions.receives_referral,
            pgettext_lazy("who may make a move", "the receiving organisation"),
        ),
        Move(
            (Status.SENT,),
            Status.DECLINED,
            permissions.receives_referral,
            pgettext_lazy("who may make a move", "the receiving organisation"),
            reason=True,
        ),
        Move(
            (Status.ACCEPTED,),
            Status.IN_PROGRESS,
            permissions.receives_referral,
            pgettext_lazy("who may make a move", "the receiving organisation"),
        ),
        Move(
            (Status.IN_PROGRESS,),
            Status.COMPLETED,
            permissions.receives_referral,
            pgettext_lazy("who may make a move", "the receiving organisation"),
        ),
    )
    # The moves that ask for a reason (the detail page shows a reason box for them).
    NEEDS_REASON = {move.target for move in workflow.moves if move.reason}
    OPEN = (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)
    ENDED = (Status.COMPLETED, Status.DECLINED, Status.CLOSED)
    # What a button making each move says (a status names where it ends, not the act).
    ACTIONS = {
        Status.SENT: pgettext_lazy("referral move", "Send"),
        Status.ACCEPTED: pgettext_lazy("referral move", "Accept"),
        Status.DECLINED: pgettext_lazy("referral move", "Decline"),
        Status.IN_PROGRESS: pgettext_lazy("referral move", "Start the work"),
        Status.COMPLETED: pgettext_lazy("referral move", "Mark as completed"),
        Status.CLOSED: pgettext_lazy("referral move", "Close the referral"),
    }

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    service = models.ForeignKey(
        ActorService,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referring organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    reason = models.TextField(_("reason for the referral"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    due_on = models.DateField(_("answer due by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_reason = models.TextField(_("reason for declining or closing"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        # The caseload tabs' filters and orders (referrals/caseloads.py): waiting and under way
        # by answer date, for a receiving partner and for IOM; sent and closed newest first.
        indexes = [
            models.Index(
                fields=["to_organisation", "status", "due_on", "-id"],
                name="referral_to_status_due_idx",
            ),
            models.Index(fields=["from_organisation", "status"]),
            models.Index(fields=["status", "due_on", "-id"], name="referral_status_due_idx"),
            # "Accepted or in progress" is two statuses: one range of an index on (status, …)
            # would not come out in date order; these partial ones do.
            models.Index(
                fields=["due_on", "-id"],
                condition=models.Q(status__in=UNDER_WAY),
                name="referral_under_way_due_idx",
            ),
            models.Index(
                fields=["to_organisation", "due_on", "-id"],
                condition=models.Q(status__in=UNDER_WAY),
                name="referral_to_under_way_due_idx",
            ),
            models.Index(fields=["-created_at", "-id"], name="referral_newest_idx"),
            models.Index(
                fields=["from_organisation", "-created_at", "-id"],
                name="referral_from_newest_idx",
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.service}"

    def save(self, *args, **kwargs):
        if self.service_id and not self.to_organisation_id:
            self.to_organisation_id = self.service.actor.organisation_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("referrals:referral_detail", args=[self.pk])

    def clean_fields(self, exclude=None):
        # The receiving organisation is the service's: it is never typed.
        if self.service_id and not self.to_organisation_id:
            self.to_organisation_id = self.service.actor.organisation_id
        super().clean_fields(exclude)

    def clean(self):
        errors = {}
        if self.service_id and self.case_id:
            if not self.service.is_active:
                errors["service"] = _("This service is no longer offered.")
            elif not self.service.regions.filter(pk=self.case.region_id).exists():
                errors["service"] = _("%(actor)s does not offer this service in %(region)s.") % {
                    "actor": self.service.actor,
                    "region": self.case.region,
                }
        if self.due_on and self.due_on < timezone.localdate() and self.status == self.Status.DRAFT:
            errors["due_on"] = _("The answer cannot be due in the past.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.SENT
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    def side_of(self, user) -> set[str]:
        """The sides of the referral the user's organisation is on: sender, receiver or none
        (IOM staff acting for another organisation are on neither: see `moves_for`)."""
        sides = set()
        if permissions.is_referring_side(user, self):
            sides.add("sender")
        if permissions.is_receiving_side(user, self):
            sides.add("receiver")
        return sides

    @classmethod
    def side_of_move(cls, move: Move) -> str:
        """Whose move it is: the referring organisation's ("sender") or the receiving one's."""
        return "sender" if move.who is permissions.sends_referral else "receiver"

    def organisation_of_side(self, side: str):
        return self.from_organisation if side == "sender" else self.to_organisation

    def moves_for(self, user) -> tuple[list[str], list[str]]:
        """The moves `user` may make now: those of its own side, and those it may make only on
        the other organisation's behalf (IOM staff)."""
        sides = self.side_of(user)
        own, on_behalf = [], []
        for target in self.allowed_moves(user):
            move = self.workflow.move_to(self.status, target)
            (own if self.side_of_move(move) in sides else on_behalf).append(target)
        return own, on_behalf

    def move(self, target, user, reason="", seen_version=None, offered_only=True, on_behalf=False):
        """Move the referral (see WorkflowModel.move). A move of a side the user's organisation
        is not on is refused unless `on_behalf` says the user makes it for that organisation;
        the log's reason then starts by naming it."""
        move = self.workflow.move_to(self.status, target)
        if user is not None and move is not None:
            side = self.side_of_move(move)
            if side not in self.side_of(user) and move.who(user, self):
                organisation = self.organisation_of_side(side)
                if not on_behalf:
                    raise MoveRefused(
                        _(
                            "You are not in %(organisation)s: make this move on its behalf "
                            "(it is logged as such)."
                        )
                        % {"organisation": organisation},
                        code="on_behalf",
                    )
                if reason.strip() or not move.reason:
                    words = pgettext("log of a move", "On behalf of %(organisation)s.") % {
                        "organisation": organisation
                    }
                    reason = f"{words} {reason.strip()}".strip()
        return super().move(
            target, user, reason, seen_version=seen_version, offered_only=offered_only
        )

    def stale_changes(self, seen: int) -> StaleChanges:
        """For a stale page: the last move of the referral, who made it and when."""
        move = self.moves.select_related("by").order_by("-at", "-pk").first()
        if move is None:
            return StaleChanges()
        return StaleChanges(
            people=[person(move.by)] if move.by else [],
            fields=[str(self._meta.get_field("status").verbose_name)],
            when=move.at,
        )

    def on_move(self, move, user, reason) -> dict:
        """Each move stamps its date; sending sets the answer's due date if none was given."""
        now = timezone.now()
        fields = {}
        if move.target == self.Status.SENT:
            fields["sent_at"] = now
            # A declined referral sent again gets a new answer date and loses the old refusal.
            resent = self.status == self.Status.DECLINED
            fields["due_on"] = (not resent and self.due_on) or add_working_days(
                timezone.localdate(), RESPONSE_WORKING_DAYS
            )
            if resent:
                fields["status_reason"] = ""
                fields["answered_at"] = None
        if move.target in (self.Status.ACCEPTED, self.Status.DECLINED):
            fields["answered_at"] = now
        if move.target == self.Status.COMPLETED:
            fields["completed_at"] = now
        if move.reason:
            fields["status_reason"] = reason.strip()
        return fields


class ServiceDelivery(models.Model):
    """What the receiving organisation delivered for a referral, so projects can count it."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        FOOD_BASKET = "food_basket", _("Food basket")
        NON_FOOD_ITEMS = "non_food_items", _("Non-food items")
        TRAINING = "training", _("Training")
        IGA_GRANT = "iga_grant", _("Grant for an income-generating activity")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial session")
        LEGAL = "legal", _("Legal assistance")
        OTHER = "other", _("Other")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(_("what was delivered"), max_length=20, choices=Kind.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    value_mad = models.DecimalField(
        _("value (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    delivered_on = models.DateField(_("delivered on"), default=timezone.localdate)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["delivered_on", "pk"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self):
        return f"{self.get_kind_display()} × {self.quantity}"


class FollowUp(VersionedModel):
    """A follow-up of a case: a call, a visit, a meeting, and when the next one is due."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone call")
        HOME_VISIT = "home_visit", _("Home visit")
        OFFICE = "office", _("Meeting at the office")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    notes = models.TextField(_("notes"), blank=True)
    progress_note = models.TextField(_("reintegration progress"), blank=True)
    next_date = models.DateField(_("next follow-up"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Reintegration sustainability, 0 to 1, computed when the answers are recorded.
    score_economic = models.FloatField(_("economic score"), null=True, blank=True)
    score_social = models.FloatField(_("social score"), null=True, blank=True)
    score_psychosocial = models.FloatField(_("psychosocial score"), null=True, blank=True)
    score_composite = models.FloatField(_("composite score"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        # The follow-ups due this week, on the caseload and as a case list filter.
        indexes = [models.Index(fields=["next_date"], name="followup_next_date_idx")]

    def __str__(self):
        return f"{self.case} {self.date}"

    def compute_sustainability(self, settings_row=None) -> None:
        """Score the survey answers of this follow-up and store the four scores."""
        settings_row = settings_row or SustainabilitySettings.load()
        answers = [
            IndicatorAnswer(
                a.indicator.dimension, a.indicator.weight, answer_score(a.value, a.indicator.scale)
            )
            for a in self.sustainability_answers.select_related("indicator")
        ]
        scores = sustainability_scores(answers, settings_row.dimension_weights())
        for name, value in scores.items():
            setattr(self, f"score_{name}", value)
        self.save(
            update_fields=[
                "score_economic",
                "score_social",
                "score_psychosocial",
                "score_composite",
            ]
        )


class ProtectionSettings(VersionedModel):
    """How long identifying details of closed cases are kept (one row, set by an admin)."""

    retention_days = models.PositiveIntegerField(
        _("keep identifying details of closed cases for (days)"),
        default=5 * 365,
        help_text=_("After this many days from closure, the name and phone are erased."),
    )

    class Meta:
        verbose_name = _("personal data protection")
        verbose_name_plural = _("personal data protection")

    def __str__(self):
        return str(_("Personal data protection"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "ProtectionSettings":
        return cls.objects.get_or_create(pk=1)[0]

    def expired_cases(self):
        """Closed cases past the retention period that still hold identifying details."""
        limit = timezone.localdate() - datetime.timedelta(days=self.retention_days)
        return Case.objects.with_identity().filter(
            status=Case.Status.CLOSED, closed_on__lte=limit, identity_erased_at__isnull=True
        )
