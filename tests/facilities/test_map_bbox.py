"""The staff facility map's data answers for the box in view, within the reader's scope: points
close up, numbered groups far out, a small answer whatever the registry holds (common/maps.py)."""

import io

import pytest
from django.core.management import call_command

from common import maps
from facilities.models import Facility
from tests.factories import FacilityFactory
from tests.map_places import (
    AROUND_OUJDA,
    BAD_REQUESTS,
    LOW_ZOOM,
    clusters,
    many_facilities,
    places,
    points,
    spread,
)

URL = "/en/facilities/map/data.geojson"


def test_the_box_in_view_keeps_only_the_facilities_inside_it(client, iom_user):
    FacilityFactory(name="Centre Oujda")
    tanger = spread("tanger", 1)[0]
    FacilityFactory(name="Centre Tanger", latitude=tanger[0], longitude=tanger[1])
    client.force_login(iom_user)

    data = client.get(URL, AROUND_OUJDA).json()

    assert points(data) == {"Centre Oujda"}
    assert data["features"][0]["properties"]["status"] == "active"


def test_far_out_a_cell_is_one_group_counting_its_facilities(client, iom_user, ngo_a):
    many_facilities(12, ngo_a, status=Facility.Status.PLANNED)
    client.force_login(iom_user)

    data = client.get(URL, LOW_ZOOM).json()

    assert clusters(data) == [3, 3, 3, 3]
    assert data["total"] == 12


@pytest.mark.parametrize("count", [40, 400])
def test_far_out_the_answer_is_the_same_size_whatever_the_registry_holds(
    client, iom_user, ngo_a, count, django_assert_max_num_queries
):
    many_facilities(count, ngo_a)
    client.force_login(iom_user)

    with django_assert_max_num_queries(6):
        response = client.get(URL, LOW_ZOOM)

    assert clusters(response.json()) == [count // 4] * 4
    assert len(response.content) < 2_000


@pytest.mark.parametrize("count", [40, 400])
def test_close_up_the_points_are_capped_and_said_to_be(
    client, iom_user, ngo_a, count, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(maps, "MAX_POINTS", 30)
    many_facilities(count, ngo_a)
    client.force_login(iom_user)

    with django_assert_max_num_queries(6):
        data = client.get(URL, {"bbox": "-17.3,20.5,-0.9,36.1", "zoom": 16}).json()

    assert len(data["features"]) == 30
    assert data["truncated"] is True


def test_a_partner_sees_on_the_map_only_what_it_saw_before(
    client, partner_user, facility_a, unpublished_facility_b, published_facility_b
):
    client.force_login(partner_user)

    far_out = client.get(URL, LOW_ZOOM).json()
    close_up = client.get(URL, AROUND_OUJDA).json()

    # Foyer Tiwizi, another organisation's unpublished facility, is not even counted.
    assert clusters(far_out) == [2]
    assert places(close_up) == {"Centre Al Amal", "Espace Souss"}


def test_the_list_filters_still_apply_to_the_map(client, iom_user, ngo_a):
    FacilityFactory(name="Centre Al Amal")
    FacilityFactory(name="Foyer Tiwizi")
    client.force_login(iom_user)

    data = client.get(URL, {"q": "Amal", **AROUND_OUJDA}).json()

    assert points(data) == {"Centre Al Amal"}


@pytest.mark.parametrize(("query", "reason"), BAD_REQUESTS)
def test_a_bad_box_or_zoom_is_refused_with_a_reason(client, iom_user, query, reason):
    client.force_login(iom_user)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_anonymous_visitors_get_no_map_data(client, db):
    response = client.get(URL, LOW_ZOOM)

    assert response.status_code == 302


def test_the_map_benchmark_measures_the_three_maps(iom_user, ngo_a):
    many_facilities(8, ngo_a)
    output = io.StringIO()

    call_command("bench_maps", stdout=output)

    rows = [line for line in output.getvalue().splitlines() if line.startswith(("visitor", "iom"))]
    assert len(rows) == 12
    assert all("  200  " in row for row in rows)
    assert output.getvalue().splitlines()[-1].startswith("maps: ")
