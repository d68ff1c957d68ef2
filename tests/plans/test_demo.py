"""The demonstration plans and projects that `seed_demo` adds (demo.plans.seed_plans).

The demo data is seeded once for the module, inside a transaction rolled back after its last
test; each test runs in its own savepoint on top of it.
"""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import Organisation, User
from assessments.models import Need
from demo.plans import seed_plans
from plans.models import (
    ActionPlan,
    Donor,
    Indicator,
    IndicatorValue,
    NeedFunding,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    Project,
    ProjectPartner,
    ProjectResult,
    SniaProgramme,
    StrategicAxis,
    SupportActivity,
    SupportFollowUp,
    SupportParticipants,
)

pytestmark = pytest.mark.django_db

SEEDED_MODELS = [
    Organisation,
    User,
    Donor,
    Project,
    Project.donors.through,
    Project.regions.through,
    Project.themes.through,
    Project.cases.through,
    ProjectPartner,
    ProjectResult,
    NeedFunding,
    ActionPlan,
    StrategicAxis,
    PlanAction,
    PlanAction.programmes.through,
    PlanAction.sdg_targets.through,
    PlanAction.partners.through,
    Indicator,
    IndicatorValue,
    PilotProject,
    PilotProject.target_groups.through,
    PilotActivity,
    PilotBudgetLine,
    PilotRisk,
    SupportActivity,
    SupportParticipants,
    SupportFollowUp,
]


def seed_demo() -> str:
    output = io.StringIO()
    call_command("seed_demo", stdout=output, stderr=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Run the real seed once, on a development machine (DEBUG on), and return its output."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True,
            DEMO_PASSWORD="manara-demo",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        yield seed_demo()
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in SEEDED_MODELS}


def test_the_council_account_is_a_viewer_of_the_oriental_regional_council(seeded):
    council = User.objects.get(username="council")

    assert council.role == User.Role.VIEWER
    assert council.organisation.name == "Conseil de la Région de l'Oriental"
    assert [region.code for region in council.organisation.regions.all()] == ["02"]
    assert User.objects.get(username="viewer").role == User.Role.VIEWER


def test_the_four_projects_carry_the_figures_of_the_terms_of_reference(seeded):
    projects = {project.code: project for project in Project.objects.all()}

    fm = projects["FM.0390"]
    assert fm.title == (
        "Formation professionnelle et moyens de subsistance pour les migrants régularisés"
    )
    assert (fm.budget, fm.currency, fm.is_national) == (Decimal("200000"), "USD", True)
    assert fm.kind == Project.Kind.LIVELIHOODS
    japan = Project.objects.get(donors__name="Gouvernement du Japon")
    assert (japan.budget, japan.currency, japan.people_to_reach) == (Decimal("151500"), "USD", 1350)
    assert japan.budget_mad == Decimal("1515000")
    motuse = Project.objects.get(short_name="MoTuSe")
    assert sorted(motuse.regions.values_list("code", flat=True)) == ["02", "05", "06"]
    indimaj = Project.objects.get(short_name="INDIMAJ II")
    assert sorted(indimaj.regions.values_list("code", flat=True)) == ["01", "02", "09"]
    assert len(projects) == 4
    assert sorted(p.status for p in projects.values()) == [
        "active",
        "active",
        "completed",
        "pipeline",
    ]


def test_invented_project_figures_are_marked_as_illustrative(seeded):
    for project in Project.objects.all():
        assert "Chiffres illustratifs de démonstration" in project.summary, project.code
        assert project.results.filter(level=ProjectResult.Level.OUTCOME).exists()
        assert project.partners.exists()


def test_each_regional_council_has_an_action_plan_with_one_pilot_project(seeded):
    plans = ActionPlan.objects.select_related("council", "region").order_by("region__code")

    assert [(plan.region.code, plan.council.acronym) for plan in plans] == [
        ("01", "CRTTA"),
        ("02", "CRO"),
        ("09", "CRSM"),
    ]
    assert [plan.status for plan in plans] == ["draft", "adopted", "adopted"]
    for plan in plans:
        assert plan.axes.count() == 3
        assert PlanAction.objects.filter(axis__plan=plan).count() >= 6
        assert plan.pilots.count() == 1
        pilot = plan.pilots.get()
        assert 4 <= pilot.activities.count() <= 6
        assert 5 <= pilot.budget_lines.count() <= 8
        assert pilot.risks.count() == 3
        assert pilot.indicators.count() == 2
        assert 12 <= pilot.duration_months <= 24


