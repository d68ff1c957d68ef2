"""Staff pages where IOM roles write plans, axes, actions, pilots, indicators and projects."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from activity.models import StatusChange
from plans.models import (
    ActionPlan,
    Indicator,
    PilotBudgetLine,
    PilotProject,
    PlanAction,
    Project,
    ProjectResult,
    SdgTarget,
    SniaProgramme,
    StrategicAxis,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """Pages in English: the messages asserted are the source strings."""
    translation.activate("en")


REFUSED_ROLES = ["partner", "viewer", "council", "souss_council"]


@pytest.fixture
def people(users, council_user, souss_council_user):
    return {**users, "council": council_user, "souss_council": souss_council_user}


def editing_urls(plan, pilot, project):
    action = PlanAction.objects.filter(axis__plan=plan).first()
    result = project.results.first()
    indicator = plan.indicators.first()
    return [
        reverse("plans:plan_create"),
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:action_create", args=[plan.pk]),
        reverse("plans:action_edit", args=[action.pk]),
        reverse("plans:pilot_create", args=[plan.pk]),
        reverse("plans:pilot_edit", args=[pilot.pk]),
        reverse("plans:plan_indicator_create", args=[plan.pk]),
        reverse("plans:pilot_indicator_create", args=[pilot.pk]),
        reverse("plans:result_indicator_create", args=[result.pk]),
        reverse("plans:indicator_edit", args=[indicator.pk]),
        reverse("plans:project_create"),
        reverse("plans:project_edit", args=[project.pk]),
    ]


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_open_every_editing_page(client, people, role, oriental_plan, pilot, project):
    client.force_login(people[role])
    for url in editing_urls(oriental_plan, pilot, project):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="csrfmiddlewaretoken"' in response.text


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused_every_editing_page(
    client, people, role, oriental_plan, pilot, project
):
    client.force_login(people[role])
    for url in editing_urls(oriental_plan, pilot, project):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x"}).status_code == 403, url
    assert ActionPlan.objects.count() == 1 and Project.objects.count() == 1


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_cannot_move_an_action_or_a_project(
    client, people, role, oriental_plan, project
):
    action = PlanAction.objects.get(code="1.1")
    client.force_login(people[role])
    url = reverse("plans:action_status", args=[action.pk])
    assert (
        client.post(url, {"status": "in_progress", "seen_version": action.version}).status_code
        == 403
    )
    url = reverse("plans:project_status", args=[project.pk])
    assert (
        client.post(url, {"status": "completed", "seen_version": project.version}).status_code
        == 403
    )
    assert not StatusChange.objects.exists()


def plan_data(region, council, **changes):
    data = {
        "region": region.pk,
        "council": council.pk,
        "title": "Plan régional du Souss",
        "starts_on": "2026-01-01",
        "ends_on": "2030-12-31",
        "vision": "",
        "axes-TOTAL_FORMS": "1",
        "axes-INITIAL_FORMS": "0",
        "axes-0-number": "1",
        "axes-0-title": "Accès aux droits",
        "axes-0-description": "",
    }
    data.update(changes)
    return data


def test_iom_creates_a_plan_with_an_axis(client, iom_user, souss, souss_council):
    client.force_login(iom_user)
    response = client.post(reverse("plans:plan_create"), plan_data(souss, souss_council))
    plan = ActionPlan.objects.get(title="Plan régional du Souss")
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.status == ActionPlan.Status.DRAFT
    assert list(plan.axes.values_list("title", flat=True)) == ["Accès aux droits"]
    assert plan.history.first().history_user == iom_user


def test_a_plan_missing_its_title_is_not_stored(client, iom_user, souss, souss_council):
    client.force_login(iom_user)
    response = client.post(reverse("plans:plan_create"), plan_data(souss, souss_council, title=""))
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Nothing was saved" in response.text
    assert not ActionPlan.objects.exists() and not StrategicAxis.objects.exists()


def test_a_plan_ending_before_it_starts_is_refused_beside_the_end(
    client, iom_user, souss, souss_council
):
    client.force_login(iom_user)
    data = plan_data(souss, souss_council, ends_on="2025-01-01")
    response = client.post(reverse("plans:plan_create"), data)
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.text
    assert not ActionPlan.objects.exists()


def edit_plan_data(plan, **changes):
    axes = list(plan.axes.all())
    data = {
        "region": plan.region_id,
        "council": plan.council_id,
        "title": plan.title,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "vision": plan.vision,
        "seen_version": plan.version,
        "axes-TOTAL_FORMS": str(len(axes)),
        "axes-INITIAL_FORMS": str(len(axes)),
    }
    for i, axis in enumerate(axes):
        data |= {
            f"axes-{i}-id": axis.pk,
            f"axes-{i}-number": axis.number,
            f"axes-{i}-title": axis.title,
            f"axes-{i}-description": axis.description,
        }
    data.update(changes)
    return data


def test_iom_edits_a_plan_and_its_history_shows_it(client, iom_user, oriental_plan):
    client.force_login(iom_user)
    url = reverse("plans:plan_edit", args=[oriental_plan.pk])
    response = client.post(url, edit_plan_data(oriental_plan, title="Plan révisé"))
    assert response.status_code == 302
    oriental_plan.refresh_from_db()
    assert oriental_plan.title == "Plan révisé"
    page = client.get(url)
    assert "Recent changes" in page.text and "Plan révisé" in page.text


def test_a_plan_cannot_shrink_around_its_actions(client, iom_user, oriental_plan):
    client.force_login(iom_user)
    url = reverse("plans:plan_edit", args=[oriental_plan.pk])
    response = client.post(url, edit_plan_data(oriental_plan, ends_on="2026-06-30"))
    assert response.status_code == 400
    assert "Some actions of the plan end after this date" in response.text
    oriental_plan.refresh_from_db()
    assert oriental_plan.ends_on == datetime.date(2029, 12, 31)


def test_an_axis_with_actions_cannot_be_deleted(client, iom_user, oriental_plan):
    client.force_login(iom_user)
    url = reverse("plans:plan_edit", args=[oriental_plan.pk])
    response = client.post(url, edit_plan_data(oriental_plan, **{"axes-0-DELETE": "on"}))
    assert response.status_code == 400
    assert "has actions; move or delete them" in response.text
    assert PlanAction.objects.filter(axis__plan=oriental_plan).count() == 2


def test_a_stale_plan_page_is_refused_and_keeps_the_input(client, iom_user, oriental_plan):
    client.force_login(iom_user)
    data = edit_plan_data(oriental_plan, title="Mon titre")
    ActionPlan.objects.get(pk=oriental_plan.pk).save()  # someone else saved meanwhile
    response = client.post(reverse("plans:plan_edit", args=[oriental_plan.pk]), data)
    assert response.status_code == 400
    assert "Since you opened this page" in response.text
    assert 'value="Mon titre"' in response.text
    oriental_plan.refresh_from_db()
    assert oriental_plan.title != "Mon titre"


def action_data(axis, **changes):
    data = {
        "axis": axis.pk,
        "code": "1.3",
        "title": "Cours d’arabe dialectal",
        "description": "",
        "programmes": [SniaProgramme.objects.get(number=1).pk],
        "sdg_targets": [SdgTarget.objects.get(code="10.7").pk],
        "lead_organisation": "",
        "budget": "250000",
        "funder": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }
    data.update(changes)
    return data


def test_iom_adds_an_action_aligned_with_snia_and_the_sdgs(
    client, iom_user, oriental_plan, oriental_council, project
):
    axis = oriental_plan.axes.get()
    client.force_login(iom_user)
    data = action_data(axis, lead_organisation=oriental_council.pk, projects=[project.pk])
    response = client.post(reverse("plans:action_create", args=[oriental_plan.pk]), data)
    action = PlanAction.objects.get(code="1.3")
    assert response.status_code == 302
    assert action.budget == Decimal("250000") and action.lead_organisation == oriental_council
    assert [p.number for p in action.programmes.all()] == [1]
    assert list(action.projects.all()) == [project]


def test_an_action_outside_its_plans_period_is_refused_beside_the_date(
    client, iom_user, oriental_plan
):
    axis = oriental_plan.axes.get()
    client.force_login(iom_user)
    data = action_data(axis, starts_on="2024-06-01")
    response = client.post(reverse("plans:action_create", args=[oriental_plan.pk]), data)
    assert response.status_code == 400
    assert "The action starts outside the plan&#x27;s period" in response.text
    assert not PlanAction.objects.filter(code="1.3").exists()


def test_an_action_under_another_plans_axis_is_refused(
    client, iom_user, oriental_plan, souss, souss_council
):
    other = ActionPlan.objects.create(
        region=souss,
        council=souss_council,
        title="Souss",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    other_axis = StrategicAxis.objects.create(plan=other, number=1, title="Autre")
    client.force_login(iom_user)
    url = reverse("plans:action_create", args=[oriental_plan.pk])
    response = client.post(url, action_data(other_axis))
    assert response.status_code == 400
    assert "Choose one of this plan&#x27;s axes." in response.text
    assert not PlanAction.objects.filter(code="1.3").exists()


def test_a_stale_action_page_is_refused(client, iom_user, oriental_plan):
    action = PlanAction.objects.get(code="1.1")
    client.force_login(iom_user)
    data = action_data(action.axis, code="1.1", seen_version=action.version, title="Mine")
    PlanAction.objects.get(pk=action.pk).save()
    response = client.post(reverse("plans:action_edit", args=[action.pk]), data)
    assert response.status_code == 400
    assert "Since you opened this page" in response.text
    action.refresh_from_db()
    assert action.title != "Mine"


def test_an_action_status_moves_through_its_workflow_and_is_logged(client, iom_user, oriental_plan):
    action = PlanAction.objects.get(code="1.1")
    client.force_login(iom_user)
    url = reverse("plans:action_status", args=[action.pk])
    response = client.post(url, {"status": "in_progress", "seen_version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == PlanAction.Status.IN_PROGRESS
    move = StatusChange.objects.get()
    assert (move.from_status, move.to_status, move.by) == ("planned", "in_progress", iom_user)


def test_cancelling_an_action_needs_a_reason(client, iom_user, oriental_plan):
    action = PlanAction.objects.get(code="1.1")
    client.force_login(iom_user)
    url = reverse("plans:action_status", args=[action.pk])
    client.post(url, {"status": "cancelled", "seen_version": action.version})
    action.refresh_from_db()
    assert action.status == PlanAction.Status.PLANNED and not StatusChange.objects.exists()


def test_the_action_form_has_no_status_field(client, iom_user, oriental_plan):
    action = PlanAction.objects.get(code="1.1")
    client.force_login(iom_user)
    data = action_data(action.axis, code="1.1", seen_version=action.version, status="completed")
    client.post(reverse("plans:action_edit", args=[action.pk]), data)
    action.refresh_from_db()
    assert action.status == PlanAction.Status.PLANNED


def pilot_data(oriental_council, **changes):
    data = {
        "title": "Médiation interculturelle",
        "problem": "Peu de médiateurs.",
        "objectives": "Former dix médiateurs.",
        "beneficiaries": "",
        "lead_organisation": oriental_council.pk,
        "starts_on": "2026-01-01",
        "duration_months": "6",
        "sustainability": "",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-0-order": "1",
        "activities-0-title": "Formation",
        "activities-0-start_month": "1",
        "activities-0-end_month": "3",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-category": "training",
        "budget-0-description": "Sessions",
        "budget-0-quantity": "2",
        "budget-0-unit_cost": "10000",
        "risks-TOTAL_FORMS": "0",
        "risks-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_iom_proposes_a_pilot_with_activities_and_budget_lines(
    client, iom_user, oriental_plan, oriental_council
):
    client.force_login(iom_user)
    url = reverse("plans:pilot_create", args=[oriental_plan.pk])
    assert client.post(url, pilot_data(oriental_council)).status_code == 302
    pilot = PilotProject.objects.get(title="Médiation interculturelle")
    assert pilot.activities.get().title == "Formation"
    assert PilotBudgetLine.objects.get(pilot=pilot).total == Decimal("20000")


def test_a_pilot_activity_after_its_end_is_refused(
    client, iom_user, oriental_plan, oriental_council
):
    client.force_login(iom_user)
    url = reverse("plans:pilot_create", args=[oriental_plan.pk])
    response = client.post(url, pilot_data(oriental_council, **{"activities-0-end_month": "9"}))
    assert response.status_code == 400
    assert "The pilot lasts 6 months" in response.text
    assert not PilotProject.objects.filter(title="Médiation interculturelle").exists()


def indicator_data(**changes):
    data = {
        "code": "I9",
        "order": "0",
        "name": "Personnes formées",
        "unit": "people",
        "baseline": "0",
        "target": "100",
        "computation": "",
        "means_of_verification": "",
    }
    data.update(changes)
    return data


def test_iom_adds_an_indicator_following_an_action(client, iom_user, oriental_plan):
    action = PlanAction.objects.get(code="1.2")
    client.force_login(iom_user)
    url = reverse("plans:plan_indicator_create", args=[oriental_plan.pk])
    assert client.post(url, indicator_data(action=action.pk)).status_code == 302
    indicator = Indicator.objects.get(code="I9")
    assert indicator.plan == oriental_plan and indicator.action == action


def test_an_indicator_cannot_follow_another_plans_action(
    client, iom_user, oriental_plan, souss, souss_council
):
    other = ActionPlan.objects.create(
        region=souss,
        council=souss_council,
        title="Souss",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    axis = StrategicAxis.objects.create(plan=other, number=1, title="Autre")
    foreign = PlanAction.objects.create(
        axis=axis,
        code="9.9",
        title="Ailleurs",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    client.force_login(iom_user)
    url = reverse("plans:plan_indicator_create", args=[oriental_plan.pk])
    response = client.post(url, indicator_data(action=foreign.pk))
    assert response.status_code == 400
    assert "Choose one of this plan&#x27;s actions." in response.text
    assert not Indicator.objects.filter(code="I9").exists()


def test_a_computed_indicator_in_the_wrong_unit_is_refused_beside_the_unit(
    client, iom_user, oriental_plan
):
    client.force_login(iom_user)
    url = reverse("plans:plan_indicator_create", args=[oriental_plan.pk])
    data = indicator_data(computation="share_low_severity", unit="people")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "This computed indicator is counted in" in response.text
    assert not Indicator.objects.filter(code="I9").exists()


def test_iom_adds_an_indicator_to_a_project_result(client, iom_user, project):
    result = project.results.get()
    client.force_login(iom_user)
    url = reverse("plans:result_indicator_create", args=[result.pk])
    assert client.post(url, indicator_data()).status_code == 302
    assert Indicator.objects.get(code="I9").result == result


def project_data(region, japan, **changes):
    data = {
        "code": "MA.0042",
        "prima_id": "",
        "title": "Intégration locale",
        "short_name": "",
        "kind": "protection",
        "donors": [japan.pk],
        "budget": "100000",
        "currency": "MAD",
        "rate_to_mad": "1",
        "people_to_reach": "",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "regions": [region.pk],
        "summary": "",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "results-TOTAL_FORMS": "1",
        "results-INITIAL_FORMS": "0",
        "results-0-code": "1",
        "results-0-level": "outcome",
        "results-0-statement": "Les migrants accèdent aux services.",
    }
    data.update(changes)
    return data


def test_iom_creates_a_project_with_an_outcome_then_an_output(
    client, iom_user, oriental, japan, ngo_a
):
    client.force_login(iom_user)
    data = project_data(
        oriental,
        japan,
        **{
            "partners-TOTAL_FORMS": "1",
            "partners-0-organisation": ngo_a.pk,
            "partners-0-role": "implementing",
        },
    )
    assert client.post(reverse("plans:project_create"), data).status_code == 302
    project = Project.objects.get(code="MA.0042")
    outcome = project.results.get()
    assert project.status == Project.Status.PIPELINE
    assert project.partners.get().organisation == ngo_a
    data = project_data(
        oriental,
        japan,
        seen_version=project.version,
        **{
            "results-TOTAL_FORMS": "2",
            "results-INITIAL_FORMS": "1",
            "results-0-id": outcome.pk,
            "results-1-code": "1.1",
            "results-1-level": "output",
            "results-1-parent": outcome.pk,
            "results-1-statement": "Des guichets ouvrent.",
        },
    )
    assert client.post(reverse("plans:project_edit", args=[project.pk]), data).status_code == 302
    assert ProjectResult.objects.get(code="1.1").parent == outcome


def test_an_output_under_another_projects_outcome_is_refused(
    client, iom_user, oriental, japan, project
):
    foreign = project.results.get()
    client.force_login(iom_user)
    data = project_data(
        oriental,
        japan,
        **{"results-0-level": "output", "results-0-parent": foreign.pk},
    )
    response = client.post(reverse("plans:project_create"), data)
    assert response.status_code == 400
    assert "Choose one of this project&#x27;s outcomes." in response.text
    assert not Project.objects.filter(code="MA.0042").exists()


def test_a_project_with_a_bad_code_is_refused(client, iom_user, oriental, japan):
    client.force_login(iom_user)
    response = client.post(reverse("plans:project_create"), project_data(oriental, japan, code="x"))
    assert response.status_code == 400
    assert "An IOM project code looks like FM.0390." in response.text
    assert not Project.objects.filter(title="Intégration locale").exists()


def test_a_stale_project_page_is_refused(client, iom_user, oriental, japan, project):
    client.force_login(iom_user)
    data = project_data(
        oriental,
        japan,
        code=project.code,
        seen_version=project.version,
        **{"results-TOTAL_FORMS": "0"},
    )
    Project.objects.get(pk=project.pk).save()
    response = client.post(reverse("plans:project_edit", args=[project.pk]), data)
    assert response.status_code == 400
    assert "Since you opened this page" in response.text
    project.refresh_from_db()
    assert project.title != "Intégration locale"


def test_a_project_status_moves_through_its_workflow(client, iom_user, project):
    client.force_login(iom_user)
    url = reverse("plans:project_status", args=[project.pk])
    client.post(url, {"status": "completed", "seen_version": project.version})
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert StatusChange.objects.get().to_status == "completed"


def test_the_project_page_links_to_the_plan_actions_it_carries(
    client, iom_user, partner_user, oriental_plan, project
):
    action = PlanAction.objects.get(code="1.1")
    action.projects.add(project)
    client.force_login(iom_user)
    page = client.get(reverse("plans:project_detail", args=[project.pk]))
    assert f"{oriental_plan.get_absolute_url()}#action-{action.pk}" in page.text
    client.force_login(partner_user)  # partners do not read plans
    page = client.get(reverse("plans:project_detail", args=[project.pk]))
    assert f"#action-{action.pk}" not in page.text


def test_the_plan_page_links_actions_to_their_projects_and_offers_editing(
    client, iom_user, council_user, oriental_plan, project
):
    action = PlanAction.objects.get(code="1.1")
    action.projects.add(project)
    client.force_login(iom_user)
    page = client.get(reverse("plans:plan_detail", args=[oriental_plan.pk]))
    assert project.get_absolute_url() in page.text
    assert reverse("plans:action_edit", args=[action.pk]) in page.text
    client.force_login(council_user)
    page = client.get(reverse("plans:plan_detail", args=[oriental_plan.pk]))
    assert project.get_absolute_url() in page.text
    assert reverse("plans:action_edit", args=[action.pk]) not in page.text


def test_adding_an_action_to_a_plan_without_axes_asks_for_an_axis_first(
    client, iom_user, souss, souss_council
):
    plan = ActionPlan.objects.create(
        region=souss,
        council=souss_council,
        title="Sans axe",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
    )
    client.force_login(iom_user)
    response = client.get(reverse("plans:action_create", args=[plan.pk]))
    assert response.status_code == 302
    assert response.url == reverse("plans:plan_edit", args=[plan.pk])


def test_a_plan_of_an_unknown_council_is_refused(client, iom_user, souss, souss_council):
    client.force_login(iom_user)
    data = plan_data(souss, souss_council) | {"council": "99999"}
    response = client.post(reverse("plans:plan_create"), data)
    assert response.status_code == 400
    assert "Select a valid choice." in response.text
    assert not ActionPlan.objects.exists()


def test_a_stale_indicator_page_is_refused(client, iom_user, oriental_plan):
    indicator = oriental_plan.indicators.get()
    client.force_login(iom_user)
    data = indicator_data(code=indicator.code, name="Mine", seen_version=indicator.version)
    Indicator.objects.get(pk=indicator.pk).save()
    response = client.post(reverse("plans:indicator_edit", args=[indicator.pk]), data)
    assert response.status_code == 400
    assert "Since you opened this page" in response.text
    indicator.refresh_from_db()
    assert indicator.name != "Mine"


def test_the_pilot_page_lists_its_indicators_to_edit_and_to_measure(client, iom_user, pilot):
    indicator = pilot.indicators.get()
    client.force_login(iom_user)
    page = client.get(reverse("plans:pilot_edit", args=[pilot.pk]))
    assert reverse("plans:indicator_edit", args=[indicator.pk]) in page.text
    assert reverse("plans:indicator_value_create", args=[indicator.pk]) in page.text
