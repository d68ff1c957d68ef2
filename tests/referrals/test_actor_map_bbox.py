"""The actor map's data answers for the box in view: points close up, numbered groups far out,
each actor counted once however many regions and services it has (common/maps.py)."""

import pytest

from accounts.models import User
from facilities.models import Region, ServiceCategory
from referrals.models import ActorProfile
from tests.factories import ActorFactory, ActorServiceFactory, OrganisationFactory, UserFactory
from tests.map_places import AROUND_OUJDA, BAD_REQUESTS, LOW_ZOOM, clusters, points, spread

URL = "/en/actors/map/data.geojson"


def actor(name, at, **fields):
    return ActorFactory(
        organisation=OrganisationFactory(name=name, acronym=""),
        latitude=at[0],
        longitude=at[1],
        **fields,
    )


def test_the_box_in_view_keeps_only_the_actors_inside_it(client, iom_user):
    actor("Entraide Oujda", spread("oujda", 1)[0])
    actor("Entraide Tanger", spread("tanger", 1)[0])
    client.force_login(iom_user)

    data = client.get(URL, AROUND_OUJDA).json()

    assert points(data) == {"Entraide Oujda"}
    assert data["features"][0]["properties"]["status"] == "active"


def test_far_out_an_actor_in_several_regions_and_services_is_counted_once(client, iom_user):
    employment = ServiceCategory.objects.get(code="employment")
    regions = list(Region.objects.filter(code__in=["01", "02"]))
    for number, at in enumerate(spread("oujda", 3)):
        found = actor(f"Actor {number}", at, regions=regions)
        ActorServiceFactory(actor=found, category=employment)
    client.force_login(iom_user)

    everyone = client.get(URL, LOW_ZOOM).json()
    by_region = client.get(URL, {"region": regions[0].pk, **LOW_ZOOM}).json()
    by_service = client.get(URL, {"service": employment.pk, **LOW_ZOOM}).json()

    assert clusters(everyone) == clusters(by_region) == clusters(by_service) == [3]


@pytest.mark.parametrize("count", [8, 80])
def test_far_out_the_answer_is_the_same_size_whatever_the_number_of_actors(
    client, iom_user, count, django_assert_max_num_queries
):
    sites = ["oujda", "tanger", "agadir", "laayoune"]
    for number in range(count):
        site = sites[number % 4]
        actor(f"Actor {number}", spread(site, 1, offset=number // 4)[0])
    client.force_login(iom_user)

    with django_assert_max_num_queries(8):
        data = client.get(URL, LOW_ZOOM).json()

    assert clusters(data) == [count // 4] * 4


def test_the_standing_filter_still_applies(client, iom_user):
    at = spread("oujda", 2)
    actor("Current", at[0])
    actor("Potential", at[1], standing=ActorProfile.Standing.POTENTIAL)
    client.force_login(iom_user)

    data = client.get(URL, {"standing": "potential", **AROUND_OUJDA}).json()

    assert points(data) == {"Potential"}
    assert data["features"][0]["properties"]["status"] == "planned"


def test_any_signed_in_reader_sees_the_actors_as_before_and_a_visitor_none(client, db):
    actor("Entraide Oujda", spread("oujda", 1)[0])

    anonymous = client.get(URL, AROUND_OUJDA)
    client.force_login(UserFactory(username="reader", role=User.Role.VIEWER))
    data = client.get(URL, AROUND_OUJDA).json()

    assert anonymous.status_code == 302
    assert points(data) == {"Entraide Oujda"}


@pytest.mark.parametrize(("query", "reason"), BAD_REQUESTS)
def test_a_bad_box_or_zoom_is_refused_with_a_reason(client, iom_user, query, reason):
    client.force_login(iom_user)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert reason in response.json()["error"]
