"""The staff facility pages, for every role: allowed, refused, and what the user sees."""

import pytest
from django.urls import reverse

from facilities.models import Facility, Province, Region, ServiceCategory, TargetGroup

from ..factories import FacilityFactory, OrganisationFactory
from ..map_places import place_list

pytestmark = pytest.mark.django_db

ROLES = ["admin", "iom_staff", "partner", "viewer"]


def form_data(facility=None, **changes):
    """POST data of the facility form, from an existing facility or a valid new one."""
    oriental = Region.objects.get(code="02")
    data = {
        "name": "Centre Nouvel Horizon",
        "kind": Facility.Kind.SHELTER,
        "status": Facility.Status.ACTIVE,
        "management_mode": Facility.ManagementMode.DELEGATED,
        "region": oriental.pk,
        "province": Province.objects.get(code="411").pk,
        "commune": "Oujda",
        "latitude": "34.680000",
        "longitude": "-1.910000",
        "capacity": "30",
        "occupancy": "12",
        "target_groups": [TargetGroup.objects.get(code="women").pk],
        "services": [ServiceCategory.objects.get(code="shelter").pk],
        "languages": ["ar", "fr"],
    }
    if facility is not None:
        data.update(
            name=facility.name,
            kind=facility.kind,
            status=facility.status,
            region=facility.region_id,
            province=facility.province_id,
            managing_organisation=facility.managing_organisation_id,
            latitude=str(facility.latitude),
            longitude=str(facility.longitude),
            capacity=str(facility.capacity),
            occupancy=str(facility.occupancy),
            seen_version=str(facility.version),  # the edit page's stale-save token
        )
    data.update(changes)
    return data


# --- Anonymous visitors are sent to the login page -------------------------------------------


@pytest.mark.parametrize(
    "name", ["facilities:list", "facilities:map", "facilities:geojson", "facilities:create"]
)
def test_anonymous_visitor_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/?next=")


