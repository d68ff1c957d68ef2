"""A facility's page links to its organisation, actor profile, referrals, pathways, projects and
support, and to the projects that could fund its open needs: each link only for those who may
open it, every one of them opening, in a fixed number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from facilities.models import Region
from plans.models import NeedFunding, Project, ProjectPartner, SupportActivity
from referrals.models import Referral
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    FacilityFactory,
    NeedFactory,
    ReferralFactory,
    UserFactory,
)

TODAY = datetime.date(2026, 3, 1)


def make_project(
    code: str,
    budget: str,
    *,
    partner=None,
    status=Project.Status.ACTIVE,
    regions=("02",),
    national=False,
) -> Project:
    project = Project.objects.create(
        code=code,
        title=f"Projet {code}",
        kind=Project.Kind.PROTECTION,
        budget=Decimal(budget),
        currency=Project.Currency.MAD,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        status=status,
        is_national=national,
    )
    project.regions.set(Region.objects.filter(code__in=regions))
    if partner is not None:
        ProjectPartner.objects.create(
            project=project, organisation=partner, role=ProjectPartner.Role.IMPLEMENTING
        )
    return project


@pytest.fixture
def connected_facility(facility_a, ngo_a, ngo_b, iom_user):
    """facility_a with an actor profile for NGO A, a referral NGO A sent to NGO B and one it
    received, a need funded by a project NGO A takes part in, a support visit at the facility,
    and an open need nobody funds yet."""
    actor_a = ActorFactory(organisation=ngo_a)
    service_b = ActorServiceFactory(actor=ActorFactory(organisation=ngo_b))
    ReferralFactory(case=CaseFactory(owner=ngo_a), service=service_b)
    ReferralFactory(case=CaseFactory(owner=ngo_b), service=ActorServiceFactory(actor=actor_a))
    funder = make_project("PX.0001", "100000", partner=ngo_a)
    funded = NeedFactory(facility=facility_a, description="Lits superposés")
    NeedFunding.objects.create(need=funded, project=funder, amount=Decimal("900"))
    SupportActivity.objects.create(
        kind=SupportActivity.Kind.VISIT,
        date=TODAY,
        organisation=ngo_a,
        facility=facility_a,
        topic="Visite d'appui au dortoir",
    )
    NeedFactory(facility=facility_a, description="Rampe d'accès")
    return facility_a


@pytest.fixture
def visitors(users, other_partner_user, ngo_b):
    """Every role, a partner of another organisation, and a viewer of that organisation."""
    viewer_b = UserFactory(username="viewer_b", role=User.Role.VIEWER, organisation=ngo_b)
    return {**users, "other_partner": other_partner_user, "viewer_of_other": viewer_b}


def page(client, user, facility) -> str:
    client.force_login(user)
    response = client.get(f"/en/facilities/{facility.pk}/")
    assert response.status_code == 200
    return response.text


def connections(html: str) -> str:
    start = html.index('data-testid="facility-connections"')
    return html[start : html.index("</section>", start)]


def links(html: str) -> list[str]:
    """Every link of the connections panel and of the managing organisation's name."""
    hrefs = re.findall(r'href="([^"]+)"', connections(html))
    organisation = re.search(r'href="([^"]+)" data-testid="organisation-link"', html)
    return hrefs + ([organisation.group(1)] if organisation else [])


