"""The public directory as a CSV or XLSX download, as any anonymous visitor gets it.

Headers, then the HXL hashtag row, then one row per published facility; text that a spreadsheet
program would run as a formula is neutralised; internal data is never in the file.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from directory.opendata import EXPORT_COLUMNS, directory_download
from facilities.models import Facility, ServiceCategory, TargetGroup
from tests.factories import FacilityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in EXPORT_COLUMNS]
HXL_TAGS = [column.hxl for column in EXPORT_COLUMNS]
DANGEROUS_NAME = "=cmd|' /C calc'!A0"
QUERY_BUDGET = 3


def url(file_format: str) -> str:
    return reverse("directory_api:export", args=[file_format])


@pytest.fixture
def amal_shelter(ngo_a):
    """A published shelter with Arabic texts and internal data that must never be exported."""
    facility = FacilityFactory(
        name="Maison Amal",
        kind=Facility.Kind.WOMEN_SAFE_SPACE,
        managing_organisation=ngo_a,
        commune="Oujda",
        address="12 rue de la Paix",
        postal_code="60000",
        phone="0536 70 45 12",
        whatsapp="+212 661-234567",
        email="amal@example.org",
        contact_person="Fatima Zahra Interne",
        owner_authority="Ministère Propriétaire",
        capacity=30,
        occupancy=27,
        languages=["ar", "fr"],
        description_fr="Hébergement d’urgence pour femmes.",
        description_ar="إيواء استعجالي للنساء.",
        opening_hours_fr="Ouvert 24 h/24",
        last_verified_on=datetime.date(2026, 10, 5),
    )
    facility.services.set(ServiceCategory.objects.filter(code__in=["shelter", "health"]))
    facility.target_groups.set(TargetGroup.objects.filter(code="women"))
    return facility


@pytest.fixture
def dangerous_facility(ngo_b):
    """A published facility whose name and address would run as formulas in a spreadsheet."""
    return FacilityFactory(
        name=DANGEROUS_NAME,
        managing_organisation=ngo_b,
        address="@SUM(1+1)",
        latitude=None,
        longitude=None,
    )


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.values]


def row_of(rows: list[list], name: str) -> dict:
    """The row of the facility called `name`, by column header."""
    return next(dict(zip(rows[0], row, strict=True)) for row in rows[2:] if row[1] == name)


# --- CSV -------------------------------------------------------------------------------------


def test_csv_has_a_bom_the_headers_the_hxl_row_and_the_facility(client, amal_shelter):
    response = client.get(url("csv"))

    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    assert rows[1] == HXL_TAGS
    assert len(rows) == 3
    row = row_of(rows, "Maison Amal")
    assert row["code"] == amal_shelter.code
    assert row["region_code"] == "02"
    assert row["region"] == amal_shelter.region.name_fr
    assert row["province_code"] == amal_shelter.province.code
    assert row["postal_code"] == "60000"
    assert float(row["latitude"]) == 34.681 and float(row["longitude"]) == -1.908
    assert row["services"] == "Santé, Hébergement"
    assert row["target_groups"] == "Femmes"
    assert row["description"] == "Hébergement d’urgence pour femmes."
    assert row["opening_hours"] == "Ouvert 24 h/24"
    assert row["public_url"] == f"http://testserver/fr/directory/{amal_shelter.slug}/"
    assert row["last_verified_on"] == "2026-10-05"


def test_csv_neutralises_text_that_would_run_as_a_formula(client, amal_shelter, dangerous_facility):
    rows = csv_rows(client.get(url("csv")))

    row = row_of(rows, "'" + DANGEROUS_NAME)
    assert row["address"] == "'@SUM(1+1)"
    assert row["latitude"] == ""
    assert row_of(rows, "Maison Amal")["whatsapp"] == "'+212 661-234567"
    assert row_of(rows, "Maison Amal")["phone"] == "0536 70 45 12"


def test_csv_is_a_dated_attachment(client, amal_shelter):
    response = client.get(url("csv"))

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="manara-directory-{today}.csv"'
    )


def test_arabic_csv_uses_arabic_names_and_falls_back_to_french(client, amal_shelter):
    response = client.get(url("csv"), {"lang": "ar"})

    row = row_of(csv_rows(response), "Maison Amal")
    assert row["region"] == amal_shelter.region.name_ar
    assert row["services"] == "الصحة، الإيواء"
    assert row["description"] == "إيواء استعجالي للنساء."
    assert row["opening_hours"] == "Ouvert 24 h/24"
    assert row["public_url"] == f"http://testserver/ar/directory/{amal_shelter.slug}/"
    assert response["Content-Language"] == "ar"


def test_only_published_open_facilities_and_no_internal_data_are_exported(
    client, amal_shelter, hidden_facilities
):
    text = client.get(url("csv")).content.decode("utf-8-sig")

    for hidden in hidden_facilities:
        assert hidden.name not in text
    for internal in ["Fatima Zahra Interne", "Ministère Propriétaire", "capacity", "occupancy"]:
        assert internal not in text


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_opens_with_the_hxl_row_numbers_and_neutralised_text(
    client, amal_shelter, dangerous_facility
):
    response = client.get(url("xlsx"))

    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="manara-directory-{today}.xlsx"'
    )
    rows = xlsx_rows(response)
    assert rows[0] == HEADERS
    assert rows[1] == HXL_TAGS
    amal = row_of(rows, "Maison Amal")
    assert amal["latitude"] == pytest.approx(34.681)
    assert amal["longitude"] == pytest.approx(-1.908)
    assert amal["region_code"] == "02"
    assert amal["last_verified_on"].date() == datetime.date(2026, 10, 5)
    dangerous = row_of(rows, "'" + DANGEROUS_NAME)
    assert dangerous["address"] == "'@SUM(1+1)"


def test_xlsx_survives_control_characters_in_a_text(client, ngo_a):
    FacilityFactory(name="Foyer Tab", managing_organisation=ngo_a, description_fr="A\x0bB\x01C")

    response = client.get(url("xlsx"))

    assert response.status_code == 200
    assert row_of(xlsx_rows(response), "Foyer Tab")["description"] == "ABC"


# --- Refusals, caching, queries --------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["json", "pdf", "xls", "CSV"])
def test_an_unknown_format_is_404(client, amal_shelter, file_format):
    assert client.get(url(file_format)).status_code == 404


def test_an_unknown_language_is_400(client, amal_shelter):
    response = client.get(url("csv"), {"lang": "es"})

    assert response.status_code == 400
    assert "lang=fr|ar|en" in response.json()["error"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_post_is_refused(client, amal_shelter, file_format):
    assert client.post(url(file_format)).status_code == 405


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads_are_public_cacheable_and_set_no_cookie(client, amal_shelter, file_format):
    response = client.get(url(file_format))

    assert "public" in response["Cache-Control"]
    assert "max-age=600" in response["Cache-Control"]
    assert not response.cookies
    assert not response.has_header("Set-Cookie")


def test_the_download_cannot_be_built_in_an_unknown_format(amal_shelter):
    with pytest.raises(ValueError, match="ods"):
        directory_download("ods")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("facilities", [3, 30])
def test_queries_do_not_grow_with_the_number_of_facilities(
    client, django_assert_max_num_queries, facilities, file_format
):
    services = list(ServiceCategory.objects.all()[:3])
    groups = list(TargetGroup.objects.all()[:2])
    for number in range(facilities):
        facility = FacilityFactory(
            name=f"Lieu {number:02d}",
            managing_organisation=OrganisationFactory(name=f"Association {number % 7}"),
        )
        facility.services.set(services)
        facility.target_groups.set(groups)

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url(file_format))

    assert response.status_code == 200
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    assert len(rows) == 2 + facilities
