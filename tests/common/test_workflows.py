"""Every status workflow refuses alike: a move not in its table, a role that may not make it, a
move without its required reason, a page loaded before another change. Each refusal says why,
and nothing is written: neither the status, nor the version, nor a row of the log of moves.

One case a workflow: the record, a user allowed to move it and one who is not, and the moves
that exercise each refusal (None where the workflow has no such move).
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from accounts.models import Organisation, User
from activity.models import StatusChange
from assessments.models import Assessment, Framework, Need
from common.concurrency import VersionedModel
from common.workflow import MoveRefused, Workflow, WorkflowModel
from facilities.models import Region
from plans.models import ActionPlan, SupportActivity, SupportFollowUp
from referrals.models import Recommendation, Referral
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    AssessmentFactory,
    CaseFactory,
    CriterionFactory,
    FrameworkFactory,
    NeedFactory,
    ReferralFactory,
    UserFactory,
    answer_all,
)


@dataclass
class Case:
    record: WorkflowModel
    allowed: User  # may make `legal`
    refused: User  # may not make `legal`
    legal: str  # a move allowed from the record's status, without a reason
    not_a_move: str  # a status the record cannot reach from its status
    needs_reason: str | None  # a move allowed to `allowed` that asks for a reason


def framework_case(admin_user, iom_user, **_):
    draft = FrameworkFactory(version="9.0")
    CriterionFactory(framework=draft)
    return Case(draft, admin_user, iom_user, "published", "retired", None)


def assessment_case(iom_user, partner_user, facility_a, framework, **_):
    assessment = AssessmentFactory(
        facility=facility_a, framework=framework, created_by=partner_user
    )
    answer_all(assessment, 2)
    assessment.submit(partner_user)
    return Case(assessment, iom_user, partner_user, "validated", "draft", "returned")


def need_case(iom_user, partner_user, facility_a, **_):
    need = NeedFactory(facility=facility_a)
    return Case(need, iom_user, partner_user, "planned", "done", None)


def plan_case(iom_user, viewer_user, ngo_a, **_):
    plan = ActionPlan.objects.create(
        region=Region.objects.get(code="02"),
        council=ngo_a,
        title="Plan régional",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    return Case(plan, iom_user, viewer_user, "adopted", "under_review", None)


def referral_case(iom_user, iom_org, ngo_a, **_):
    service = ActorServiceFactory(actor=ActorFactory(organisation=ngo_a))
    referral = ReferralFactory(case=CaseFactory(owner=iom_org), service=service)
    outsider = UserFactory(
        username="outsider",
        role=User.Role.PARTNER,
        organisation=Organisation.objects.create(name="ONG C", kind="ngo"),
    )
    return Case(referral, iom_user, outsider, "sent", "accepted", "closed")


def follow_up_case(iom_user, partner_user, ngo_a, **_):
    activity = SupportActivity.objects.create(
        kind="training", date=datetime.date(2026, 5, 4), organisation=ngo_a, topic="Accueil"
    )
    follow_up = SupportFollowUp.objects.create(
        activity=activity, action="Afficher le règlement", owner="ONG A", due_on=activity.date
    )
    return Case(follow_up, iom_user, partner_user, True, False, None)


def recommendation_case(iom_user, viewer_user, **_):
    recommendation = Recommendation.objects.create(
        region=Region.objects.get(code="02"), action="Former les agents d’accueil"
    )
    return Case(recommendation, iom_user, viewer_user, "in_progress", "done", "cancelled")


CASES = {
    "framework": framework_case,
    "assessment": assessment_case,
    "need": need_case,
    "action plan": plan_case,
    "referral": referral_case,
    "recommendation": recommendation_case,
    "follow-up action": follow_up_case,
}


@pytest.fixture(params=CASES)
def case(
    request, admin_user, iom_user, partner_user, viewer_user, iom_org, ngo_a, facility_a, framework
):
    return CASES[request.param](
        admin_user=admin_user,
        iom_user=iom_user,
        partner_user=partner_user,
        viewer_user=viewer_user,
        iom_org=iom_org,
        ngo_a=ngo_a,
        facility_a=facility_a,
        framework=framework,
    )


def stored(record):
    """The record as stored now, and how many moves the log holds for it."""
    fresh = type(record)._base_manager.get(pk=record.pk)
    moves = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).count()
    version = fresh.version if isinstance(fresh, VersionedModel) else None
    return getattr(fresh, fresh.workflow.field), version, moves


def refuses(case, target, user, code, reason="", seen_version=None):
    before = stored(case.record)
    with translation.override("en"), pytest.raises(MoveRefused) as refusal:
        case.record.move(target, user, reason, seen_version=seen_version)
    assert refusal.value.code == code
    assert stored(case.record) == before
    with translation.override("en"):
        return str(refusal.value.messages[0])


def test_the_allowed_move_is_made_and_logged_with_who(case):
    status, version, moves = stored(case.record)

    change = case.record.move(case.legal, case.allowed)

    assert stored(case.record)[0] == case.legal
    assert stored(case.record)[2] == moves + 1
    assert (change.from_status, change.to_status, change.by) == (status, case.legal, case.allowed)
    if version is not None:
        assert stored(case.record)[1] == version + 1


def test_a_move_not_in_the_table_is_refused(case):
    message = refuses(case, case.not_a_move, case.allowed, "not_a_move")
    assert "cannot change to" in message


def test_a_role_that_may_not_make_the_move_is_refused(case):
    assert case.legal not in case.record.allowed_moves(case.refused)
    message = refuses(case, case.legal, case.refused, "not_allowed")
    assert message.startswith("Only ")


def test_a_move_without_its_required_reason_is_refused(case):
    if case.needs_reason is None:
        workflow = type(case.record).workflow
        current = getattr(case.record, workflow.field)
        # (A move only the code makes, such as superseding a need at a re-assessment, is not
        # offered to people: its reason is written by the code.)
        assert not any(
            move.reason for move in workflow.moves if current in move.sources and move.offered
        )
        return
    message = refuses(case, case.needs_reason, case.allowed, "reason_required", reason="  ")
    assert "Give the reason" in message
    case.record.move(case.needs_reason, case.allowed, "Doublon")
    assert stored(case.record)[0] == case.needs_reason


def test_a_move_from_a_page_loaded_before_another_change_is_refused(case):
    if not isinstance(case.record, VersionedModel):
        # Not edited side by side: administrators publish a framework from the list, and an
        # action is marked done with one button.
        assert isinstance(case.record, Framework | SupportFollowUp)
        return
    seen = case.record.version
    type(case.record)._base_manager.get(pk=case.record.pk).save()  # someone saves meanwhile

    message = refuses(case, case.legal, case.allowed, "stale", seen_version=seen)

    assert "Since you opened this page" in message


def test_every_status_field_of_the_application_moves_through_a_workflow():
    """No model keeps a status outside the mechanism (projects and plan actions are plain
    descriptive fields edited in a form; imports and mails have their own processing states)."""
    workflow_models = {
        model
        for model in (
            Framework,
            Assessment,
            Need,
            ActionPlan,
            Referral,
            Recommendation,
            SupportFollowUp,
        )
        if isinstance(model.workflow, Workflow)
    }
    assert len(workflow_models) == 7
    for model in workflow_models:
        field = model._meta.get_field(model.workflow.field)
        statuses = set(model.workflow.labels or dict(field.choices))
        for move in model.workflow.moves:
            assert move.target in statuses
            assert set(move.sources) <= statuses
