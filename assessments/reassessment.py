"""Needs across re-assessments: what becomes of the open needs of a facility's earlier
assessments when a new one is validated, so that each gap is counted once.

Each such need is carried over to the new assessment (its criterion is still below the standard:
the gap is still there, its status kept — a funded need stays funded), marked done (the criterion
now meets the standard) or closed as superseded (the new assessment replaced it, for instance
with its own need on the same criterion). `proposals()` says what is proposed for each need, the
validator may change each choice, and `settle_earlier_needs()` applies the choices in the
transaction of the validation (`Assessment.on_move`): a carried-over need whose criterion now
meets the standard is refused, and then nothing at all is written.

A carried-over need is re-pointed to the new assessment rather than linked to it: every count
(the score card's needs cost, the open needs, the planner, the region dashboard) then reads one
row per gap with no extra join, and the need's history keeps the assessment it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import scoring


class Choice(models.TextChoices):
    """What the validator decides for one open need of an earlier assessment."""

    CARRY_OVER = "carry_over", gettext_lazy("Carry over: still below the standard")
    DONE = "done", gettext_lazy("Done: now meets the standard")
    SUPERSEDED = "superseded", gettext_lazy("Close as superseded")


class CarryOverRefused(ValidationError):
    """Some choices cannot be applied; `by_need` holds the message of each need concerned.
    Nothing was written and the assessment was not validated."""

    def __init__(self, by_need: dict[int, str]):
        self.by_need = by_need
        super().__init__(list(by_need.values()), code="carry_over_refused")


@dataclass
class Proposal:
    """One open need of an earlier assessment, the new assessment's answer on its criterion
    (matched by the criterion's code, across framework versions), and the proposed choice."""

    need: object
    answer: object | None
    criterion: object | None
    default: str

    @property
    def score(self) -> int | None:
        """The new assessment's score on the need's criterion; None if not scored."""
        if self.answer is None or self.answer.not_applicable:
            return None
        return self.answer.score

    @property
    def meets_standard(self) -> bool:
        return scoring.meets_standard(self.score)

    @property
    def may_carry_over(self) -> bool:
        """A need is carried over only while its criterion is still below the standard."""
        return not self.meets_standard


def earlier_open_needs(assessment):
    """The open needs of the facility's earlier validated assessments, oldest first; none when
    a validated assessment visited later exists (validating an older visit settles nothing)."""
    from .models import Assessment, Need

    later = Assessment.objects.validated().filter(
        facility_id=assessment.facility_id, assessed_on__gt=assessment.assessed_on
    )
    if later.exclude(pk=assessment.pk).exists():
        return Need.objects.none()
    return (
        Need.objects.open()
        .filter(
            facility_id=assessment.facility_id,
            assessment__isnull=False,
            assessment__assessed_on__lte=assessment.assessed_on,
        )
        .exclude(assessment=assessment)
        .select_related("criterion", "assessment")
        .order_by("assessment__assessed_on", "pk")
    )


def proposals(assessment) -> list[Proposal]:
    """What to do with each open need of the earlier assessments, proposed from the new answers:
    a criterion that meets the standard → done; one still below → carried over, unless the new
    assessment has its own need on it → superseded; a need without a criterion (or one not
    scored this time) → carried over."""
    answers = {
        answer.criterion.code: answer for answer in assessment.answers.select_related("criterion")
    }
    own_criteria = set(
        assessment.needs.exclude(criterion=None).values_list("criterion__code", flat=True)
    )
    result = []
    for need in earlier_open_needs(assessment):
        code = need.criterion.code if need.criterion_id else None
        answer = answers.get(code) if code else None
        proposal = Proposal(
            need=need,
            answer=answer,
            criterion=answer.criterion if answer else None,
            default=Choice.CARRY_OVER,
        )
        if proposal.meets_standard:
            proposal.default = Choice.DONE
        elif code in own_criteria:
            proposal.default = Choice.SUPERSEDED
        result.append(proposal)
    return result


def settle_earlier_needs(
    assessment, user, choices: Mapping[int, str] | None = None
) -> list[Proposal]:
    """Apply the validator's choice (the proposed one where none is given) to every open need
    of the earlier assessments; CarryOverRefused, before any write, for a need carried over
    whose criterion now meets the standard. Runs inside the validation's transaction."""
    from .models import Need

    choices = choices or {}
    settled = proposals(assessment)
    refused = {}
    for proposal in settled:
        choice = choices.get(proposal.need.pk) or proposal.default
        if choice not in Choice.values:
            refused[proposal.need.pk] = _("Choose what becomes of this need.")
        elif choice == Choice.CARRY_OVER and not proposal.may_carry_over:
            refused[proposal.need.pk] = _(
                "%(code)s now meets the standard in this assessment: mark the need done or "
                "close it as superseded instead of carrying it over."
            ) % {"code": proposal.need.criterion.code}
        proposal.default = choice
    if refused:
        raise CarryOverRefused(refused)
    number = assessment.pk
    for proposal in settled:
        need = proposal.need
        if proposal.default == Choice.DONE:
            need.move(
                Need.Status.DONE,
                user,
                _("Meets the standard in assessment #%(number)s.") % {"number": number},
                offered_only=False,
            )
        elif proposal.default == Choice.SUPERSEDED:
            need.move(
                Need.Status.SUPERSEDED,
                user,
                _("Superseded by assessment #%(number)s.") % {"number": number},
                offered_only=False,
            )
        else:
            _carry_over(need, assessment, proposal.criterion, user)
    return settled


def _carry_over(need, assessment, criterion, user) -> None:
    """Re-point the need to the new assessment (and its framework's criterion of the same code),
    status unchanged; logged as a move from its status to itself, with the reason."""
    from activity.models import StatusChange

    reason = _("Carried over from assessment #%(old)s to assessment #%(new)s.") % {
        "old": need.assessment_id,
        "new": assessment.pk,
    }
    need.assessment = assessment
    if criterion is not None:
        need.criterion = criterion
    need._history_user = user
    need._change_reason = reason
    need.save(update_fields=["assessment", "criterion"])
    StatusChange.objects.create(
        content_object=need, from_status=need.status, to_status=need.status, by=user, reason=reason
    )
