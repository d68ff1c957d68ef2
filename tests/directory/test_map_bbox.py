"""The public map's data answers for the box in view: points close up, numbered groups far out,
the same small answer whatever the number of published places (common/maps.py)."""

import pytest

from common import maps
from facilities.models import Facility
from tests.factories import FacilityFactory
from tests.map_places import (
    AROUND_OUJDA,
    BAD_REQUESTS,
    LOW_ZOOM,
    clusters,
    many_facilities,
    points,
    spread,
)

URL = "/en/directory/map.json"


def place(name, at, **fields):
    return FacilityFactory(name=name, latitude=at[0], longitude=at[1], **fields)


def test_the_box_in_view_keeps_only_the_places_inside_it(client, ngo_a):
    oujda, tanger = spread("oujda", 1)[0], spread("tanger", 1)[0]
    place("Maison Oujda", oujda, managing_organisation=ngo_a)
    place("Maison Tanger", tanger, managing_organisation=ngo_a)

    data = client.get(URL, AROUND_OUJDA).json()

    assert points(data) == {"Maison Oujda"}
    assert (data["clustered"], data["truncated"], data["total"]) == (False, False, 1)


def test_far_out_places_of_a_cell_come_as_one_group_counting_them(client, ngo_a):
    for number, at in enumerate(spread("oujda", 3)):
        place(f"Oujda {number}", at, managing_organisation=ngo_a)
    for number, at in enumerate(spread("tanger", 2)):
        place(f"Tanger {number}", at, managing_organisation=ngo_a)
    place("Agadir", spread("agadir", 1)[0], managing_organisation=ngo_a)

    data = client.get(URL, LOW_ZOOM).json()

    assert data["clustered"] is True
    assert clusters(data) == [3, 2]
    assert points(data) == {"Agadir"}
    group = next(f for f in data["features"] if f["properties"].get("count") == 3)
    west, south, east, north = group["properties"]["bounds"]
    longitude, latitude = group["geometry"]["coordinates"]
    assert west <= longitude <= east and south <= latitude <= north
    assert data["total"] == 6


@pytest.mark.parametrize("count", [40, 400])
def test_far_out_the_answer_is_the_same_size_whatever_the_number_of_places(
    client, ngo_a, count, django_assert_max_num_queries
):
    many_facilities(count, ngo_a)

    with django_assert_max_num_queries(1):
        data = client.get(URL, LOW_ZOOM).json()

    assert clusters(data) == [count // 4] * 4
    assert data["total"] == count


@pytest.mark.parametrize("count", [40, 400])
def test_close_up_the_points_are_capped_and_said_to_be(
    client, ngo_a, count, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(maps, "MAX_POINTS", 25)
    many_facilities(count, ngo_a)

    with django_assert_max_num_queries(1):
        data = client.get(URL, {"bbox": "-17.3,20.5,-0.9,36.1", "zoom": 15}).json()

    assert len(data["features"]) == 25
    assert data["truncated"] is True


def test_without_a_box_the_map_answers_for_morocco_far_out(client, ngo_a):
    many_facilities(8, ngo_a)

    data = client.get(URL).json()

    assert data["bbox"] == list(maps.MOROCCO_BBOX)
    assert data["zoom"] == maps.MOROCCO_ZOOM
    assert clusters(data) == [2, 2, 2, 2]


def test_a_place_not_published_or_not_open_never_appears_even_counted(client, ngo_a):
    at = spread("oujda", 4)
    place("Ouvert", at[0], managing_organisation=ngo_a)
    place("Ouvert aussi", at[1], managing_organisation=ngo_a)
    place("Brouillon", at[2], managing_organisation=ngo_a, is_published=False)
    place("Fermé", at[3], managing_organisation=ngo_a, status=Facility.Status.CLOSED)

    far_out = client.get(URL, LOW_ZOOM).json()
    close_up = client.get(URL, AROUND_OUJDA).json()

    assert clusters(far_out) == [2]
    assert points(close_up) == {"Ouvert", "Ouvert aussi"}


def test_the_search_still_filters_the_map(client, women_shelter, men_day_centre):
    data = client.get(URL, {"group": "men", "bbox": "-17.3,20.5,-0.9,36.1", "zoom": 14}).json()

    assert points(data) == {"Centre de jour du Détroit"}


@pytest.mark.parametrize(("query", "reason"), BAD_REQUESTS)
def test_a_bad_box_or_zoom_is_refused_with_a_reason(client, query, reason):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert reason in response.json()["error"]


def test_the_grid_never_holds_more_cells_than_its_limit_whatever_the_box():
    world = maps.MapView(-180, -90, 180, 90, zoom=maps.POINTS_FROM_ZOOM - 1)

    assert world.cell_count(world.cell_size()) <= maps.MAX_CELLS
