"""Rules that live in the models: frozen frameworks, the assessment workflow, answers and needs."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import (
    Answer,
    Assessment,
    Criterion,
    Dimension,
    Framework,
    FrameworkLocked,
    Need,
)
from common.workflow import MoveRefused
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    FacilityFactory,
    NeedFactory,
    answer_all,
    published_framework,
    validated_assessment,
)


def test_a_published_framework_cannot_be_renamed(framework):
    framework.name = "Autre nom"

    with pytest.raises(FrameworkLocked, match="ne peut pas être modifié"):
        framework.save()

    framework.refresh_from_db()
    assert framework.name.startswith("Test framework")


def test_criteria_of_a_published_framework_cannot_be_changed_added_or_deleted(framework):
    criterion = framework.criteria.first()
    criterion.question_fr = "Nouvelle question"

    with pytest.raises(FrameworkLocked):
        criterion.save()
    with pytest.raises(FrameworkLocked):
        CriterionFactory(framework=framework, code="NEW-1")
    with pytest.raises(FrameworkLocked):
        criterion.delete()
    assert framework.criteria.count() == 8
    assert not framework.criteria.filter(question_fr="Nouvelle question").exists()


def test_new_version_copies_every_criterion_into_an_editable_draft(framework):
    draft = framework.new_version("1.1")

    assert draft.status == Framework.Status.DRAFT
    assert draft.based_on == framework
    assert sorted(draft.criteria.values_list("code", flat=True)) == sorted(
        framework.criteria.values_list("code", flat=True)
    )
    criterion = draft.criteria.get(code="SAF-1")
    assert criterion.is_critical
    criterion.question_fr = "Question revue"
    criterion.save()
    assert framework.criteria.get(code="SAF-1").question_fr != "Question revue"


def test_a_published_framework_can_be_retired_but_not_published_again(framework):
    framework.retire()

    assert Framework.objects.get(pk=framework.pk).status == Framework.Status.RETIRED
    with pytest.raises(MoveRefused):
        framework.publish()


def test_criteria_that_do_not_apply_to_a_facility_kind_are_not_asked(db):
    framework = Framework.objects.create(name="Cadre", version="9")
    CriterionFactory(framework=framework, code="ALL-1")
    CriterionFactory(framework=framework, code="NIGHT-1", facility_kinds=["shelter"])
    framework.publish()

    assert [c.code for c in framework.criteria_for("day_centre")] == ["ALL-1"]
    assert [c.code for c in framework.criteria_for("shelter")] == ["ALL-1", "NIGHT-1"]


def test_submitting_with_unanswered_criteria_is_refused_and_changes_nothing(
    draft_assessment, partner_user
):
    Answer.objects.create(
        assessment=draft_assessment,
        criterion=draft_assessment.framework.criteria.get(code="SAF-1"),
        score=2,
    )

    with pytest.raises(ValidationError, match="Répondez à tous les critères"):
        draft_assessment.submit(partner_user)

    stored = Assessment.objects.get(pk=draft_assessment.pk)
    assert stored.status == Assessment.Status.DRAFT
    assert stored.overall_score is None
    assert not stored.moves.exists()


def test_submitting_stores_the_scores_and_records_who_and_when(submitted_assessment, partner_user):
    stored = Assessment.objects.get(pk=submitted_assessment.pk)

    # All 2s except SAF-1 (critical) at 0: safety 2/6, the others 4/6.
    assert stored.dimension_scores() == {
        "accessibility": 66.7,
        "safety": 33.3,
        "services": 66.7,
        "protection": 66.7,
    }
    assert stored.overall_score == 58.3
    assert stored.severity == 4
    assert stored.critical_gaps == 1
    assert stored.submitted_at is not None
    transition = stored.moves.get()
    assert (transition.from_status, transition.to_status, transition.by) == (
        "draft",
        "submitted",
        partner_user,
    )


def test_the_needs_cost_is_stored_at_submission(draft_assessment, partner_user):
    NeedFactory(assessment=draft_assessment, quantity=Decimal("3"), unit_cost=Decimal("1500"))
    NeedFactory(assessment=draft_assessment, quantity=Decimal("1"), unit_cost=Decimal("250.50"))
    answer_all(draft_assessment, 3)

    draft_assessment.submit(partner_user)

    assert Assessment.objects.get(pk=draft_assessment.pk).needs_cost == Decimal("4750.50")


def test_validation_makes_the_assessment_the_facility_current_one(submitted_assessment, iom_user):
    submitted_assessment.validate(iom_user, "Vérifié sur place.")

    stored = Assessment.objects.get(pk=submitted_assessment.pk)
    assert stored.status == Assessment.Status.VALIDATED
    assert stored.validated_by == iom_user
    assert stored.is_latest_validated
    assert stored.moves.last().reason == "Vérifié sur place."


def test_only_the_most_recent_validated_assessment_is_current(facility_a, framework, iom_user):
    older = validated_assessment(facility_a, iom_user, 1)
    older.assessed_on = older.assessed_on.replace(year=older.assessed_on.year - 1)
    older.save()
    newer = validated_assessment(facility_a, iom_user, 3)

    # Validating an older visit later must not displace the newer one.
    late = AssessmentFactory(facility=facility_a, assessed_on=older.assessed_on)
    answer_all(late, 0)
    late.submit(iom_user)
    late.validate(iom_user)

    current = Assessment.objects.latest_validated().filter(facility=facility_a)
    assert list(current) == [newer]


def test_a_draft_cannot_be_validated(draft_assessment, iom_user):
    with pytest.raises(ValidationError):
        draft_assessment.validate(iom_user)

    assert Assessment.objects.get(pk=draft_assessment.pk).status == Assessment.Status.DRAFT


def test_returning_needs_a_comment_and_sends_the_assessment_back_for_correction(
    submitted_assessment, iom_user, partner_user
):
    with pytest.raises(ValidationError, match="motif"):
        submitted_assessment.return_to_author(iom_user, "  ")
    assert Assessment.objects.get(pk=submitted_assessment.pk).status == "submitted"

    submitted_assessment.return_to_author(iom_user, "Photos des issues manquantes.")
    assert Assessment.objects.editable_by(partner_user).filter(pk=submitted_assessment.pk).exists()
    submitted_assessment.submit(partner_user)

    steps = list(submitted_assessment.moves.values_list("to_status", flat=True))
    assert steps == ["submitted", "returned", "submitted"]


def test_the_database_refuses_a_score_outside_0_to_3(draft_assessment):
    criterion = draft_assessment.framework.criteria.first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(assessment=draft_assessment, criterion=criterion, score=4)

    assert not draft_assessment.answers.exists()


def test_an_answer_to_a_criterion_of_another_framework_is_refused(draft_assessment):
    other = published_framework()
    answer = Answer(assessment=draft_assessment, criterion=other.criteria.first(), score=2)

    with pytest.raises(ValidationError, match="autre cadre"):
        answer.full_clean()


def test_the_database_refuses_a_negative_cost(draft_assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedFactory(assessment=draft_assessment, unit_cost=Decimal("-10"))

    assert not Need.objects.exists()


def test_a_need_total_is_quantity_times_unit_cost(db):
    need = NeedFactory(quantity=Decimal("2.5"), unit_cost=Decimal("400"))

    assert Need.objects.get(pk=need.pk).total_cost == Decimal("1000.00")


def test_a_need_moves_one_status_at_a_time_and_records_who(iom_user):
    need = NeedFactory()

    with pytest.raises(ValidationError, match="ne peut pas passer"):
        need.set_status(Need.Status.DONE, iom_user)
    need.set_status(Need.Status.PLANNED, iom_user)

    stored = Need.objects.get(pk=need.pk)
    assert stored.status == Need.Status.PLANNED
    assert stored.status_changed_by == iom_user


def test_an_unknown_facility_kind_on_a_criterion_is_refused(db):
    criterion = Criterion(
        framework=Framework.objects.create(name="X", version="1"),
        dimension=Dimension.SAFETY,
        code="X-1",
        question_fr="?",
        standard="Sphere",
        facility_kinds=["castle"],
    )

    with pytest.raises(ValidationError, match="castle"):
        criterion.full_clean()


def test_every_dimension_not_applicable_leaves_the_overall_score_empty(db, iom_user):
    facility = FacilityFactory()

    assessment = validated_assessment(facility, iom_user, None)

    assert assessment.overall_score is None
    assert assessment.severity is None
