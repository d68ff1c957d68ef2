"""Actor mapping pages for every role: list, map data, actor page, coverage, roadmap, pathways."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from facilities.models import Region, ServiceCategory
from referrals.models import ActorProfile, Pathway, PathwayStep, Recommendation, SwotEntry
from tests.factories import ActorFactory, ActorServiceFactory, OrganisationFactory

ROLES = ["admin", "iom_staff", "partner", "viewer"]


@pytest.fixture
def actor(db):
    """ANAPEC in the Oriental, with a service, a SWOT entry, ratings and a late recommendation."""
    anapec = ActorFactory(
        organisation=OrganisationFactory(name="ANAPEC Oriental", acronym="ANAPEC"),
        technical_expertise=4,
        technical_expertise_comment="Conseillers formés à l'accompagnement",
        latitude="34.681000",
        longitude="-1.908000",
    )
    ActorServiceFactory(
        actor=anapec, category=ServiceCategory.objects.get(code="employment"), monthly_capacity=40
    )
    SwotEntry.objects.create(
        actor=anapec, quadrant="W", text="Délais d'attente longs", source="interview"
    )
    Recommendation.objects.create(
        actor=anapec, action="Désigner un point focal retour", due_on=datetime.date(2025, 1, 31)
    )
    return anapec


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_actor_list_coverage_roadmap_and_pathways(client, users, role, actor):
    client.force_login(users[role])

    for name in ("actor_list", "coverage", "roadmap", "pathways"):
        response = client.get(reverse(f"referrals:{name}"))
        assert response.status_code == 200, name
    assert "ANAPEC Oriental" in client.get(reverse("referrals:actor_list")).text


@pytest.mark.parametrize("name", ["actor_list", "coverage", "roadmap", "pathways"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(f"referrals:{name}"))

    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("role", "internal"), [(r, r in ("admin", "iom_staff")) for r in ROLES])
def test_swot_and_capacities_are_shown_to_iom_roles_only(client, users, role, internal, actor):
    client.force_login(users[role])

    page = client.get(reverse("referrals:actor_detail", args=[actor.pk])).text

    assert ("Délais d&#x27;attente longs" in page) == internal
    assert ('data-testid="capacities"' in page) == internal
    assert ("Conseillers formés" in page) == internal
    assert "Désigner un point focal retour" in page


def test_an_unknown_actor_is_404(client, iom_user, db):
    client.force_login(iom_user)

    assert client.get(reverse("referrals:actor_detail", args=[9999])).status_code == 404


def test_the_list_filters_by_region_service_and_standing(client, iom_user, actor):
    casablanca = Region.objects.get(code="06")
    ActorFactory(
        organisation=OrganisationFactory(name="Association Casa"),
        regions=[casablanca],
        standing=ActorProfile.Standing.POTENTIAL,
    )
    client.force_login(iom_user)
    url = reverse("referrals:actor_list")

    by_region = client.get(url, {"region": casablanca.pk}).text
    by_service = client.get(
        url, {"service": ServiceCategory.objects.get(code="employment").pk}
    ).text
    potential = client.get(url, {"standing": "potential"}).text

    assert "Association Casa" in by_region and "ANAPEC Oriental" not in by_region
    assert "ANAPEC Oriental" in by_service and "Association Casa" not in by_service
    assert "Association Casa" in potential and "ANAPEC Oriental" not in potential


def test_the_map_data_escapes_nothing_and_carries_only_located_actors(client, iom_user, actor):
    ActorFactory(organisation=OrganisationFactory(name="<script>x</script>"))
    client.force_login(iom_user)

    data = client.get(reverse("referrals:actor_geojson")).json()

    assert [f["properties"]["name"] for f in data["features"]] == ["ANAPEC Oriental (ANAPEC)"]


def test_the_coverage_matrix_counts_actors_and_marks_gaps(client, viewer_user, actor):
    employment = ServiceCategory.objects.get(code="employment")
    ActorServiceFactory(
        actor=ActorFactory(organisation=OrganisationFactory(name="Entraide Oujda")),
        category=employment,
    )
    client.force_login(viewer_user)

    page = client.get(reverse("referrals:coverage")).text

    cell = page.split('data-region="02" data-service="employment"')[1].split("</td>")[0]
    assert cell.endswith("2")
    assert "coverage-ok" in page.split('data-region="02" data-service="employment"')[0][-80:]
    assert page.count("coverage-gap") > 100


def test_the_roadmap_shows_overdue_recommendations_first_and_exports(client, partner_user, actor):
    Recommendation.objects.create(
        region=Region.objects.get(code="06"),
        action="Cartographier les services de santé mentale",
        due_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    client.force_login(partner_user)

    page = client.get(reverse("referrals:roadmap"))
    export = client.get(reverse("referrals:roadmap"), {"format": "xlsx"})

    assert page.text.index("Désigner un point focal") < page.text.index("Cartographier")
    assert 'data-testid="overdue-count"' in page.text
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "#adm1+name"
    assert rows[2][2] == "Désigner un point focal retour"
    assert rows[2][7]


def test_a_pathway_lists_providers_in_order_and_a_region_without_provider_shows_a_gap(
    client, iom_user, actor
):
    oriental = Region.objects.get(code="02")
    employment = ServiceCategory.objects.get(code="employment")
    pathway = Pathway.objects.create(region=oriental, category=employment, what_to_bring="CIN")
    PathwayStep.objects.create(pathway=pathway, service=actor.services.get(), order=1)
    client.force_login(iom_user)

    oriental_page = client.get(reverse("referrals:pathways"), {"region": oriental.pk}).text
    casablanca = Region.objects.get(code="06")
    casablanca_page = client.get(reverse("referrals:pathways"), {"region": casablanca.pk}).text

    assert "ANAPEC Oriental" in oriental_page.split('data-testid="pathway-employment"')[1]
    assert 'data-testid="gap-employment"' in casablanca_page


@pytest.mark.parametrize("size", [2, 20])
def test_the_actor_list_runs_a_fixed_number_of_queries(
    client, iom_user, db, size, django_assert_max_num_queries
):
    for number in range(size):
        ActorServiceFactory(actor=ActorFactory(organisation=OrganisationFactory(name=f"A{number}")))
    client.force_login(iom_user)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("referrals:actor_list"))

    assert response.text.count('data-testid="actor-name"') == size
