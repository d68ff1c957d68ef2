"""What a project did, counted from Manara's records, and its results framework."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Organisation
from assessments.models import Need
from plans.figures import annotate_funding, project_figures, results_framework
from plans.models import (
    Indicator,
    IndicatorValue,
    NeedFunding,
    Project,
    ProjectResult,
    SupportActivity,
    SupportParticipants,
)
from referrals.models import Case, Referral
from tests.factories import (
    ActorServiceFactory,
    CaseFactory,
    FacilityFactory,
    NeedFactory,
    OrganisationFactory,
)

DAY = datetime.date(2025, 6, 1)


def fund(project, need, amount="1000"):
    return NeedFunding.objects.create(need=need, project=project, amount=Decimal(amount))


@pytest.fixture
def other_project(japan, oriental):
    project = Project.objects.create(
        code="JP.0002",
        title="Un autre projet",
        kind=Project.Kind.HEALTH,
        budget=Decimal("500000"),
        currency=Project.Currency.MAD,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        status=Project.Status.ACTIVE,
    )
    project.regions.add(oriental)
    return project


def support(project, organisation, participants=(), kind=SupportActivity.Kind.TRAINING):
    """A support activity of `project` for `organisation`, with (organisation, women, men)."""
    activity = SupportActivity.objects.create(
        kind=kind, date=DAY, organisation=organisation, project=project, topic="Accueil"
    )
    for participant, women, men in participants:
        SupportParticipants.objects.create(
            activity=activity, organisation=participant, women=women, men=men
        )
    return activity


def test_a_project_without_records_counts_zero_everywhere(project):
    figures = project_figures(project)

    assert figures["needs_funded"] == 0
    assert figures["funded_total"] == 0
    assert figures["budget_mad"] == Decimal("1515000")
    assert figures["budget_share"] == 0
    assert figures["facilities_reinforced"] == 0
    assert figures["cases"] == 0
    assert figures["referrals"] == 0
    assert figures["people_share"] == 0
    assert figures["support_activities"] == 0
    assert figures["participants_total"] == 0
    assert figures["actors_strengthened"] == 0


def test_funded_needs_are_summed_against_the_budget_in_dirhams(project, other_project):
    fund(project, NeedFactory(), "100000")
    fund(project, NeedFactory(), "51500")
    fund(other_project, NeedFactory(), "99999")

    figures = project_figures(project)

    assert figures["needs_funded"] == 2
    assert figures["funded_total"] == Decimal("151500")
    assert figures["budget_share"] == 10


def test_facilities_reinforced_count_only_facilities_with_a_funded_need_done(
    project, other_project
):
    reinforced = FacilityFactory(name="Centre renforcé")
    waiting = FacilityFactory(name="Centre en attente")
    done_elsewhere = FacilityFactory(name="Centre financé ailleurs")
    fund(project, NeedFactory(facility=reinforced, status=Need.Status.DONE))
    fund(project, NeedFactory(facility=reinforced, status=Need.Status.FUNDED))
    fund(project, NeedFactory(facility=waiting, status=Need.Status.IN_PROGRESS))
    fund(other_project, NeedFactory(facility=done_elsewhere, status=Need.Status.DONE))
    NeedFactory(facility=waiting, status=Need.Status.DONE)  # done, but funded by no project

    figures = project_figures(project)

    assert figures["facilities_funded"] == 2
    assert figures["facilities_reinforced"] == 1


def test_people_reached_are_the_projects_cases_by_sex_and_age_band(project):
    cases = [
        CaseFactory(sex=Case.Sex.FEMALE, age_band="18-24"),
        CaseFactory(sex=Case.Sex.FEMALE, age_band="18-24"),
        CaseFactory(sex=Case.Sex.MALE, age_band="25-34"),
        CaseFactory(sex=Case.Sex.UNDISCLOSED, age_band="0-17"),
    ]
    project.cases.add(*cases)
    CaseFactory(sex=Case.Sex.FEMALE, age_band="18-24")  # followed under no project

    people = project_figures(project)["people"]

    rows = {row["band"]: row["cells"] for row in people["rows"]}
    assert rows["18-24"] == [2, 0, 0]
    assert rows["25-34"] == [0, 1, 0]
    assert rows["0-17"] == [0, 0, 1]
    assert rows["60+"] == [0, 0, 0]
    assert people["totals"] == [2, 1, 1]
    assert people["total"] == 4


def test_people_reached_are_compared_with_the_people_to_reach(project):
    project.people_to_reach = 8
    project.cases.add(CaseFactory(), CaseFactory())

    figures = project_figures(project)

    assert (figures["people_reached"], figures["people_share"]) == (2, 25)


def test_referrals_of_the_projects_cases_are_counted_with_those_completed(project):
    case = CaseFactory()
    project.cases.add(case, CaseFactory())
    owner = case.owner
    for status in (Referral.Status.COMPLETED, Referral.Status.SENT, Referral.Status.COMPLETED):
        Referral.objects.create(
            case=case,
            service=ActorServiceFactory(),
            from_organisation=owner,
            reason="Accompagnement",
            status=status,
        )
    outside = CaseFactory()
    Referral.objects.create(
        case=outside,
        service=ActorServiceFactory(),
        from_organisation=outside.owner,
        reason="x",
        status="completed",
    )

    figures = project_figures(project)

    assert (figures["referrals"], figures["referrals_completed"]) == (3, 2)


def test_support_activities_count_participants_by_sex(project):
    ngo = OrganisationFactory(name="Association Oujda")
    support(project, ngo, [(ngo, 3, 2)])
    support(project, ngo, [(ngo, 4, 1)], kind=SupportActivity.Kind.VISIT)
    support(None, ngo, [(ngo, 10, 10)])  # under no project

    figures = project_figures(project)

    assert figures["support_activities"] == 2
    assert (figures["participants_women"], figures["participants_men"]) == (7, 3)
    assert figures["participants_total"] == 10


def test_actors_strengthened_are_distinct_organisations_supported_or_trained(project):
    first, second, third = (OrganisationFactory(name=f"Association {n}") for n in "ABC")
    iom = OrganisationFactory(name="OIM Maroc", kind=Organisation.Kind.IOM)
    outside = OrganisationFactory(name="Association hors projet")
    support(project, first, [(first, 2, 2), (second, 1, 0), (iom, 1, 1)])
    support(project, second, [(third, 0, 3)])
    support(project, first)
    support(None, outside, [(outside, 5, 5)])

    assert project_figures(project)["actors_strengthened"] == 3


def _records(project, size: int) -> None:
    ngo = OrganisationFactory()
    for index in range(size):
        fund(project, NeedFactory(status=Need.Status.DONE if index % 2 else Need.Status.FUNDED))
        case = CaseFactory(sex=Case.Sex.FEMALE if index % 2 else Case.Sex.MALE)
        project.cases.add(case)
        support(project, ngo, [(OrganisationFactory(), 1, 1)])


@pytest.mark.parametrize("size", [1, 8])
def test_the_figures_cost_five_queries_whatever_the_records(
    project, size, django_assert_num_queries
):
    _records(project, size)

    with django_assert_num_queries(5):
        figures = project_figures(project)

    assert figures["needs_funded"] == size


def _value(indicator, end, value, **groups):
    return IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=end,
        value=Decimal(value),
        unit=indicator.unit,
        source="Rapport trimestriel",
        **groups,
    )


def test_the_results_framework_gives_each_indicator_its_latest_total_and_breakdown(project):
    indicator = Indicator.objects.get(result__project=project, code="1.a")
    june, december = datetime.date(2025, 6, 30), datetime.date(2025, 12, 31)
    _value(indicator, june, "100")
    _value(indicator, june, "70", sex=Case.Sex.FEMALE)
    _value(indicator, december, "300")
    _value(indicator, december, "180", sex=Case.Sex.FEMALE)
    _value(indicator, december, "120", sex=Case.Sex.MALE)

    [block] = results_framework(project)

    [line] = block.indicators
    assert line.latest.value == Decimal("300")
    assert line.current == Decimal("300")
    assert sorted((value.sex, value.value) for value in line.breakdown) == [
        ("female", Decimal("180")),
        ("male", Decimal("120")),
    ]
    assert line.percent_of_target == 22  # 300 of 1,350


def test_outputs_sit_under_their_outcome_with_their_indicators(project):
    outcome = ProjectResult.objects.get(project=project, code="1")
    output = ProjectResult.objects.create(
        project=project, level="output", parent=outcome, code="1.1", statement="Centres équipés"
    )
    Indicator.objects.create(
        result=output, code="1.1.a", name="Centres équipés", unit="facilities", target=4
    )

    [block] = results_framework(project)

    assert [o.result.code for o in block.outputs] == ["1.1"]
    assert [line.indicator.code for line in block.outputs[0].indicators] == ["1.1.a"]
    assert block.outputs[0].indicators[0].current is None


def test_a_computed_indicator_reads_the_projects_own_records(project):
    outcome = ProjectResult.objects.get(project=project, code="1")
    Indicator.objects.create(
        result=outcome,
        code="1.b",
        name="Centres renforcés",
        unit="facilities",
        target=4,
        computation=Indicator.Computation.FACILITIES_REINFORCED,
    )
    fund(project, NeedFactory(status=Need.Status.DONE))
    NeedFactory(status=Need.Status.DONE)  # done, but not the project's

    [block] = results_framework(project)

    line = next(line for line in block.indicators if line.indicator.code == "1.b")
    assert (line.current, line.percent_of_target) == (Decimal("1"), 25)


def _framework(project, outcomes: int) -> None:
    for number in range(2, outcomes + 2):
        outcome = ProjectResult.objects.create(
            project=project, level="outcome", code=str(number), statement="Résultat"
        )
        output = ProjectResult.objects.create(
            project=project, level="output", parent=outcome, code=f"{number}.1", statement="Produit"
        )
        for result in (outcome, output):
            indicator = Indicator.objects.create(
                result=result, code=f"{result.code}.a", name="Mesure", unit="number", target=10
            )
            _value(indicator, datetime.date(2025, 6, 30), "3")


@pytest.mark.parametrize("outcomes", [1, 6])
def test_the_results_framework_costs_six_queries_whatever_its_size(
    project, outcomes, django_assert_num_queries
):
    _framework(project, outcomes)

    with django_assert_num_queries(6):
        blocks = results_framework(project)

    assert len(blocks) == outcomes + 1


def test_the_list_annotation_counts_each_funding_once_per_project(project, other_project, souss):
    project.regions.add(souss)
    fund(project, NeedFactory(), "1000")
    fund(project, NeedFactory(), "2500")

    rows = {
        p.code: (p.funded_count, p.funded_total, p.budget_in_mad)
        for p in annotate_funding(
            Project.objects.filter(regions__in=[project.regions.first(), souss])
        )
    }

    assert rows["JP.0001"][:2] == (2, Decimal("3500"))
    assert rows["JP.0001"][2] == Decimal("1515000")
    assert rows["JP.0002"][:2] == (0, Decimal("0"))
