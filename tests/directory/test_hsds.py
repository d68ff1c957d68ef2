"""The public directory as Open Referral HSDS 3.0 JSON, as any anonymous client downloads it.

Every object is checked against the hand-written HSDS 3.0 schemas of `hsds_schema`, through the
real view and the real database. The document is built by a background task into a file in the
storage (`directory.hsds_build`); here the immediate task backend builds it during the request,
into a temporary media folder, and the view streams the file.
"""

import datetime
import gzip
import json

import pytest
from django.urls import reverse

from accounts.models import Organisation
from directory.hsds import hsds_document
from facilities.models import Facility, Region, ServiceCategory, TargetGroup
from tests.conftest import IMMEDIATE_TASKS
from tests.factories import FacilityFactory, OrganisationFactory

from . import hsds_schema

pytestmark = pytest.mark.django_db

URL = reverse("directory_api:hsds")
INTERNAL_KEYS = {
    "capacity",
    "occupancy",
    "occupancy_rate",
    "contact_person",
    "owner_authority",
    "management_mode",
    "is_published",
    "score",
    "severity",
    "needs",
    "assessments",
}
INTERNAL_TEXTS = ["Fatima Zahra Interne", "Ministère Propriétaire"]
# Queries of a first download, which builds the document in the three languages, whatever the
# number of facilities (up to `hsds_stream.CHUNK_SIZE`: three more per chunk of facilities): the
# view's newest build and stamp; the task's stamp (before and after); per language, its newest
# build, the organisations, the service categories and target groups, the facilities with their
# region, province and organisation, the links to their categories and to their groups, the new
# build's row and the old builds to prune; the view's newest build again.
QUERY_BUDGET = 31


@pytest.fixture(autouse=True)
def built_in_the_request(settings, tmp_path):
    """The immediate task backend and a media folder of the test's own."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def amal_shelter(ngo_a):
    """A published shelter with a postal code, phones, languages and Arabic texts (no Arabic
    opening hours), and internal data that must never be published."""
    facility = FacilityFactory(
        name="Maison Amal",
        kind=Facility.Kind.WOMEN_SAFE_SPACE,
        managing_organisation=ngo_a,
        commune="Oujda",
        address="12 rue de la Paix",
        postal_code="60000",
        phone="+212 536-704512",
        whatsapp="+212 661-234567",
        email="amal@example.org",
        contact_person="Fatima Zahra Interne",
        owner_authority="Ministère Propriétaire",
        capacity=30,
        occupancy=27,
        languages=["ar", "ary", "fr", "wo"],
        description_fr="Hébergement d’urgence pour femmes.",
        description_ar="إيواء استعجالي للنساء.",
        access_conditions_fr="Sans rendez-vous.",
        access_conditions_ar="بدون موعد.",
        opening_hours_fr="Ouvert 24 h/24",
        last_verified_on=datetime.date(2026, 10, 5),
    )
    facility.services.set(ServiceCategory.objects.filter(code__in=["shelter", "health"]))
    facility.target_groups.set(TargetGroup.objects.filter(code__in=["women", "children"]))
    return facility


@pytest.fixture
def tanger_day_centre(ngo_b):
    """A published day centre in Tanger without postal code, coordinates or Arabic texts."""
    region = Region.objects.get(code="01")
    facility = FacilityFactory(
        name="Centre de jour du Détroit",
        kind=Facility.Kind.DAY_CENTRE,
        managing_organisation=ngo_b,
        region=region,
        province=region.provinces.get(code="511"),
        commune="Tanger",
        latitude=None,
        longitude=None,
        description_fr="Repas chauds et douches.",
    )
    facility.services.set(ServiceCategory.objects.filter(code="food"))
    return facility


@pytest.fixture
def directory(amal_shelter, tanger_day_centre, hidden_facilities):
    """Two published facilities (three services) and two hidden ones."""
    return amal_shelter, tanger_day_centre


def download(client, **query):
    """The document as a client reads it: the streamed body is in `response.body`."""
    response = client.get(URL, query)
    assert response.status_code == 200, response
    response.body = b"".join(response.streaming_content)
    response.json = lambda: json.loads(response.body)
    return response


def walk(value):
    """Every dict nested anywhere in `value` (itself included)."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def all_ids(document: dict) -> list[str]:
    return [node["id"] for node in walk(document) if "id" in node]


