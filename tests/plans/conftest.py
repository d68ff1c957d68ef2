"""Fixtures of the plans tests: the Oriental council and its viewer, a plan, a project."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Organisation, User
from facilities.models import Region, TargetGroup
from plans.models import (
    ActionPlan,
    Donor,
    Indicator,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    Project,
    ProjectPartner,
    ProjectResult,
    SdgTarget,
    SniaProgramme,
    StrategicAxis,
)
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def oriental(db):
    return Region.objects.get(code="02")


@pytest.fixture
def souss(db):
    return Region.objects.get(code="09")


@pytest.fixture
def oriental_council(oriental):
    council = OrganisationFactory(
        name="Conseil de la Région de l'Oriental", acronym="CRO", kind=Organisation.Kind.GOVERNMENT
    )
    council.regions.add(oriental)
    return council


@pytest.fixture
def souss_council(souss):
    council = OrganisationFactory(
        name="Conseil de la Région Souss-Massa", acronym="CRSM", kind=Organisation.Kind.GOVERNMENT
    )
    council.regions.add(souss)
    return council


@pytest.fixture
def council_user(oriental_council):
    """A viewer of the Oriental regional council."""
    return UserFactory(username="council_t", role=User.Role.VIEWER, organisation=oriental_council)


@pytest.fixture
def souss_council_user(souss_council):
    return UserFactory(username="souss_t", role=User.Role.VIEWER, organisation=souss_council)


@pytest.fixture
def japan(db):
    return Donor.objects.create(name="Gouvernement du Japon", acronym="Japon", kind="government")


@pytest.fixture
def oriental_plan(oriental, oriental_council, japan):
    """An adopted 2025–2029 plan of the Oriental with one axis, two actions and one indicator.

    The actions cover SNIA programmes 3 (health) and 5 (social assistance) and SDG targets 3.8
    and 10.7; every other programme is left uncovered.
    """
    plan = ActionPlan.objects.create(
        region=oriental,
        council=oriental_council,
        title="Plan régional de protection et d’intégration des migrants de l’Oriental",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
        status=ActionPlan.Status.ADOPTED,
        vision="Une région qui accueille et protège.",
    )
    axis = StrategicAxis.objects.create(plan=plan, number=1, title="Accès aux services de base")
    health = PlanAction.objects.create(
        axis=axis,
        code="1.1",
        title="Soins de santé primaires pour les migrants à Oujda",
        budget=Decimal("1200000"),
        funder=japan,
        lead_organisation=oriental_council,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    health.programmes.add(SniaProgramme.objects.get(number=3))
    health.sdg_targets.add(SdgTarget.objects.get(code="3.8"))
    assistance = PlanAction.objects.create(
        axis=axis,
        code="1.2",
        title="Aide sociale et humanitaire d’urgence",
        budget=Decimal("800000"),
        starts_on=datetime.date(2025, 6, 1),
        ends_on=datetime.date(2027, 6, 30),
    )
    assistance.programmes.add(SniaProgramme.objects.get(number=5))
    assistance.sdg_targets.add(SdgTarget.objects.get(code="10.7"))
    Indicator.objects.create(
        plan=plan,
        action=health,
        code="I1",
        name="Migrants ayant reçu des soins de santé primaires",
        unit=Indicator.Unit.PEOPLE,
        baseline=Decimal("0"),
        target=Decimal("2000"),
        by_sex=True,
    )
    return plan


@pytest.fixture
def project(japan, ngo_a, oriental):
    """An active Japan-funded project in the Oriental, with NGO A (partner_user's) as partner."""
    project = Project.objects.create(
        code="JP.0001",
        prima_id="MA10P0001",
        title="Protection et assistance aux migrants vulnérables",
        short_name="Migrants vulnérables",
        kind=Project.Kind.PROTECTION,
        budget=Decimal("151500"),
        currency=Project.Currency.USD,
        rate_to_mad=Decimal("10"),
        people_to_reach=1350,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        status=Project.Status.ACTIVE,
    )
    project.donors.add(japan)
    project.regions.add(oriental)
    ProjectPartner.objects.create(
        project=project, organisation=ngo_a, role=ProjectPartner.Role.IMPLEMENTING
    )
    outcome = ProjectResult.objects.create(
        project=project,
        level=ProjectResult.Level.OUTCOME,
        code="1",
        statement="Les migrants vulnérables accèdent à une protection adaptée.",
    )
    Indicator.objects.create(
        result=outcome,
        code="1.a",
        name="Migrants assistés",
        unit=Indicator.Unit.PEOPLE,
        baseline=Decimal("0"),
        target=Decimal("1350"),
        by_sex=True,
        by_age_band=True,
    )
    return project


@pytest.fixture
def pilot(oriental_plan, oriental_council, ngo_a):
    """A six-month pilot from September 2025 with two activities, three budget lines
    (108 000 + 48 000 + 15 000 = 171 000 MAD), one risk and one indicator."""
    pilot = PilotProject.objects.create(
        plan=oriental_plan,
        title="Médiation en santé pour les migrants à Oujda",
        problem="Les migrants en transit n’ont qu’un accès limité aux soins.",
        objectives="Améliorer l’accès des migrants aux soins de santé primaires.",
        beneficiaries="300 migrants, dont 120 femmes.",
        lead_organisation=oriental_council,
        starts_on=datetime.date(2025, 9, 1),
        duration_months=6,
        sustainability="Les médiateurs rejoignent le dispositif de la santé publique.",
    )
    pilot.partners.add(ngo_a)
    pilot.target_groups.add(TargetGroup.objects.get(code="women"))
    pilot.programmes.add(SniaProgramme.objects.get(number=3))
    pilot.sdg_targets.add(SdgTarget.objects.get(code="3.8"))
    PilotActivity.objects.create(
        pilot=pilot, order=1, title="Diagnostic participatif", start_month=1, end_month=2
    )
    PilotActivity.objects.create(
        pilot=pilot, order=2, title="Permanences de médiation", start_month=3, end_month=6
    )
    for category, description, quantity, unit_cost in [
        ("staff", "Coordinatrice du projet", 6, 18000),
        ("training", "Sessions de formation", 2, 24000),
        ("equipment", "Kits d’accueil", 1, 15000),
    ]:
        PilotBudgetLine.objects.create(
            pilot=pilot,
            category=category,
            description=description,
            quantity=Decimal(quantity),
            unit_cost=Decimal(unit_cost),
        )
    PilotRisk.objects.create(
        pilot=pilot,
        risk="Départ des médiateurs formés",
        likelihood=PilotRisk.Level.MEDIUM,
        impact=PilotRisk.Level.HIGH,
        mitigation="Contrats sur toute la durée du projet.",
    )
    Indicator.objects.create(
        pilot=pilot,
        code="P1",
        name="Migrants reçus par les médiateurs",
        unit=Indicator.Unit.PEOPLE,
        baseline=Decimal("0"),
        target=Decimal("300"),
        means_of_verification="Registres des permanences",
    )
    return pilot