def test_each_plan_leaves_at_least_one_snia_programme_uncovered(seeded):
    for plan in ActionPlan.objects.all():
        covered = SniaProgramme.objects.filter(actions__axis__plan=plan) | (
            SniaProgramme.objects.filter(pilots__plan=plan)
        )
        uncovered = SniaProgramme.objects.exclude(pk__in=covered.values("pk"))

        assert 2 <= uncovered.count() <= 4, plan.title


def test_each_plan_has_typed_indicators_with_values_and_two_computed_ones(seeded):
    for plan in ActionPlan.objects.all():
        typed = plan.indicators.filter(computation="")
        computed = plan.indicators.exclude(computation="")

        assert 3 <= typed.count() <= 4
        assert all(indicator.values.count() >= 2 for indicator in typed)
        assert sorted(computed.values_list("computation", flat=True)) == [
            "facilities_reinforced",
            "share_low_severity",
        ]
        assert not IndicatorValue.objects.filter(indicator__in=computed).exists()
    assert IndicatorValue.objects.exclude(sex="").exists()


def test_the_japan_project_funds_open_needs_of_oriental_facilities_one_of_them_done(seeded):
    japan = Project.objects.get(code="PX.0112")
    fundings = NeedFunding.objects.filter(project=japan).select_related("need__facility__region")

    assert 3 <= fundings.count() <= 4
    assert all(funding.amount == funding.need.total_cost for funding in fundings)
    assert {funding.need.facility.region.code for funding in fundings} == {"02"}
    statuses = sorted(funding.need.status for funding in fundings)
    assert statuses.count(Need.Status.DONE) == 1
    assert set(statuses) == {Need.Status.DONE, Need.Status.FUNDED}


def test_motuse_follows_demo_returnee_cases_of_its_regions(seeded):
    cases = Project.objects.get(short_name="MoTuSe").cases.select_related("region")

    assert cases.exists()
    assert {case.programme for case in cases} == {"avrr"}
    assert {case.region.code for case in cases} <= {"02", "05", "06"}


def test_support_activities_record_participants_by_sex_and_follow_ups(seeded):
    training = SupportActivity.objects.get(kind=SupportActivity.Kind.TRAINING)
    visit = SupportActivity.objects.get(kind=SupportActivity.Kind.VISIT)
    workshop = SupportActivity.objects.get(kind=SupportActivity.Kind.WORKSHOP)

    assert "Oujda" in training.topic
    assert training.organisation.acronym == "ABCAS"
    assert training.participants_total == 24
    assert training.follow_ups.count() >= 2
    assert visit.facility.managing_organisation == visit.organisation
    assert workshop.organisation.acronym == "CRSM"
    assert not SupportActivity.objects.exclude(attendance_sheet="").exists()
    assert not SupportActivity.objects.filter(project__isnull=True).exists()


def test_every_seeded_record_passes_its_validation_rules(seeded):
    for action in PlanAction.objects.select_related("axis__plan"):
        plan = action.axis.plan
        assert plan.starts_on <= action.starts_on <= action.ends_on <= plan.ends_on
    for model in [
        ActionPlan,
        StrategicAxis,
        PlanAction,
        Indicator,
        IndicatorValue,
        Project,
        ProjectResult,
        ProjectPartner,
        NeedFunding,
        PilotProject,
        PilotActivity,
        PilotBudgetLine,
        PilotRisk,
        SupportActivity,
        SupportParticipants,
        SupportFollowUp,
        Donor,
    ]:
        for record in model.objects.all():
            record.full_clean()


def test_running_seed_demo_again_creates_nothing_and_keeps_edits(seeded):
    before = row_counts()
    action = PlanAction.objects.order_by("pk").first()
    action.budget = Decimal("123456")
    action.save()
    project = Project.objects.get(code="FM.0390")
    project.status = Project.Status.ACTIVE
    project.save()

    output = seed_demo()

    assert row_counts() == before
    assert "Action plans: 0 created" in output
    assert set(seed_plans().values()) == {0}
    assert PlanAction.objects.get(pk=action.pk).budget == Decimal("123456")
    assert Project.objects.get(code="FM.0390").status == Project.Status.ACTIVE