def location_of(document: dict, facility: Facility) -> dict:
    return next(place for place in document["locations"] if place["name"] == facility.name)


def services_of(document: dict, facility: Facility) -> list[dict]:
    return [service for service in document["services"] if facility.name in service["name"]]


# --- Validity --------------------------------------------------------------------------------


def test_every_object_of_the_document_is_valid_hsds_3_0(client, directory):
    document = download(client).json()

    assert hsds_schema.errors(hsds_schema.DOCUMENT, document) == []
    for table, schema in hsds_schema.SCHEMAS.items():
        objects = [item for node in walk(document) for item in node.get(table, [])]
        for item in objects:
            assert hsds_schema.errors(schema, item) == [], (table, item)
    assert len(document["organizations"]) == 2
    assert len(document["locations"]) == 2
    assert len(document["services"]) == 3
    assert len(document["service_at_locations"]) == 3


def test_the_schemas_catch_what_hsds_forbids(client, directory):
    """The validation is real: a wrong enum, a bad id, a missing postal code or an internal field
    each make an object invalid."""
    document = download(client).json()
    service = dict(document["services"][0], status="open")
    location = dict(document["locations"][0], id="12", capacity=30)
    address = dict(location_of(document, directory[0])["addresses"][0])
    del address["postal_code"]

    assert hsds_schema.errors(hsds_schema.SERVICE, service)
    assert len(hsds_schema.errors(hsds_schema.LOCATION, location)) == 2
    assert hsds_schema.errors(hsds_schema.ADDRESS, address)
    assert hsds_schema.errors(hsds_schema.ADDRESS, dict(address, postal_code="60000", country="ma"))
    assert hsds_schema.errors(hsds_schema.SERVICE, dict(service, last_modified="yesterday"))


def test_a_facility_is_a_location_with_its_address_phones_languages_and_hours(client, amal_shelter):
    document = download(client).json()

    location = location_of(document, amal_shelter)
    assert location["location_type"] == "physical"
    assert location["latitude"] == 34.681 and location["longitude"] == -1.908
    assert location["external_identifier"] == amal_shelter.code
    [address] = location["addresses"]
    assert address["postal_code"] == "60000"
    assert address["address_1"] == "12 rue de la Paix"
    assert address["city"] == "Oujda"
    assert address["country"] == "MA"
    assert address["state_province"] == amal_shelter.province.name_fr
    assert address["region"] == amal_shelter.region.name_fr
    assert address["location_id"] == location["id"]
    assert [(phone["number"], phone["type"]) for phone in location["phones"]] == [
        ("+212 536-704512", "voice"),
        ("+212 661-234567", "text"),
    ]
    assert location["phones"][1]["description"] == "WhatsApp"
    assert [language["code"] for language in location["languages"]] == ["ar", "ary", "fr", "wo"]
    assert [schedule["description"] for schedule in location["schedules"]] == ["Ouvert 24 h/24"]


def test_a_facility_without_postal_code_is_a_valid_location_without_address(
    client, tanger_day_centre
):
    document = download(client).json()

    location = location_of(document, tanger_day_centre)
    assert location["addresses"] == []
    assert "latitude" not in location and "longitude" not in location
    assert hsds_schema.errors(hsds_schema.LOCATION, location) == []


def test_each_service_of_a_facility_is_an_active_service_at_its_location(
    client, amal_shelter, ngo_a
):
    document = download(client).json()

    services = services_of(document, amal_shelter)
    assert [service["name"] for service in services] == [
        "Santé — Maison Amal",
        "Hébergement — Maison Amal",
    ]
    service = services[0]
    assert service["status"] == "active"
    assert service["email"] == "amal@example.org"
    assert service["eligibility_description"] == "Femmes, Enfants"
    assert service["application_process"] == "Sans rendez-vous."
    assert service["assured_date"] == "2026-10-05"
    last_modified = datetime.datetime.fromisoformat(service["last_modified"])
    assert last_modified == amal_shelter.updated_at.replace(microsecond=0)
    assert service["url"] == f"http://testserver/fr/directory/{amal_shelter.slug}/"
    assert {phone["service_id"] for phone in service["phones"]} == {service["id"]}
    [organization] = document["organizations"]
    assert service["organization_id"] == organization["id"]
    assert organization["name"] == ngo_a.name
    assert organization["alternate_name"] == ngo_a.acronym
    assert organization["description"]


