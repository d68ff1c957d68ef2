"""A plan's action names the facilities it concerns: chosen among its region's facilities (on the
staff page and in the back office), shown under the action with their open needs, and listed on
each facility's page; every link only for those who may open it, in a fixed number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from assessments.models import Need
from plans.models import PlanAction, StrategicAxis
from tests.factories import FacilityFactory, NeedFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    translation.activate("en")


@pytest.fixture
def oujda(db):
    return FacilityFactory(name="Centre Oujda")


@pytest.fixture
def nador(db):
    return FacilityFactory(name="Espace Nador", is_published=False)


@pytest.fixture
def agadir(souss):
    return FacilityFactory(name="Foyer Agadir", region=souss)


@pytest.fixture
def action(oriental_plan):
    return PlanAction.objects.get(axis__plan=oriental_plan, code="1.1")


@pytest.fixture
def linked(action, oujda, nador):
    """Action 1.1 concerns Oujda (two open needs, one done) and unpublished Nador (one)."""
    action.facilities.set([oujda, nador])
    NeedFactory(facility=oujda)
    NeedFactory(facility=oujda, quantity=Decimal("10"))
    NeedFactory(facility=oujda, status=Need.Status.DONE)
    NeedFactory(facility=nador)
    return action


def edit_data(action, **changes):
    data = {
        "axis": action.axis_id,
        "code": action.code,
        "title": action.title,
        "description": "",
        "lead_organisation": "",
        "budget": "1000",
        "funder": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
        "seen_version": action.version,
    }
    data.update(changes)
    return data


def test_an_action_concerns_facilities_and_a_facility_knows_its_actions(action, oujda):
    action.facilities.add(oujda)
    assert list(oujda.plan_actions.all()) == [action]


def test_the_edit_page_offers_the_regions_facilities_by_name_only(
    client, iom_user, action, oujda, nador, agadir
):
    client.force_login(iom_user)
    response = client.get(reverse("plans:action_edit", args=[action.pk]))
    select = response.text.split('name="facilities"')[1].split("</select>")[0]
    assert re.findall(r">([^<]+)</option>", select) == ["Centre Oujda", "Espace Nador"]
    assert 'for="id_facilities"' in response.text


def test_iom_staff_choose_the_facilities_of_an_action(client, iom_user, action, oujda, nador):
    client.force_login(iom_user)
    url = reverse("plans:action_edit", args=[action.pk])
    response = client.post(url, edit_data(action, facilities=[oujda.pk, nador.pk]))
    assert response.status_code == 302
    assert set(action.facilities.all()) == {oujda, nador}


def test_a_facility_outside_the_plans_region_is_refused_by_name_and_nothing_is_stored(
    client, iom_user, action, oujda, agadir
):
    client.force_login(iom_user)
    url = reverse("plans:action_edit", args=[action.pk])
    response = client.post(
        url, edit_data(action, title="Changed", facilities=[oujda.pk, agadir.pk])
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["facilities"]
    assert errors == [
        "Foyer Agadir is not in Oriental, the plan's region; choose facilities of the region."
    ]
    action.refresh_from_db()
    assert action.title != "Changed" and not action.facilities.exists()


def test_a_new_action_with_a_facility_of_another_region_is_not_created(
    client, iom_user, oriental_plan, agadir
):
    client.force_login(iom_user)
    axis = oriental_plan.axes.get()
    data = edit_data(PlanAction(axis=axis, code="1.9", title="Nouvelle"), facilities=[agadir.pk])
    del data["seen_version"]
    response = client.post(reverse("plans:action_create", args=[oriental_plan.pk]), data)
    assert response.status_code == 400
    assert "Foyer Agadir is not in Oriental" in response.text
    assert not PlanAction.objects.filter(code="1.9").exists()


@pytest.fixture
def staff_iom_user(iom_org):
    return UserFactory(
        username="iom_back_office",
        role=User.Role.IOM_STAFF,
        organisation=iom_org,
        is_staff=True,
        preferred_language="en",
    )


def test_the_back_office_applies_the_same_region_check(
    client, staff_iom_user, action, agadir, oujda
):
    client.force_login(staff_iom_user)
    url = reverse("admin:plans_planaction_add")
    data = {
        "axis": action.axis_id,
        "code": "1.8",
        "status": "planned",
        "title": "Par le back office",
        "budget": "1000",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-30",
    }
    response = client.post(url, {**data, "facilities": [agadir.pk]})
    assert response.status_code == 200
    assert "Foyer Agadir is not in Oriental" in response.text
    assert not PlanAction.objects.filter(code="1.8").exists()

    assert client.post(url, {**data, "facilities": [oujda.pk]}).status_code == 302
    assert list(PlanAction.objects.get(code="1.8").facilities.all()) == [oujda]


def test_the_back_office_offers_a_saved_action_its_regions_facilities(
    client, staff_iom_user, action, oujda, agadir
):
    client.force_login(staff_iom_user)
    response = client.get(reverse("admin:plans_planaction_change", args=[action.pk]))
    assert response.status_code == 200
    select = response.text.split('name="facilities"')[1].split("</select>")[0]
    assert "Centre Oujda" in select and "Foyer Agadir" not in select


# The plan page ---------------------------------------------------------------------------------


def plan_page(client, user, plan) -> str:
    client.force_login(user)
    response = client.get(f"/en/plans/{plan.pk}/")
    assert response.status_code == 200
    return response.text


def facilities_cell(html: str, code: str) -> str:
    return html.split(f'data-testid="facilities-{code}"')[1].split("</td>")[0]


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer"])
def test_the_plan_page_links_the_facilities_and_sums_their_open_needs(
    client, users, role, oriental_plan, linked, oujda, nador
):
    cell = facilities_cell(plan_page(client, users[role], oriental_plan), "1.1")
    assert f'href="/en/facilities/{oujda.pk}/"' in cell
    assert f'href="/en/facilities/{nador.pk}/"' in cell
    assert f'href="/en/facilities/{oujda.pk}/#h-assessment">2 open needs' in cell
    assert f'href="/en/facilities/{nador.pk}/#h-assessment">1 open need<' in cell
    # 900 + 4,500 + 900: the done need is not counted
    assert "3 open needs at these facilities: 6,300 MAD" in cell


def test_the_councils_viewer_follows_every_facility_link_of_its_plan(
    client, council_user, oriental_plan, linked
):
    cell = facilities_cell(plan_page(client, council_user, oriental_plan), "1.1")
    hrefs = re.findall(r'href="(/en/facilities/[^"]+)"', cell)
    assert len(hrefs) == 4
    for href in hrefs:
        response = client.get(href.split("#")[0])
        assert response.status_code == 200, href
        if "#" in href:
            assert f'id="{href.split("#")[1]}"' in response.text, href


def test_an_action_without_facilities_shows_no_facility_line(client, iom_user, oriental_plan):
    assert 'data-testid="facilities-' not in plan_page(client, iom_user, oriental_plan)


def test_a_partner_reads_no_plan_so_gets_no_link_to_follow(
    client, partner_user, oriental_plan, linked
):
    client.force_login(partner_user)
    assert client.get(f"/en/plans/{oriental_plan.pk}/").status_code == 404


def grow(axis, start: int, end: int) -> None:
    """Actions `start` to `end` - 1, each concerning its own facility with an open need."""
    for index in range(start, end):
        action = PlanAction.objects.create(
            axis=axis,
            code=f"9.{index}",
            title=f"Action {index}",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 6, 30),
        )
        facility = FacilityFactory()
        action.facilities.add(facility)
        NeedFactory(facility=facility)


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["iom_staff", "council"])
def test_the_plan_page_runs_as_many_queries_with_20_actions_as_with_2(
    client, users, council_user, role, oriental_plan
):
    client.force_login(council_user if role == "council" else users[role])
    axis = StrategicAxis.objects.create(plan=oriental_plan, number=9, title="Axe de croissance")
    url = f"/en/plans/{oriental_plan.pk}/"
    grow(axis, 0, 2)
    small = queries(client, url)
    grow(axis, 2, 20)
    assert PlanAction.objects.filter(facilities__isnull=False).count() == 20
    assert queries(client, url) == small


# The facility page ------------------------------------------------------------------------------


def plan_actions(client, user, facility) -> str | None:
    client.force_login(user)
    response = client.get(f"/en/facilities/{facility.pk}/")
    assert response.status_code == 200
    panel = response.text.split('data-testid="facility-connections"')[1].split("</section>")[0]
    if "In the regional plan" not in panel:
        return None
    return panel.split("In the regional plan")[1].split("</dd>")[0]


@pytest.mark.parametrize("role", ["admin", "iom_staff", "viewer", "council"])
def test_the_facility_page_lists_the_plan_actions_concerning_it(
    client, users, council_user, role, oriental_plan, linked, oujda
):
    user = council_user if role == "council" else users[role]
    listed = plan_actions(client, user, oujda)
    anchor = f'href="/en/plans/{oriental_plan.pk}/#action-{linked.pk}"'
    assert anchor in listed
    assert "1.1 Soins de santé primaires pour les migrants à Oujda" in listed
    assert "Plan régional de protection" in listed and "Planned" in listed
    href = anchor.split('"')[1]
    page = client.get(href.split("#")[0])
    assert page.status_code == 200 and f'id="action-{linked.pk}"' in page.text


def test_another_regions_council_does_not_see_a_draft_plans_action(
    client, souss_council_user, oriental_plan, linked, oujda
):
    oriental_plan.__class__.objects.filter(pk=oriental_plan.pk).update(status="draft")
    listed = plan_actions(client, souss_council_user, oujda)
    assert listed is not None and "#action-" not in listed
    assert "No action of a plan you can read concerns it." in listed


def test_a_partner_sees_no_plan_actions_on_its_own_facility(
    client, partner_user, ngo_a, oriental_plan, action
):
    own = FacilityFactory(name="Centre du partenaire", managing_organisation=ngo_a)
    action.facilities.add(own)
    assert plan_actions(client, partner_user, own) is None
    client.force_login(partner_user)
    html = client.get(f"/en/facilities/{own.pk}/").text
    assert "/plans/" not in html.split('data-testid="facility-connections"')[1]


def test_the_facility_page_runs_as_many_queries_with_20_actions_as_with_2(
    client, iom_user, oriental_plan
):
    axis = oriental_plan.axes.get()
    small, large = FacilityFactory(), FacilityFactory()
    for index in range(20):
        action = PlanAction.objects.create(
            axis=axis,
            code=f"1.{index + 10}",
            title=f"Action {index}",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 6, 30),
        )
        action.facilities.add(large)
        if index < 2:
            action.facilities.add(small)
    client.force_login(iom_user)
    assert queries(client, f"/en/facilities/{small.pk}/") == queries(
        client, f"/en/facilities/{large.pk}/"
    )
