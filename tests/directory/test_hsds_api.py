"""The HSDS 3.0 API under /api/hsds/, as an Open Referral client uses it.

Every answer is validated against the official HSDS 3.0 files (`hsds_validation`: the
specification's OpenAPI and compiled schemas, copied with their licence), through the real views
and database.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import hsds
from directory.hsds import hsds_id
from facilities.models import Facility, Region, ServiceCategory, TargetGroup
from tests.factories import FacilityFactory, OrganisationFactory

from . import hsds_validation

pytestmark = pytest.mark.django_db

PATHS = {
    "/": "hsds_api:index",
    "/services": "hsds_api:services",
    "/organizations": "hsds_api:organizations",
    "/service_at_locations": "hsds_api:service_at_locations",
    "/taxonomies": "hsds_api:taxonomies",
    "/taxonomy_terms": "hsds_api:taxonomy_terms",
}


@pytest.fixture
def directory(women_shelter, men_day_centre, hidden_facilities):
    """Two published facilities offering three services, and two hidden ones."""
    return women_shelter, men_day_centre


def get(client, name: str, *args, status: int = 200, **query):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def valid(path: str, answer):
    assert hsds_validation.errors(path, answer) == [], answer
    return answer


def service_id(facility: Facility, code: str) -> str:
    return hsds_id("service", facility.pk, ServiceCategory.objects.get(code=code).pk)


def link_id(facility: Facility, code: str) -> str:
    return hsds_id("service_at_location", facility.pk, ServiceCategory.objects.get(code=code).pk)


def organization_id(organisation) -> str:
    return hsds_id("organization", organisation.pk)


# --- Every answer is valid HSDS 3.0 ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_every_list_is_a_valid_hsds_page_in_each_language(client, directory, lang):
    for path, name in PATHS.items():
        answer = valid(path, get(client, name, lang=lang))
        if path != "/":
            assert answer["total_items"] == len(answer["contents"]) > 0, path


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_every_object_by_id_is_valid_hsds_in_each_language(client, directory, lang):
    shelter, day_centre = directory
    ids = {
        "hsds_api:service": service_id(shelter, "shelter"),
        "hsds_api:service_at_location": link_id(day_centre, "food"),
        "hsds_api:organization": organization_id(shelter.managing_organisation),
        "hsds_api:taxonomy": hsds.taxonomy_id("target-groups"),
        "hsds_api:taxonomy_term": hsds.term_id(TargetGroup.objects.get(code="women")),
    }
    paths = {
        "hsds_api:service": "/services/{id}",
        "hsds_api:service_at_location": "/service_at_locations/{id}",
        "hsds_api:organization": "/organizations/{id}",
        "hsds_api:taxonomy": "/taxonomies/{id}",
        "hsds_api:taxonomy_term": "/taxonomy_terms/{id}",
    }
    for name, object_id in ids.items():
        answer = valid(paths[name], get(client, name, object_id, lang=lang))
        assert answer["id"] == object_id


def test_the_validation_is_real(client, directory):
    """A wrong enum, a missing Page field or an internal field each fail the official files."""
    answer = get(client, "hsds_api:services")
    answer["contents"][0]["status"] = "open"
    answer["contents"][1]["capacity"] = 30
    del answer["total_pages"]

    errors = hsds_validation.errors("/services", answer)

    assert any("'open' is not one of" in error for error in errors)
    assert any("'capacity' was unexpected" in error for error in errors)
    assert any("total_pages" in error for error in errors)


def test_the_index_names_the_version_and_the_openapi_description(client):
    answer = valid("/", get(client, "hsds_api:index"))

    assert answer["version"] == "3.0"
    assert answer["openapi_url"] == "http://testserver/api/hsds/openapi.json"


def test_the_openapi_description_lists_every_path_and_refers_to_the_official_schemas(client):
    described = get(client, "hsds_api:openapi")
    official = hsds_validation.openapi()

    assert described["openapi"].startswith("3.1")
    assert described["servers"] == [{"url": "http://testserver/api/hsds"}]
    for path in described["paths"]:
        assert path in official["paths"] or path == "/"
        assert client.get("/api/hsds" + path.replace("{id}", "x")).status_code in (200, 400)
    references = [
        schema["$ref"]
        for operation in described["paths"].values()
        for response in [operation["get"]["responses"]["200"]]
        for schema in [response["content"]["application/json"]["schema"]]
        if "$ref" in schema
    ]
    references += [
        operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"][
            "contents"
        ]["items"]["$ref"]
        for path, operation in described["paths"].items()
        if "{id}" not in path and path != "/"
    ]
    assert len(references) == 10
    for address in references:
        # Each resolves to the specification's file copied in the tests.
        hsds_validation.schema_validator(address).check_schema(
            hsds_validation.registry().contents(address)
        )


# --- Same serialisation as the full document -------------------------------------------------


def test_a_listed_service_is_the_documents_service_without_its_lists(client, directory):
    document = hsds.hsds_document("ar", site_url="http://testserver/")
    listed = get(client, "hsds_api:services", lang="ar")["contents"]

    expected = {
        service["id"]: {key: value for key, value in service.items() if not isinstance(value, list)}
        for service in document["services"]
    }
    assert {service["id"]: service for service in listed} == expected


def test_a_service_by_id_nests_its_organization_location_and_terms(client, directory):
    shelter, _day_centre = directory
    document = hsds.hsds_document("fr", site_url="http://testserver/")
    in_document = next(s for s in document["services"] if s["id"] == service_id(shelter, "health"))

    answer = get(client, "hsds_api:service", service_id(shelter, "health"))

    assert {key: answer[key] for key in in_document} == in_document
    assert answer["organization"]["name"] == shelter.managing_organisation.name
    location = answer["service_at_locations"][0]["location"]
    assert location == next(p for p in document["locations"] if p["id"] == location["id"])
    terms = {attribute["taxonomy_term"]["code"] for attribute in answer["attributes"]}
    assert terms == {"health", "women", "children"}


def test_an_organization_lists_the_services_of_its_published_places_only(client, directory, ngo_a):
    answer = get(client, "hsds_api:organization", organization_id(ngo_a), lang="en")

    assert {service["id"] for service in answer["services"]} == {
        service_id(directory[0], "shelter"),
        service_id(directory[0], "health"),
    }
    assert "1 place" in answer["description"]


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_listed_services_are_the_documents_even_with_texts_to_escape(client, directory, lang):
    shelter, _day_centre = directory
    shelter.name = '<b>"Dar" & co</b>'
    shelter.name_en = "Dar <en>"
    shelter.description_fr = "Ligne\nsuivante\t\\"
    shelter.save()
    document = hsds.hsds_document(lang, site_url="http://testserver/")

    response = client.get(reverse("hsds_api:services"), {"lang": lang})

    assert "<" not in response.content.decode() and "&" not in response.content.decode()
    expected = {
        service["id"]: {key: value for key, value in service.items() if not isinstance(value, list)}
        for service in document["services"]
    }
    assert {service["id"]: service for service in response.json()["contents"]} == expected


def test_an_organizations_services_are_the_documents_in_its_order(client, ngo_a):
    region = Region.objects.get(code="01")
    for name, in_tanger in [("Zeta", False), ("Alpha", False), ("Omega", True)]:
        place = FacilityFactory(name=name, name_ar=f"{name} ع", managing_organisation=ngo_a)
        if in_tanger:
            place.region, place.province = region, region.provinces.get(code="511")
            place.save()
        place.services.set(ServiceCategory.objects.order_by("code")[:2])
    document = hsds.hsds_document("ar")

    answer = get(client, "hsds_api:organization", organization_id(ngo_a), lang="ar")

    assert answer["services"] == [
        {key: service[key] for key in ("id", "organization_id", "name", "status")}
        for service in document["services"]
    ]
    assert answer["services"][0]["name"].endswith("Omega ع")


# --- Paging ----------------------------------------------------------------------------------


def test_services_are_paged(client, directory):
    first = get(client, "hsds_api:services", per_page=2)
    second = get(client, "hsds_api:services", per_page=2, page=2)

    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    assert (second["page_number"], second["size"]) == (2, 1)
    assert second["last_page"] and not second["first_page"]
    ids = [s["id"] for s in first["contents"] + second["contents"]]
    assert len(set(ids)) == 3


def test_an_empty_directory_is_an_empty_first_page(client, hidden_facilities):
    answer = valid("/services", get(client, "hsds_api:services"))

    assert answer["empty"] and answer["total_items"] == 0 and answer["contents"] == []
    assert answer["first_page"] and answer["last_page"]


# --- Filters ---------------------------------------------------------------------------------


def test_services_are_found_by_name_in_any_language(client, directory):
    shelter, _day_centre = directory
    shelter.name_ar = "دار أمل"
    shelter.save()

    by_arabic = get(client, "hsds_api:services", search="أمل")["contents"]
    by_category = get(client, "hsds_api:services", search="aliment")["contents"]

    assert {s["id"] for s in by_arabic} == {
        service_id(shelter, "shelter"),
        service_id(shelter, "health"),
    }
    assert [s["id"] for s in by_category] == [service_id(directory[1], "food")]


def test_services_are_filtered_by_a_category_or_a_target_group(client, directory):
    shelter, day_centre = directory
    food = hsds.term_id(ServiceCategory.objects.get(code="food"))
    men = hsds.term_id(TargetGroup.objects.get(code="men"))
    women = hsds.term_id(TargetGroup.objects.get(code="women"))

    assert [
        s["id"] for s in get(client, "hsds_api:services", taxonomy_term_id=food)["contents"]
    ] == [service_id(day_centre, "food")]
    assert get(client, "hsds_api:services", taxonomy_term_id=men)["total_items"] == 1
    assert get(client, "hsds_api:service_at_locations", taxonomy_term_id=women)["total_items"] == 2


def test_services_are_filtered_by_organization(client, directory, ngo_b):
    answer = get(client, "hsds_api:services", organization_id=organization_id(ngo_b))

    assert [s["id"] for s in answer["contents"]] == [service_id(directory[1], "food")]


def test_services_modified_after_a_date_are_the_recent_ones(client, directory):
    shelter, day_centre = directory
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Facility.objects.filter(pk=day_centre.pk).update(updated_at=long_ago)

    recent = get(
        client,
        "hsds_api:services",
        modified_after=(timezone.now() - datetime.timedelta(days=1)).date().isoformat(),
    )
    since_long_ago = get(
        client,
        "hsds_api:services",
        modified_after=(long_ago - datetime.timedelta(hours=1)).isoformat(),
    )

    assert recent["total_items"] == 2
    assert since_long_ago["total_items"] == 3


def test_taxonomy_terms_are_the_categories_and_groups_of_one_taxonomy_when_asked(client):
    groups = get(
        client, "hsds_api:taxonomy_terms", taxonomy_id=hsds.taxonomy_id("target-groups"), lang="en"
    )

    assert groups["total_items"] == TargetGroup.objects.count()
    assert {term["code"] for term in groups["contents"]} == set(
        TargetGroup.objects.values_list("code", flat=True)
    )
    assert all(term["language"] == "en" for term in groups["contents"])


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"page": "3"}, 404),
        ({"page": "-1"}, 400),
        ({"page": "0"}, 400),
        ({"page": "deux"}, 400),
        ({"page": "²"}, 400),
        ({"per_page": "201"}, 400),
        ({"per_page": "0"}, 400),
        ({"per_page": "many"}, 400),
        ({"lang": "de"}, 400),
        ({"modified_after": "yesterday"}, 400),
        ({"modified_after": "2026-13-45"}, 400),
        ({"taxonomy_term_id": "food"}, 400),
        ({"taxonomy_term_id": "3f7b145d-84af-42d7-8fae-eaca714b02b2"}, 400),
        ({"taxonomy_id": "3f7b145d-84af-42d7-8fae-eaca714b02b2"}, 400),
        ({"organization_id": "3f7b145d-84af-42d7-8fae-eaca714b02b2"}, 400),
    ],
)
def test_bad_list_parameters_are_refused_with_a_clear_json_error(client, directory, query, status):
    for name in ["hsds_api:services", "hsds_api:service_at_locations"]:
        answer = get(client, name, status=status, **query)

        assert answer["error"]


@pytest.mark.parametrize("name", ["hsds_api:organizations", "hsds_api:taxonomy_terms"])
def test_other_lists_refuse_a_page_past_the_end_and_a_huge_page(client, directory, name):
    assert get(client, name, status=404, page=99)["error"]
    assert get(client, name, status=400, per_page=10_000)["error"]


@pytest.mark.parametrize(
    "name",
    [
        "hsds_api:service",
        "hsds_api:service_at_location",
        "hsds_api:organization",
        "hsds_api:taxonomy",
        "hsds_api:taxonomy_term",
    ],
)
def test_an_id_that_is_not_a_uuid_is_400_and_an_unknown_one_404(client, directory, name):
    assert get(client, name, "12", status=400)["error"]
    assert get(client, name, "3f7b145d-84af-42d7-8fae-eaca714b02b2", status=404)["error"]


def test_an_unpublished_facilitys_service_and_organization_are_404(
    client, directory, hidden_facilities
):
    hidden = hidden_facilities[0]
    hidden.services.set(ServiceCategory.objects.filter(code="food"))
    lonely = OrganisationFactory(name="Association sans lieu public")
    FacilityFactory(managing_organisation=lonely, is_published=False)

    assert get(client, "hsds_api:service", service_id(hidden, "food"), status=404)["error"]
    assert get(client, "hsds_api:service_at_location", link_id(hidden, "food"), status=404)
    assert get(client, "hsds_api:organization", organization_id(lonely), status=404)


def test_a_service_id_is_not_a_service_at_location_id(client, directory):
    get(client, "hsds_api:service_at_location", service_id(directory[0], "shelter"), status=404)


def test_a_service_unpublished_after_being_read_is_404_at_once(client, directory):
    shelter, _day_centre = directory
    get(client, "hsds_api:service", service_id(shelter, "shelter"))
    shelter.is_published = False
    shelter.save()

    get(client, "hsds_api:service", service_id(shelter, "shelter"), status=404)


# --- Caching ---------------------------------------------------------------------------------


def test_answers_are_public_cacheable_and_readable_from_any_origin(client, directory):
    response = client.get(reverse("hsds_api:services"))

    assert "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies


def test_an_unchanged_answer_is_served_from_the_cache_with_one_query(
    client, directory, django_assert_num_queries
):
    first = client.get(reverse("hsds_api:services"), {"lang": "ar"})

    with django_assert_num_queries(1):
        again = client.get(reverse("hsds_api:services"), {"lang": "ar"})

    assert again.content == first.content


def test_an_edit_of_a_published_facility_shows_at_once(client, directory):
    shelter, _day_centre = directory
    get(client, "hsds_api:service", service_id(shelter, "shelter"))
    shelter.name = "Maison Amal renommée"
    shelter.save()

    answer = get(client, "hsds_api:service", service_id(shelter, "shelter"))

    assert "Maison Amal renommée" in answer["name"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_writing_methods_are_refused(client, method):
    assert getattr(client, method)(reverse("hsds_api:services")).status_code == 405


# --- Queries ---------------------------------------------------------------------------------


def add_facilities(count: int) -> list[Facility]:
    services = list(ServiceCategory.objects.all()[:3])
    groups = list(TargetGroup.objects.all()[:2])
    facilities = []
    for number in range(count):
        facility = FacilityFactory(
            name=f"Lieu {number:02d}",
            managing_organisation=OrganisationFactory(name=f"Association {number}"),
            postal_code="60000" if number % 2 else "",
            languages=["ar", "fr"],
            phone="0536 00 00 00",
            opening_hours_fr="9 h – 17 h",
        )
        facility.services.set(services)
        facility.target_groups.set(groups)
        facilities.append(facility)
    return facilities


# The published-data stamp (for the answer's cache, then the count's), the count, the page's
# rows, the facilities with their region, province and organisation, their services, their
# target groups.
SERVICES_QUERIES = 7
# The stamp, the id index (once per process for known ids), the facility (three queries), its
# organisation with its count of places.
SERVICE_QUERIES = 6
# The stamp, the id index (once per process for known ids), the organisation with its count of
# places, its services with their facility's and category's names.
ORGANIZATION_QUERIES = 4


@pytest.mark.parametrize("facilities", [3, 30])
def test_a_page_of_services_runs_the_same_queries_whatever_the_data(
    client, django_assert_max_num_queries, facilities
):
    add_facilities(facilities)

    with django_assert_max_num_queries(SERVICES_QUERIES):
        answer = get(client, "hsds_api:services", per_page=200, lang="ar")

    assert answer["total_items"] == 3 * facilities


@pytest.mark.parametrize("facilities", [3, 30])
def test_a_service_by_id_runs_the_same_queries_whatever_the_data(
    client, django_assert_max_num_queries, facilities
):
    last = add_facilities(facilities)[-1]
    category = last.services.all()[0]

    with django_assert_max_num_queries(SERVICE_QUERIES):
        answer = get(client, "hsds_api:service", hsds_id("service", last.pk, category.pk))

    assert answer["name"].endswith(last.name)


@pytest.mark.parametrize("facilities", [3, 30])
def test_an_organization_runs_the_same_queries_whatever_its_number_of_places(
    client, django_assert_max_num_queries, ngo_a, facilities
):
    for place in add_facilities(facilities):
        place.managing_organisation = ngo_a
        place.save()

    with django_assert_max_num_queries(ORGANIZATION_QUERIES):
        answer = get(client, "hsds_api:organization", organization_id(ngo_a))

    assert len(answer["services"]) == 3 * facilities