def test_an_organisation_email_or_website_is_published_only_when_valid(client, amal_shelter):
    valid = OrganisationFactory(
        name="Association Valide",
        kind=Organisation.Kind.NGO,
        email="contact@valide.ma",
        website="https://valide.ma/",
    )
    FacilityFactory(name="Foyer Valide", managing_organisation=valid)
    Organisation.objects.filter(pk=amal_shelter.managing_organisation_id).update(
        email="pas une adresse", website="javascript:alert(1)"
    )

    organizations = {item["name"]: item for item in download(client).json()["organizations"]}

    assert organizations["Association Valide"]["email"] == "contact@valide.ma"
    assert organizations["Association Valide"]["website"] == "https://valide.ma/"
    invalid = organizations[amal_shelter.managing_organisation.name]
    assert "email" not in invalid and "website" not in invalid


def test_an_organisation_is_described_by_its_kind_and_number_of_places(client, amal_shelter):
    FacilityFactory(name="Maison Amal II", managing_organisation=amal_shelter.managing_organisation)

    [organization] = download(client, lang="en").json()["organizations"]

    assert organization["description"] == (
        "NGO that runs 2 places listed in Manara's public directory."
    )


# --- What is never published -----------------------------------------------------------------


def test_unpublished_and_closed_facilities_are_absent(client, directory, hidden_facilities):
    response = download(client)

    text = response.body.decode()
    for hidden in hidden_facilities:
        assert hidden.name not in text
        assert hidden.code not in text
    assert {place["name"] for place in response.json()["locations"]} == {
        "Maison Amal",
        "Centre de jour du Détroit",
    }


def test_no_internal_field_or_value_is_published(client, directory):
    response = download(client)

    keys = {key for node in walk(response.json()) for key in node}
    assert not keys & INTERNAL_KEYS
    text = response.body.decode()
    for internal in INTERNAL_TEXTS:
        assert internal not in text


def test_an_organisation_with_only_hidden_facilities_is_absent(client, amal_shelter, ngo_b):
    FacilityFactory(name="Foyer caché", managing_organisation=ngo_b, is_published=False)

    document = download(client).json()

    assert [item["name"] for item in document["organizations"]] == [
        amal_shelter.managing_organisation.name
    ]
    assert ngo_b.name not in json.dumps(document, ensure_ascii=False)


# --- Identifiers -----------------------------------------------------------------------------


def test_ids_are_unique_and_stable_between_two_downloads(client, directory):
    first = download(client).json()
    second = download(client).json()

    ids = all_ids(first)
    assert len(ids) == len(set(ids))
    assert ids == all_ids(second)
    assert len(ids) > 20


def test_links_point_to_objects_of_the_document(client, directory):
    document = download(client).json()

    services = {service["id"] for service in document["services"]}
    locations = {location["id"] for location in document["locations"]}
    organizations = {organization["id"] for organization in document["organizations"]}
    links = document["service_at_locations"]
    assert {link["service_id"] for link in links} == services
    assert {link["location_id"] for link in links} == locations
    assert {service["organization_id"] for service in document["services"]} == organizations
    assert {location["organization_id"] for location in document["locations"]} == organizations


# --- Languages -------------------------------------------------------------------------------


def test_arabic_uses_arabic_texts_and_falls_back_to_french(client, directory):
    amal_shelter, tanger_day_centre = directory

    document = download(client, lang="ar").json()

    assert document["language"] == "ar"
    amal = location_of(document, amal_shelter)
    assert amal["description"] == "إيواء استعجالي للنساء."
    assert amal["addresses"][0]["state_province"] == amal_shelter.province.name_ar
    # No Arabic opening hours: the French ones rather than nothing.
    assert amal["schedules"][0]["description"] == "Ouvert 24 h/24"
    assert location_of(document, tanger_day_centre)["description"] == "Repas chauds et douches."
    service = services_of(document, amal_shelter)[0]
    assert service["name"] == "الصحة — Maison Amal"
    assert service["application_process"] == "بدون موعد."
    assert "النساء" in service["eligibility_description"]
    assert service["url"] == f"http://testserver/ar/directory/{amal_shelter.slug}/"
    assert "إيواء استعجالي" in download(client, lang="ar").body.decode()