EXPECTED = {
    # role: organisation page, referral counts, funding project, support, projects to fund
    "admin": (True, True, True, True, True),
    "iom_staff": (True, True, True, True, True),
    "partner": (True, True, True, True, True),
    "other_partner": (False, True, False, False, False),
    "viewer": (False, False, True, False, True),
    "viewer_of_other": (False, False, True, False, True),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_sees_the_links_it_may_follow_and_no_other(
    client, visitors, role, connected_facility
):
    html = page(client, visitors[role], connected_facility)
    organisation, referrals, funding, support, candidates = EXPECTED[role]
    panel = connections(html)

    assert ('data-testid="organisation-link"' in html) == organisation
    assert 'data-testid="actor-link"' in panel
    assert 'data-testid="pathways-link"' in panel
    assert f"/pathways/?region={connected_facility.region_id}" in panel
    assert ('data-testid="referrals-sent-link"' in panel) == referrals
    assert ("PX.0001" in panel) == funding
    assert ('data-testid="support-link"' in panel) == support
    assert ("Visite d&#x27;appui au dortoir" in panel) == support
    assert ('data-testid="candidate-projects"' in panel) == candidates


@pytest.mark.parametrize("role", EXPECTED)
def test_every_link_of_the_panel_opens_for_the_user_who_sees_it(
    client, visitors, role, connected_facility
):
    user = visitors[role]
    hrefs = links(page(client, user, connected_facility))
    assert hrefs
    for href in hrefs:
        response = client.get(href.replace("&amp;", "&").split("#")[0])
        assert response.status_code == 200, (role, href, response.status_code)


def test_the_referral_links_are_the_list_filtered_on_the_organisation_one_side_each(
    client, iom_user, connected_facility, ngo_a
):
    panel = connections(page(client, iom_user, connected_facility))
    assert f"?organisation={ngo_a.pk}&amp;side=sent" in panel
    assert f"?organisation={ngo_a.pk}&amp;side=received" in panel
    assert ">1 sent<" in panel
    assert ">1 received<" in panel

    client.force_login(iom_user)
    sent = client.get("/en/referrals/", {"organisation": ngo_a.pk, "side": "sent", "tab": "sent"})
    received = client.get("/en/referrals/", {"organisation": ngo_a.pk, "side": "received"})
    assert sent.context["filter"].qs.get().from_organisation == ngo_a
    assert received.context["filter"].qs.get().to_organisation == ngo_a


def test_the_projects_that_could_fund_are_active_in_the_region_or_national_with_budget_left(
    client, iom_user, connected_facility, ngo_b
):
    make_project("PX.0002", "50000", regions=("09",), national=True)
    make_project("PX.0003", "50000", regions=("09",))
    make_project("PX.0004", "50000", status=Project.Status.COMPLETED)
    make_project("PX.0005", "50000", status=Project.Status.PIPELINE)
    spent = make_project("PX.0006", "900")
    NeedFunding.objects.create(
        need=NeedFactory(facility=FacilityFactory(managing_organisation=ngo_b)),
        project=spent,
        amount=Decimal("900"),
    )
    panel = connections(page(client, iom_user, connected_facility))
    candidates = panel[panel.index('data-testid="candidate-projects"') :]
    listed = re.findall(r"<code>(PX\.\d{4})</code>", candidates)
    # PX.0001 has 99,100 MAD left, the national PX.0002 50,000.
    assert listed == ["PX.0001", "PX.0002"]
    assert "99,100 MAD left" in candidates
    assert "1 open need has no funding yet (900 MAD)" in panel


def test_a_facility_without_open_needs_lists_no_project_to_fund_it(client, iom_user, facility_a):
    make_project("PX.0007", "50000")
    panel = connections(page(client, iom_user, facility_a))
    assert 'data-testid="candidate-projects"' not in panel
    assert "Projects that could fund" not in panel


def test_a_facility_whose_organisation_is_not_an_actor_says_so(client, iom_user, facility_a):
    panel = connections(page(client, iom_user, facility_a))
    assert 'data-testid="actor-link"' not in panel
    assert "Not in the actor map." in panel


def grow(facility, size: int, service, prefix: str) -> None:
    """`size` fundings, support activities, referrals and candidate projects around `facility`."""
    organisation = facility.managing_organisation
    for index in range(size):
        project = make_project(f"{prefix}.{index:04d}", "100000", partner=organisation)
        need = NeedFactory(facility=facility)
        NeedFunding.objects.create(need=need, project=project, amount=Decimal("100"))
        SupportActivity.objects.create(
            kind=SupportActivity.Kind.TRAINING,
            date=TODAY,
            organisation=organisation,
            facility=facility,
            topic=f"Formation {index}",
        )
        ReferralFactory(case=CaseFactory(owner=organisation), service=service)
    NeedFactory(facility=facility)


def page_queries(client, user, facility) -> int:
    """The queries of the page, once the first request has filled the caches."""
    client.force_login(user)
    client.get(f"/en/facilities/{facility.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/facilities/{facility.pk}/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["iom_staff", "partner"])
def test_the_page_runs_as_many_queries_with_20_connections_as_with_2(client, users, role, ngo_a):
    service = ActorServiceFactory(actor=ActorFactory(organisation=ngo_a))
    small = FacilityFactory(managing_organisation=ngo_a)
    large = FacilityFactory(managing_organisation=ngo_a)
    grow(small, 2, service, "PQ")
    grow(large, 20, service, "PR")
    assert Referral.objects.count() == 22
    assert page_queries(client, users[role], small) == page_queries(client, users[role], large)