def test_anonymous_visitor_cannot_open_or_edit_a_facility(client, facility_a):
    for url in (
        reverse("facilities:detail", args=[facility_a.pk]),
        f"/fr/facilities/{facility_a.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/fr/accounts/login/" in response["Location"]


# --- List ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_facility_list(client, users, role, facility_a):
    client.force_login(users[role])
    response = client.get("/fr/facilities/")
    assert response.status_code == 200
    assert "Centre Al Amal" in response.text


def test_partner_list_hides_other_organisations_unpublished_facilities(
    client, partner_user, facility_a, unpublished_facility_b, published_facility_b
):
    client.force_login(partner_user)
    response = client.get("/fr/facilities/")
    assert "Centre Al Amal" in response.text
    assert "Espace Souss" in response.text
    assert "Foyer Tiwizi" not in response.text


def test_viewer_list_shows_unpublished_facilities(client, viewer_user, unpublished_facility_b):
    client.force_login(viewer_user)
    assert "Foyer Tiwizi" in client.get("/fr/facilities/").text


def test_only_roles_that_may_create_see_the_add_button(client, users, facility_a):
    for role in ROLES:
        client.force_login(users[role])
        shows_button = 'href="/fr/facilities/new/"' in client.get("/fr/facilities/").text
        assert shows_button is (role != "viewer"), role


def test_list_filters_by_region_kind_service_and_text(client, iom_user, ngo_a):
    casablanca = Region.objects.get(code="06")
    FacilityFactory(
        name="Dar Salam",
        region=casablanca,
        province=Province.objects.get(code="141"),
        latitude="33.57",
        longitude="-7.59",
        kind=Facility.Kind.SHELTER,
    ).services.add(ServiceCategory.objects.get(code="legal_aid"))
    FacilityFactory(name="Centre Oujda Nord", kind=Facility.Kind.DAY_CENTRE)
    client.force_login(iom_user)

    by_region = client.get("/fr/facilities/", {"region": casablanca.pk}).text
    assert "Dar Salam" in by_region and "Centre Oujda Nord" not in by_region
    by_kind = client.get("/fr/facilities/", {"kind": "day_centre"}).text
    assert "Centre Oujda Nord" in by_kind and "Dar Salam" not in by_kind
    legal_aid = ServiceCategory.objects.get(code="legal_aid").pk
    by_service = client.get("/fr/facilities/", {"service": legal_aid}).text
    assert "Dar Salam" in by_service and "Centre Oujda Nord" not in by_service
    by_text = client.get("/fr/facilities/", {"q": "oujda nord"}).text
    assert "Centre Oujda Nord" in by_text and "Dar Salam" not in by_text


def test_list_filters_by_target_group_organisation_and_status(client, iom_user, ngo_a, ngo_b):
    women = FacilityFactory(name="Espace Femmes", managing_organisation=ngo_a)
    women.target_groups.add(TargetGroup.objects.get(code="women"))
    FacilityFactory(name="Foyer Fermé", managing_organisation=ngo_b, status=Facility.Status.CLOSED)
    client.force_login(iom_user)
    group = TargetGroup.objects.get(code="women").pk
    assert "Foyer Fermé" not in client.get("/fr/facilities/", {"target_group": group}).text
    by_org = client.get("/fr/facilities/", {"managing_organisation": ngo_b.pk}).text
    assert "Foyer Fermé" in by_org and "Espace Femmes" not in by_org
    by_status = client.get("/fr/facilities/", {"status": "closed"}).text
    assert "Foyer Fermé" in by_status and "Espace Femmes" not in by_status


def test_list_sorts_by_capacity_both_ways(client, iom_user):
    FacilityFactory(name="Petit foyer", capacity=5, occupancy=1)
    FacilityFactory(name="Grand centre", capacity=300, occupancy=100)
    client.force_login(iom_user)
    ascending = client.get("/fr/facilities/", {"o": "capacity"}).text
    descending = client.get("/fr/facilities/", {"o": "-capacity"}).text
    assert ascending.index("Petit foyer") < ascending.index("Grand centre")
    assert descending.index("Grand centre") < descending.index("Petit foyer")
    assert 'aria-sort="descending"' in descending


def test_list_is_paginated_and_keeps_the_filters_in_page_links(client, iom_user):
    FacilityFactory.create_batch(30)
    client.force_login(iom_user)
    response = client.get("/fr/facilities/", {"kind": "reception_centre"})
    assert response.context["page_obj"].paginator.num_pages == 2
    assert "kind=reception_centre&amp;page=2" in response.text
    assert len(client.get("/fr/facilities/", {"page": 2}).context["page_obj"]) == 5


def test_bad_filter_values_do_not_break_the_list(client, iom_user, facility_a):
    client.force_login(iom_user)
    response = client.get("/fr/facilities/", {"region": "abc", "page": "zzz", "o": "password"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_list_runs_a_constant_number_of_queries(
    client, iom_user, django_assert_max_num_queries, count
):
    organisations = [OrganisationFactory() for _ in range(4)]
    services = list(ServiceCategory.objects.all()[:3])
    for index in range(count):
        facility = FacilityFactory(managing_organisation=organisations[index % 4])
        facility.services.set(services)
    client.force_login(iom_user)
    with django_assert_max_num_queries(15):  # 14, and the menu's unread notifications
        response = client.get("/fr/facilities/", {"o": "-capacity"})
    assert response.status_code == 200


# --- Map ---------------------------------------------------------------------------------------

# All of Morocco at a zoom where the map data sends points, not groups (common/maps.py).
CLOSE_UP = {"bbox": "-17.3,20.5,-0.9,36.1", "zoom": 14}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_opens_the_map(client, users, role):
    client.force_login(users[role])
    response = client.get("/fr/facilities/map/")
    assert response.status_code == 200
    assert 'id="facility-map"' in response.text
    assert "/static/vendor/leaflet/leaflet.js" in response.text


def test_list_with_format_map_shows_the_map(client, iom_user):
    client.force_login(iom_user)
    assert 'id="facility-map"' in client.get("/fr/facilities/", {"format": "map"}).text


def test_map_data_carries_the_filters_and_the_users_scope(
    client, partner_user, facility_a, unpublished_facility_b, published_facility_b
):
    client.force_login(partner_user)
    listed = place_list(client.get("/fr/facilities/map/data.geojson", CLOSE_UP).json())
    assert {properties["name"] for _position, properties in listed} == {
        "Centre Al Amal",
        "Espace Souss",
    }
    position, amal = next(place for place in listed if place[1]["name"] == "Centre Al Amal")
    assert position == [-1.908, 34.681]
    assert amal["url"] == f"/fr/facilities/{facility_a.pk}/"
    filtered = client.get("/fr/facilities/map/data.geojson", {"q": "Amal", **CLOSE_UP}).json()
    assert [properties["name"] for _position, properties in place_list(filtered)] == [
        "Centre Al Amal"
    ]


def test_map_data_leaves_out_facilities_without_coordinates(client, iom_user):
    FacilityFactory(name="Sans adresse", latitude=None, longitude=None)
    client.force_login(iom_user)
    assert client.get("/fr/facilities/map/data.geojson").json()["features"] == []


def test_map_data_keeps_markup_in_names_as_plain_data(client, iom_user):
    FacilityFactory(name="<img src=x onerror=alert(1)>")
    client.force_login(iom_user)
    response = client.get("/fr/facilities/map/data.geojson")
    assert response["Content-Type"] == "application/json"
    assert response.json()["features"][0]["properties"]["name"] == "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("count", [5, 200])
def test_map_data_runs_a_constant_number_of_queries(
    client, iom_user, django_assert_max_num_queries, count
):
    FacilityFactory.create_batch(count)
    client.force_login(iom_user)
    with django_assert_max_num_queries(6):
        data = client.get("/fr/facilities/map/data.geojson", CLOSE_UP).json()
    # The factory puts them all at one position: one feature listing each of them.
    assert len(place_list(data)) == count


# --- Detail ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_a_published_facility(client, users, role, facility_a):
    client.force_login(users[role])
    response = client.get(f"/fr/facilities/{facility_a.pk}/")
    assert response.status_code == 200
    assert "Centre Al Amal" in response.text


def test_partner_cannot_open_another_organisations_unpublished_facility(
    client, partner_user, unpublished_facility_b
):
    client.force_login(partner_user)
    assert client.get(f"/fr/facilities/{unpublished_facility_b.pk}/").status_code == 404


def test_unknown_facility_is_not_found(client, iom_user):
    client.force_login(iom_user)
    assert client.get("/fr/facilities/999999/").status_code == 404


def test_edit_button_shows_only_to_those_who_may_edit(
    client, partner_user, viewer_user, facility_a, published_facility_b
):
    client.force_login(partner_user)
    assert f"/fr/facilities/{facility_a.pk}/edit/" in client.get(facility_a.get_absolute_url()).text
    other = client.get(published_facility_b.get_absolute_url()).text
    assert f"/fr/facilities/{published_facility_b.pk}/edit/" not in other
    client.force_login(viewer_user)
    assert "/edit/" not in client.get(facility_a.get_absolute_url()).text


def test_detail_escapes_names_and_shows_history(client, iom_user, facility_a):
    client.force_login(iom_user)
    client.post(
        f"/fr/facilities/{facility_a.pk}/edit/",
        form_data(facility_a, name="<script>alert(1)</script>", capacity="45"),
    )
    response = client.get(facility_a.get_absolute_url())
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    history = response.text[response.text.index('data-testid="history"') :]
    assert "iom_t" in history


# --- Create ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner"])
def test_roles_that_may_create_open_the_new_facility_form(client, users, role):
    client.force_login(users[role])
    assert client.get("/fr/facilities/new/").status_code == 200


def test_viewer_may_not_create_a_facility(client, viewer_user):
    client.force_login(viewer_user)
    assert client.get("/fr/facilities/new/").status_code == 403
    assert client.post("/fr/facilities/new/", form_data()).status_code == 403
    assert not Facility.objects.exists()


def test_iom_staff_creates_a_facility(client, iom_user, ngo_b):
    client.force_login(iom_user)
    response = client.post(
        "/fr/facilities/new/", form_data(managing_organisation=ngo_b.pk, is_published="on")
    )
    facility = Facility.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/facilities/{facility.pk}/"
    assert facility.managing_organisation == ngo_b
    assert facility.is_published
    assert facility.code == "F02-00001"
    assert list(facility.services.values_list("code", flat=True)) == ["shelter"]
    assert facility.languages == ["ar", "fr"]
    assert facility.history.first().history_user == iom_user


def test_partner_creates_a_facility_for_its_own_organisation_only(client, partner_user, ngo_b):
    client.force_login(partner_user)
    response = client.post("/en/facilities/new/", form_data(managing_organisation=ngo_b.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Facility.objects.exists()

    client.post(
        "/fr/facilities/new/",
        form_data(managing_organisation=partner_user.organisation_id, is_published="on"),
    )
    facility = Facility.objects.get()
    assert facility.managing_organisation == partner_user.organisation
    assert not facility.is_published  # publishing is IOM's decision


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "must be in Morocco"),
        ({"province": "141"}, "province", "is not in the region"),
        ({"capacity": "10", "occupancy": "100"}, "occupancy", "not plausible"),
        ({"capacity": "-4"}, "capacity", "greater than or equal to 0"),
        ({"region": "99999"}, "region", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(
    client, iom_user, ngo_a, changes, field, message
):
    if changes.get("province") == "141":
        changes["province"] = Province.objects.get(code="141").pk
    client.force_login(iom_user)
    response = client.post(
        "/en/facilities/new/", form_data(managing_organisation=ngo_a.pk, **changes)
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert 'role="alert"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Facility.objects.exists()


# --- Edit --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner"])
def test_roles_that_may_edit_open_the_edit_form(client, users, role, facility_a):
    client.force_login(users[role])
    assert client.get(f"/fr/facilities/{facility_a.pk}/edit/").status_code == 200


def test_partner_edits_its_own_facility(client, partner_user, facility_a):
    client.force_login(partner_user)
    response = client.post(
        f"/fr/facilities/{facility_a.pk}/edit/", form_data(facility_a, capacity="55")
    )
    assert response.status_code == 302
    facility_a.refresh_from_db()
    assert facility_a.capacity == 55
    assert facility_a.is_published  # the partner's form has no publish box: it stays as it was


@pytest.mark.parametrize("fixture", ["published_facility_b", "unpublished_facility_b"])
def test_partner_cannot_edit_another_organisations_facility(client, partner_user, request, fixture):
    facility = request.getfixturevalue(fixture)
    client.force_login(partner_user)
    url = f"/fr/facilities/{facility.pk}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(facility, name="Pris")).status_code == 404
    facility.refresh_from_db()
    assert facility.name != "Pris"


def test_viewer_cannot_edit(client, viewer_user, facility_a):
    client.force_login(viewer_user)
    assert client.get(f"/fr/facilities/{facility_a.pk}/edit/").status_code == 404


def test_a_refused_edit_leaves_the_facility_unchanged(client, iom_user, facility_a):
    client.force_login(iom_user)
    response = client.post(
        f"/fr/facilities/{facility_a.pk}/edit/", form_data(facility_a, name="", capacity="99")
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.text
    facility_a.refresh_from_db()
    assert (facility_a.name, facility_a.capacity) == ("Centre Al Amal", 40)


def test_province_options_follow_the_region(client, partner_user):
    client.force_login(partner_user)
    oriental = Region.objects.get(code="02")
    response = client.get("/fr/facilities/provinces/", {"region": oriental.pk})
    assert response.text.count("<option") == 1 + 8
    assert "Oujda-Angad" in response.text and "Casablanca" not in response.text


def test_map_page_says_how_many_facilities_it_shows_in_the_users_language(
    client, partner_user, facility_a, unpublished_facility_b, published_facility_b
):
    FacilityFactory(name="Sans coordonnées", latitude=None, longitude=None)
    client.force_login(partner_user)
    assert "2 structures sur la carte" in client.get("/fr/facilities/map/").text
    assert "1 facility on the map" in client.get("/en/facilities/map/", {"q": "Amal"}).text