def test_english_falls_back_to_french_when_there_is_no_english_text(client, amal_shelter):
    document = download(client, lang="en").json()

    service = services_of(document, amal_shelter)[0]
    assert service["name"] == "Health — Maison Amal"
    assert service["description"] == "Hébergement d’urgence pour femmes."


def test_an_unknown_language_is_refused_with_a_clear_json_error(client, amal_shelter):
    response = client.get(URL, {"lang": "de"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "lang=fr|ar|en" in response.json()["error"]


def test_the_document_cannot_be_built_in_an_unknown_language(amal_shelter):
    with pytest.raises(ValueError, match="de"):
        hsds_document("de")


# --- Safety of the response ------------------------------------------------------------------


def test_a_script_in_a_name_is_returned_as_json_data(client, ngo_a):
    name = '<script>alert("x")</script> & co'
    FacilityFactory(name=name, managing_organisation=ngo_a)

    response = download(client)

    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.body.decode()
    assert response.json()["locations"][0]["name"] == name


def test_the_document_is_public_cacheable_readable_from_any_origin_and_sets_no_cookie(
    client, amal_shelter
):
    response = download(client)

    assert "public" in response["Cache-Control"]
    assert "max-age=600" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.has_header("ETag")
    assert not response.cookies
    assert not response.has_header("Set-Cookie")


def test_an_unchanged_document_is_answered_304(client, amal_shelter):
    etag = download(client)["ETag"]

    response = client.get(URL, headers={"if-none-match": etag})

    assert response.status_code == 304


def test_the_document_is_compact_json(client, amal_shelter):
    """One line: the file is built once for everyone (`jq .` indents it)."""
    text = download(client, pretty="1").body.decode()

    assert "\n" not in text
    assert text.startswith('{"hsds_version": "3.0", "language": "fr", "organizations": [')


def test_head_is_answered(client, amal_shelter):
    assert client.head(URL).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_writing_methods_are_refused(client, amal_shelter, method):
    response = getattr(client, method)(URL)

    assert response.status_code == 405


# --- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("facilities", [3, 30])
def test_queries_do_not_grow_with_the_number_of_facilities(
    client, django_assert_max_num_queries, facilities
):
    services = list(ServiceCategory.objects.all()[:3])
    groups = list(TargetGroup.objects.all()[:2])
    for number in range(facilities):
        facility = FacilityFactory(
            name=f"Lieu {number:02d}",
            managing_organisation=OrganisationFactory(name=f"Association {number % 7}"),
            postal_code="60000" if number % 2 else "",
            languages=["ar", "fr"],
            opening_hours_fr="9 h – 17 h",
        )
        facility.services.set(services)
        facility.target_groups.set(groups)

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = download(client, lang="ar")

    assert len(response.json()["locations"]) == facilities
    assert len(response.json()["services"]) == 3 * facilities


def test_an_unchanged_directory_is_served_from_its_file_with_two_queries(
    client, amal_shelter, django_assert_num_queries
):
    """The newest build and the published-data stamp, to check that it is still fresh."""
    first = download(client)

    with django_assert_num_queries(2):
        again = download(client)

    assert again.body == first.body


def test_changing_a_facility_gives_a_fresh_document_at_once(client, amal_shelter):
    download(client)
    amal_shelter.name = "Maison Amal renommée"
    amal_shelter.save()

    document = download(client).json()

    assert location_of(document, amal_shelter)["name"] == "Maison Amal renommée"


def test_unpublishing_a_facility_removes_it_at_once(client, amal_shelter, tanger_day_centre):
    download(client)
    Facility.objects.filter(pk=amal_shelter.pk).update(is_published=False)

    text = download(client).body.decode()

    assert "Maison Amal" not in text


def test_the_document_is_sent_compressed_to_clients_that_accept_it(client, amal_shelter):
    plain = download(client)
    compressed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, br")

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(b"".join(compressed.streaming_content)) == plain.body
    assert "Content-Encoding" not in plain
