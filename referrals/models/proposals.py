"""Changes a partner proposes to its own organisation's actor profile, for IOM to accept.

A partner knows its services and contacts better than anyone, but the actor map is IOM's: a
partner's edit waits as a proposal (the values it would store) until IOM staff accept it, which
writes it under the version claim of the profile or service (so the history says who accepted
what), or reject it with a reason.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions
from common.concurrency import VersionedModel
from common.workflow import IOM_STAFF, Move, Workflow, WorkflowModel, for_anyone

from .actors import ActorProfile, ActorService

# What a proposal may change on the profile itself; a service proposal changes the service's
# fields in ActorServiceForm.
PROFILE_FIELDS = ("description", "address")


class ActorChangeProposal(VersionedModel, WorkflowModel):
    """A partner's proposed change to its actor profile (description, address) or to one of its
    services (a new one when `service` is empty), stored as the values it would write."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for IOM")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Subject(models.TextChoices):
        PROFILE = "profile", _("The profile (description, address)")
        SERVICE = "service", _("A service (its regions, conditions, contacts)")

    workflow = Workflow(
        Move(
            (Status.PENDING,),
            Status.ACCEPTED,
            for_anyone(permissions.edits_network),
            IOM_STAFF,
            guard=lambda proposal: proposal.problem(),
        ),
        Move(
            (Status.PENDING,),
            Status.REJECTED,
            for_anyone(permissions.edits_network),
            IOM_STAFF,
            reason=True,
        ),
    )

    actor = models.ForeignKey(
        ActorProfile,
        verbose_name=_("actor"),
        on_delete=models.CASCADE,
        related_name="change_proposals",
    )
    subject = models.CharField(_("what changes"), max_length=10, choices=Subject.choices)
    service = models.ForeignKey(
        ActorService,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="change_proposals",
    )
    proposed = models.JSONField(_("proposed values"), default=dict)
    note = models.TextField(_("note to IOM"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords(excluded_fields=["changed_by", "changed_at"])
    moves = GenericRelation("activity.StatusChange")

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposed change to an actor profile")
        verbose_name_plural = _("proposed changes to actor profiles")

    def __str__(self):
        return f"{self.actor} — {self.get_subject_display()}"

    def get_absolute_url(self):
        return reverse("referrals:proposal_review", args=[self.pk])

    def form(self):
        """The form that validates and writes the proposed values on the current record."""
        from ..network_forms import proposal_form

        return proposal_form(self)

    def problem(self) -> str | None:
        """Why the proposed values cannot be written now (they would break a rule), or None."""
        form = self.form()
        if form.is_valid():
            return None
        return " ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(
                ": "
            )
            for name, errors in form.errors.items()
        )

    def on_move(self, move, user, reason):
        from django.utils import timezone

        return {"reviewed_by": user, "reviewed_at": timezone.now(), "reason": reason or ""}

    def after_move(self, move, user) -> None:
        """Accepting writes the proposed values, under the version claim of what they change."""
        if move.target != self.Status.ACCEPTED:
            return
        from common.concurrency import claim

        form = self.form()
        form.is_valid()  # checked by the move's guard a moment ago, in this transaction
        target = form.instance
        if target.pk:
            claim(target, target.version, user)
        target._history_user = user
        saved = form.save()
        if self.service_id is None and self.subject == self.Subject.SERVICE:
            self.service = saved
            type(self)._base_manager.filter(pk=self.pk).update(service=saved)
