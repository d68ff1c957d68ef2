"""Pages whose lists grow with the data stay bounded: paged, or capped with a link to the rest.

The plan list is paged; a project's funded needs are paged and its support activities capped;
an organisation's facilities, projects and open follow-ups are capped with their count; the
regional dashboard caps its projects; the assessment list is paged. Each renders the same
queries at two sizes, shows one page and a link to the rest, and answers a `?page=` past the
end, negative or not a number without failing.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from activity.models import StatusChange
from assessments.models import Assessment
from plans.dashboard_views import PROJECTS_SHOWN
from plans.models import ActionPlan, NeedFunding, Project, SupportActivity, SupportFollowUp
from plans.plan_views import PLAN_PAGE_SIZE, STATUS_LOG_SHOWN
from plans.project_views import ACTIVITIES_SHOWN, FUNDINGS_PAGE_SIZE
from plans.support_views import SHOWN_ON_ORGANISATION
from tests.factories import AssessmentFactory, FacilityFactory, NeedFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

BAD_PAGES = ["999", "-1", "0", "abc", "1e9", "%00"]


def items(response, testid: str) -> int:
    """How many items the list (`<ul>`) marked `testid` has."""
    return response.text.split(f'data-testid="{testid}"', 1)[1].split("</ul>", 1)[0].count("<li")


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_plans(council, region, count: int) -> None:
    ActionPlan.objects.bulk_create(
        ActionPlan(
            region=region,
            council=council,
            title=f"Plan {number}",
            starts_on=datetime.date(2000 + number, 1, 1),
            ends_on=datetime.date(2004 + number, 12, 31),
        )
        for number in range(count)
    )


def add_activities(organisation, count: int, project=None) -> None:
    activities = SupportActivity.objects.bulk_create(
        SupportActivity(
            kind="visit",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            organisation=organisation,
            project=project,
            topic=f"Visite {number}",
        )
        for number in range(count)
    )
    SupportFollowUp.objects.bulk_create(
        SupportFollowUp(
            activity=activity,
            action=f"Suite {activity.pk}",
            owner="IOM",
            due_on=activity.date,
            is_done=False,
        )
        for activity in activities
    )


# The plan list


def test_the_plan_list_shows_one_page_and_a_link_to_the_next(
    client, iom_user, oriental, oriental_council
):
    add_plans(oriental_council, oriental, PLAN_PAGE_SIZE + 5)
    client.force_login(iom_user)

    response = client.get(reverse("plans:plan_list"))

    assert len(response.context["plans"]) == PLAN_PAGE_SIZE
    assert 'rel="next"' in response.text
    last = client.get(reverse("plans:plan_list"), {"page": "2"})
    assert len(last.context["plans"]) == 5


def test_the_plan_list_puts_the_viewers_own_council_first_across_pages(
    client, council_user, oriental, souss, oriental_council, souss_council
):
    add_plans(souss_council, souss, PLAN_PAGE_SIZE + 3)
    add_plans(oriental_council, oriental, 2)
    client.force_login(council_user)

    response = client.get(reverse("plans:plan_list"))

    councils = [plan.council_id for plan in response.context["plans"]]
    assert councils[:2] == [oriental_council.pk] * 2


def test_the_plan_list_runs_the_same_queries_at_two_sizes(
    client, iom_user, oriental, oriental_council
):
    client.force_login(iom_user)
    add_plans(oriental_council, oriental, 3)
    small = queries_of(client, reverse("plans:plan_list"))
    add_plans(oriental_council, oriental, 2 * PLAN_PAGE_SIZE)

    assert queries_of(client, reverse("plans:plan_list")) == small


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_bad_plan_list_page_is_not_an_error(client, iom_user, oriental, oriental_council, page):
    add_plans(oriental_council, oriental, PLAN_PAGE_SIZE + 1)
    client.force_login(iom_user)

    assert client.get(reverse("plans:plan_list"), {"page": page}).status_code == 200


# A project's funded needs and activities


def fund(project, count: int) -> None:
    NeedFunding.objects.bulk_create(
        NeedFunding(need=NeedFactory(), project=project, amount=Decimal("10"))
        for _number in range(count)
    )


def test_a_project_pages_its_funded_needs(client, iom_user, project):
    fund(project, FUNDINGS_PAGE_SIZE + 3)
    client.force_login(iom_user)
    url = reverse("plans:project_detail", args=[project.pk])

    first = client.get(url)
    second = client.get(url, {"page": "2"})

    assert first.text.count('data-testid="funding-row"') == FUNDINGS_PAGE_SIZE
    assert 'rel="next"' in first.text
    assert second.text.count('data-testid="funding-row"') == 3


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_bad_page_of_funded_needs_is_not_an_error(client, iom_user, project, page):
    fund(project, FUNDINGS_PAGE_SIZE + 1)
    client.force_login(iom_user)

    response = client.get(reverse("plans:project_detail", args=[project.pk]), {"page": page})

    assert response.status_code == 200


def test_a_project_shows_its_latest_activities_and_links_to_them_all(
    client, iom_user, project, ngo_a
):
    add_activities(ngo_a, ACTIVITIES_SHOWN + 4, project=project)
    client.force_login(iom_user)

    response = client.get(reverse("plans:project_detail", args=[project.pk]))

    assert response.text.count('data-testid="support-row"') == ACTIVITIES_SHOWN
    assert f'href="{reverse("plans:support_list")}?project={project.pk}"' in response.text


# An organisation's page


def test_an_organisation_page_caps_its_lists_and_links_to_the_rest(client, iom_user, ngo_a):
    FacilityFactory.create_batch(SHOWN_ON_ORGANISATION + 5, managing_organisation=ngo_a)
    add_activities(ngo_a, SHOWN_ON_ORGANISATION + 5)
    client.force_login(iom_user)

    response = client.get(reverse("plans:organisation_detail", args=[ngo_a.pk]))

    assert items(response, "facilities") == SHOWN_ON_ORGANISATION
    assert response.context["facility_count"] == SHOWN_ON_ORGANISATION + 5
    assert f"?managing_organisation={ngo_a.pk}" in response.text
    assert len(response.context["open_follow_ups"]) == SHOWN_ON_ORGANISATION
    assert 'data-testid="more-follow-ups"' in response.text


def test_an_organisation_page_runs_the_same_queries_at_two_sizes(client, iom_user, ngo_a):
    client.force_login(iom_user)
    url = reverse("plans:organisation_detail", args=[ngo_a.pk])
    FacilityFactory.create_batch(2, managing_organisation=ngo_a)
    add_activities(ngo_a, 2)
    small = queries_of(client, url)
    FacilityFactory.create_batch(SHOWN_ON_ORGANISATION * 2, managing_organisation=ngo_a)
    add_activities(ngo_a, SHOWN_ON_ORGANISATION * 2)

    assert queries_of(client, url) == small


# The regional dashboard


def test_the_dashboard_caps_its_projects_with_a_link_to_the_list(client, iom_user, oriental):
    Project.objects.bulk_create(
        Project(
            code=f"BN.{number:04d}",
            title=f"Projet {number}",
            kind=Project.Kind.PROTECTION,
            budget=Decimal(1000),
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
            status=Project.Status.ACTIVE,
            is_national=True,
        )
        for number in range(PROJECTS_SHOWN + 3)
    )
    client.force_login(iom_user)

    response = client.get(reverse("plans:region_dashboard", args=[oriental.code]))

    assert len(response.context["projects"]) == PROJECTS_SHOWN
    assert response.context["project_count"] == PROJECTS_SHOWN + 3
    assert 'data-testid="all-projects"' in response.text


# The assessment list


def test_the_assessment_list_shows_an_assessment_without_assessor_organisation(
    client, iom_user, framework
):
    AssessmentFactory(facility=FacilityFactory(), assessor_organisation=None)
    client.force_login(iom_user)

    response = client.get(reverse("assessments:list"))

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_bad_assessment_list_page_is_not_an_error(client, iom_user, framework, page):
    AssessmentFactory(facility=FacilityFactory())
    client.force_login(iom_user)

    assert client.get(reverse("assessments:list"), {"page": page}).status_code == 200


def test_the_assessment_list_runs_the_same_queries_at_two_sizes(client, iom_user, framework):
    client.force_login(iom_user)
    AssessmentFactory(facility=FacilityFactory())
    small = queries_of(client, reverse("assessments:list"))
    for _number in range(30):
        AssessmentFactory(facility=FacilityFactory(), status=Assessment.Status.SUBMITTED)

    assert queries_of(client, reverse("assessments:list")) == small


def test_a_partner_reads_its_organisation_page_capped_too(client, ngo_a):
    partner = User.objects.create(username="p_bounded", role=User.Role.PARTNER, organisation=ngo_a)
    FacilityFactory.create_batch(SHOWN_ON_ORGANISATION + 1, managing_organisation=ngo_a)
    OrganisationFactory()
    client.force_login(partner)

    response = client.get(reverse("plans:organisation_detail", args=[ngo_a.pk]))

    assert items(response, "facilities") == SHOWN_ON_ORGANISATION


# The lists of organisations and their people (already paged)


@pytest.mark.parametrize("page", BAD_PAGES)
def test_a_bad_page_of_the_organisation_and_user_lists_is_not_an_error(
    client, admin_user, ngo_a, page
):
    client.force_login(admin_user)

    organisations = client.get(reverse("accounts:organisation_list"), {"page": page})
    people = client.get(reverse("accounts:organisation_users", args=[ngo_a.pk]), {"page": page})

    assert (organisations.status_code, people.status_code) == (200, 200)


# The plan page's status log


def test_the_plan_page_shows_the_latest_status_moves_only(client, iom_user, oriental_plan):
    StatusChange.objects.bulk_create(
        StatusChange(
            content_type=ContentType.objects.get_for_model(ActionPlan),
            object_id=oriental_plan.pk,
            from_status="draft",
            to_status="adopted",
        )
        for _number in range(STATUS_LOG_SHOWN + 10)
    )
    client.force_login(iom_user)

    response = client.get(reverse("plans:plan_detail", args=[oriental_plan.pk]))

    assert len(response.context["status_log"]) == STATUS_LOG_SHOWN
