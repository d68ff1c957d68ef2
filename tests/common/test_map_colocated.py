"""Places sharing the very same coordinates (one building, or a town's centre given for each)
come close up as one feature listing them all (common/maps.py), on the three maps alike: the
public directory's, the staff facility map's and the actor map's. Each is then reachable from
one marker, and the answer still holds at most `MAX_POINTS` places."""

from decimal import Decimal

import pytest

from common import maps
from facilities.models import Facility
from tests.factories import ActorFactory, FacilityFactory, OrganisationFactory
from tests.map_places import AROUND_OUJDA, LOW_ZOOM, clusters, points, spread

pytestmark = pytest.mark.django_db

PUBLIC = "/fr/directory/map.json"
STAFF = "/fr/facilities/map/data.geojson"
ACTORS = "/fr/actors/map/data.geojson"
# One building in Oujda, and a place a few hundred metres away.
BUILDING = (Decimal("34.681000"), Decimal("-1.908000"))
NEARBY = spread("oujda", 2)[1]


def groups(data: dict) -> list[dict]:
    """The features of an answer that list the places sharing one position."""
    return [f for f in data["features"] if f["properties"].get("colocated")]


def member_names(group: dict) -> list[str]:
    return [member["name"] for member in group["properties"]["members"]]


def facility(name, at, **fields):
    return FacilityFactory(name=name, latitude=at[0], longitude=at[1], **fields)


@pytest.fixture
def building(ngo_a):
    """Three published facilities in one building and a fourth nearby."""
    for name in ("Cabinet médical", "Bureau d'écoute", "Atelier couture"):
        facility(name, BUILDING, managing_organisation=ngo_a)
    facility("Maison voisine", NEARBY, managing_organisation=ngo_a)


def test_the_public_map_lists_the_places_of_one_building_in_one_feature(client, building):
    data = client.get(PUBLIC, AROUND_OUJDA).json()

    [group] = groups(data)
    assert sorted(member_names(group)) == ["Atelier couture", "Bureau d'écoute", "Cabinet médical"]
    assert group["properties"]["count"] == 3
    assert group["geometry"]["coordinates"] == [float(BUILDING[1]), float(BUILDING[0])]
    assert all(
        member["url"].startswith("/fr/directory/") for member in group["properties"]["members"]
    )
    assert points(data) == {"Maison voisine"}
    assert (len(data["features"]), data["total"], data["truncated"]) == (2, 4, False)


def test_the_staff_map_lists_the_facilities_of_one_building_with_their_links_and_status(
    client, iom_user, building
):
    client.force_login(iom_user)

    data = client.get(STAFF, AROUND_OUJDA).json()

    [group] = groups(data)
    members = group["properties"]["members"]
    assert len(members) == 3
    assert {member["url"] for member in members} == {
        f"/fr/facilities/{pk}/"
        for pk in Facility.objects.filter(latitude=BUILDING[0]).values_list("pk", flat=True)
    }
    assert {member["status"] for member in members} == {"active"}
    assert points(data) == {"Maison voisine"}


def test_the_staff_map_keeps_its_scope_inside_a_group(
    client, partner_user, building, other_partner_user
):
    facility(
        "Local d'une autre ONG", BUILDING, managing_organisation=other_partner_user.organisation
    )
    facility(
        "Foyer privé",
        BUILDING,
        managing_organisation=other_partner_user.organisation,
        is_published=False,
    )
    client.force_login(partner_user)

    data = client.get(STAFF, AROUND_OUJDA).json()

    listed = {name for group in groups(data) for name in member_names(group)} | points(data)
    assert "Foyer privé" not in listed


def test_the_actor_map_lists_the_actors_of_one_building_in_one_feature(client, iom_user):
    for name in ("Entraide Nord", "Entraide Sud"):
        ActorFactory(
            organisation=OrganisationFactory(name=name, acronym=""),
            latitude=BUILDING[0],
            longitude=BUILDING[1],
        )
    client.force_login(iom_user)

    data = client.get(ACTORS, AROUND_OUJDA).json()

    [group] = groups(data)
    assert sorted(member_names(group)) == ["Entraide Nord", "Entraide Sud"]
    assert all(member["url"] for member in group["properties"]["members"])


def test_far_out_the_places_of_one_building_stay_in_their_grid_cell(client, building):
    data = client.get(PUBLIC, LOW_ZOOM).json()

    assert groups(data) == []
    assert clusters(data) == [4]


@pytest.mark.parametrize("count", [30, 300])
def test_a_crowded_position_keeps_the_answer_within_its_cap_in_one_query(
    client, ngo_a, count, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(maps, "MAX_POINTS", 25)
    Facility.objects.bulk_create(
        FacilityFactory.build(
            name=f"Lieu {n}",
            code=f"C{n:05d}",
            slug=f"lieu-{n}",
            managing_organisation=ngo_a,
            latitude=BUILDING[0] if n % 3 else NEARBY[0],
            longitude=BUILDING[1] if n % 3 else NEARBY[1],
        )
        for n in range(count)
    )

    with django_assert_max_num_queries(1):
        data = client.get(PUBLIC, AROUND_OUJDA).json()

    listed = sum(len(group["properties"]["members"]) for group in groups(data))
    assert len(data["features"]) == 2
    assert listed == 25 == data["total"]
    assert data["truncated"] is True
