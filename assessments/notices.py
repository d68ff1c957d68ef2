"""Who is told when an assessment or a need moves (called by their `after_move`).

An assessment submitted: IOM staff, who validate it. Returned or validated: the users of its
author's organisation (its author alone when it has none). A need funded or done: the users of
the organisation that manages its facility. The person who made the move is not told.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import permissions
from notifications.kinds import Kind
from notifications.services import notify, people_who

ASSESSMENT_KINDS = {
    "submitted": Kind.ASSESSMENT_SUBMITTED,
    "returned": Kind.ASSESSMENT_RETURNED,
    "validated": Kind.ASSESSMENT_VALIDATED,
}
NEED_KINDS = {"funded": Kind.NEED_FUNDED, "done": Kind.NEED_DONE}


def _people_of(organisation_id) -> list:
    return list(get_user_model().objects.filter(organisation_id=organisation_id, is_active=True))


def assessment_moved(assessment, status: str, actor) -> None:
    """Tell IOM staff of a submission, the author's organisation of a return or a validation."""
    kind = ASSESSMENT_KINDS.get(status)
    if kind is None:
        return
    if kind == Kind.ASSESSMENT_SUBMITTED:
        people = people_who(permissions.is_iom)
    elif assessment.assessor_organisation_id:
        people = _people_of(assessment.assessor_organisation_id)
    else:
        people = [assessment.created_by] if assessment.created_by_id else []
    notify(
        people,
        kind,
        {"facility": assessment.facility.name},
        assessment.get_absolute_url(),
        actor=actor,
    )


def need_moved(need, status: str, actor) -> None:
    """Tell the managing organisation of a need's facility that the need is funded or done."""
    kind = NEED_KINDS.get(status)
    organisation_id = need.facility.managing_organisation_id
    if kind is None or not organisation_id:
        return
    notify(
        _people_of(organisation_id),
        kind,
        {"facility": need.facility.name, "need": need.description[:120]},
        reverse("assessments:needs", args=[need.assessment_id])
        if need.assessment_id
        else need.facility.get_absolute_url(),
        actor=actor,
    )
