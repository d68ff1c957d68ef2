"""Spreadsheet import and export of facilities, organisations and services (CSV and XLSX).

Through the resources and through the admin views, on the real database: what is written, what
is not, and what the user sees (preview, per-row errors, HXL row, neutralised cells).
"""

import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import CSV, XLSX

from accounts.models import Organisation, User
from accounts.resources import OrganisationResource
from common.spreadsheets import neutralise_formula, restore_formula
from facilities.models import Facility, Region, ServiceCategory
from facilities.resources import FacilityResource, ServiceCategoryResource
from facilities.spreadsheets import is_hxl_row

from ..factories import FacilityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,managing_organisation,region,province,commune,latitude,longitude,"
HEADER += "capacity,occupancy,services,target_groups,languages,status,is_published\n"

VALID_CSV = HEADER + (
    ",Centre Al Wifaq,shelter,Association Accueil Oriental,02,411,Oujda,34.6810,-1.9080,"
    "40,25,health;shelter,women;children,ar;fr,active,1\n"
    ",Espace Nador,day_centre,AAO,2,381,Nador,35.1681,-2.9335,"
    "20,10,legal_aid,,fr,active,0\n"
)

DANGEROUS_NAMES = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, their source language, whatever gets translated later."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(iom_org):
    return UserFactory(
        username="super_t",
        role=User.Role.ADMIN,
        organisation=iom_org,
        is_staff=True,
        is_superuser=True,
        preferred_language="en",
    )


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def oujda_facility(ngo_a):
    """An existing facility that a file may update: 40 places."""
    return FacilityFactory(name="Foyer Oujda", managing_organisation=ngo_a, capacity=40)


def csv_dataset(text: str) -> tablib.Dataset:
    return CSV(encoding="utf-8").create_dataset(text)


def format_index(model, file_format) -> str:
    """The value of the import/export form's format choice for this format."""
    formats = admin.site._registry[model].get_import_formats()
    # The admin imports with Manara's careful formats (common.import_formats), the library's
    # subclasses.
    return str(next(i for i, known in enumerate(formats) if issubclass(known, file_format)))


def upload_to_admin(client, text_or_bytes, name="facilities.csv", file_format=CSV):
    content = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
    return client.post(
        reverse("admin:facilities_facility_import"),
        {
            "resource": "0",
            "format": format_index(Facility, file_format),
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def export_from_admin(client, model, resource_class, file_format):
    fields = {
        f"{resource_class.__name__.lower()}_{name}": "on"
        for name in resource_class().get_export_order()
    }
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_export"),
        {"resource": "0", "format": format_index(model, file_format), **fields},
    )


def xlsx_rows(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def bad_rows_csv(facility: Facility) -> str:
    """One good update, three bad rows (unknown region, Paris, no name) and one good new row."""
    return HEADER + (
        f"{facility.code},{facility.name},reception_centre,AAO,02,411,,34.68,-1.9,"
        "80,25,,,,active,1\n"
        ",Centre Nulle Part,shelter,AAO,99,411,,34.68,-1.9,10,5,,,,active,1\n"
        ",Centre Paris,shelter,AAO,02,411,,48.85,2.35,10,5,,,,active,1\n"
        ",,shelter,AAO,02,411,,34.68,-1.9,10,5,,,,active,1\n"
        ",Centre Valide,shelter,AAO,02,411,,34.68,-1.9,10,5,,,,active,1\n"
    )


# Import through the resource


def test_valid_csv_import_creates_facilities_with_their_places_and_services(ngo_a):
    result = FacilityResource().import_data(csv_dataset(VALID_CSV), dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    wifaq = Facility.objects.get(name="Centre Al Wifaq")
    assert (wifaq.region.code, wifaq.province.code) == ("02", "411")
    assert wifaq.managing_organisation == ngo_a
    assert wifaq.code == "F02-00001"
    assert set(wifaq.services.values_list("code", flat=True)) == {"health", "shelter"}
    assert set(wifaq.target_groups.values_list("code", flat=True)) == {"women", "children"}
    assert wifaq.languages == ["ar", "fr"]
    assert (wifaq.latitude, wifaq.longitude) == (Decimal("34.681"), Decimal("-1.908"))
    assert wifaq.is_published is True


def test_organisation_is_found_by_acronym_and_region_given_as_2_reads_02(ngo_a):
    FacilityResource().import_data(csv_dataset(VALID_CSV), dry_run=False)

    nador = Facility.objects.get(name="Espace Nador")
    assert nador.managing_organisation == ngo_a
    assert nador.region.code == "02"
    assert nador.is_published is False


def test_region_code_stored_as_a_number_in_xlsx_imports_as_02(ngo_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "kind", "managing_organisation", "region", "province"])
    sheet.append(["Centre Berkane", "shelter", "AAO", 2, 113])
    content = io.BytesIO()
    workbook.save(content)

    dataset = XLSX().create_dataset(content.getvalue())
    result = FacilityResource().import_data(dataset, dry_run=False)

    assert not result.has_validation_errors()
    berkane = Facility.objects.get(name="Centre Berkane")
    assert (berkane.region.code, berkane.province.code) == ("02", "113")


def test_file_with_bad_rows_writes_nothing_not_even_its_good_rows(oujda_facility):
    count = Facility.objects.count()

    result = FacilityResource().import_data(
        csv_dataset(bad_rows_csv(oujda_facility)), dry_run=False
    )

    assert result.has_validation_errors()
    assert Facility.objects.count() == count
    oujda_facility.refresh_from_db()
    assert oujda_facility.capacity == 40
    assert not Facility.objects.filter(name="Centre Valide").exists()


def test_each_bad_row_reports_its_problem_in_plain_words(oujda_facility):
    result = FacilityResource().import_data(csv_dataset(bad_rows_csv(oujda_facility)), dry_run=True)

    # Numbered as the spreadsheet shows them: the headers are row 1.
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {3, 4, 5}
    assert errors[3]["region"] == ["Unknown region code “99”."]
    assert errors[4]["latitude"] == ["The latitude must be in Morocco (between 20.5 and 36.1)."]
    assert errors[5]["name"] == ["The facility's name is missing."]


def test_unknown_province_organisation_and_service_codes_are_named(ngo_a):
    text = HEADER + ",Centre X,shelter,Nobody,02,999,,,,10,5,health;spa,,,active,0\n"

    result = FacilityResource().import_data(csv_dataset(text), dry_run=True)

    errors = result.invalid_rows[0].error_dict
    assert errors["province"] == ["Unknown province or prefecture code “999”."]
    assert errors["managing_organisation"] == ["No organisation named “Nobody”."]
    assert errors["services"] == ["Unknown service code(s): “spa”."]


def test_province_outside_region_and_implausible_occupancy_are_rejected(ngo_a):
    # 151 is Chefchaouen, in Tanger-Tétouan-Al Hoceima, not in the Oriental (02).
    text = HEADER + ",Centre X,shelter,AAO,02,151,,,,10,90,,,,active,0\n"

    result = FacilityResource().import_data(csv_dataset(text), dry_run=True)

    errors = result.invalid_rows[0].error_dict
    assert errors["province"] == ["Chefchaouen is not in the region Oriental."]
    assert "not plausible" in errors["occupancy"][0]


# Import through the admin


def test_admin_import_shows_a_preview_and_writes_nothing_before_confirmation(admin_client, ngo_a):
    response = upload_to_admin(admin_client, VALID_CSV)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview" in page
    assert "Centre Al Wifaq" in page and "Espace Nador" in page
    assert "Confirm import" in page
    assert Facility.objects.count() == 0


def test_admin_confirmation_writes_the_previewed_rows(admin_client, ngo_a):
    preview = upload_to_admin(admin_client, VALID_CSV)
    confirm = preview.context["confirm_form"].initial

    response = admin_client.post(reverse("admin:facilities_facility_process_import"), confirm)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:facilities_facility_changelist")
    assert set(Facility.objects.values_list("name", flat=True)) == {
        "Centre Al Wifaq",
        "Espace Nador",
    }


def test_admin_import_of_bad_rows_shows_errors_per_row_and_offers_no_confirmation(
    admin_client, oujda_facility
):
    count = Facility.objects.count()

    response = upload_to_admin(admin_client, bad_rows_csv(oujda_facility))

    page = response.content.decode()
    assert "Some rows failed to validate" in page
    assert "Unknown region code “99”." in page
    assert "The latitude must be in Morocco (between 20.5 and 36.1)." in page
    assert "The facility&#x27;s name is missing." in page
    # Numbered as the spreadsheet shows them: the headers are row 1.
    assert [row.number for row in response.context["result"].invalid_rows] == [3, 4, 5]
    assert "confirm_form" not in response.context
    assert "Confirm import" not in page
    assert Facility.objects.count() == count
    oujda_facility.refresh_from_db()
    assert oujda_facility.capacity == 40


def test_confirming_a_file_that_became_invalid_writes_nothing(admin_client, ngo_a):
    preview = upload_to_admin(admin_client, VALID_CSV)
    # Between the preview and the confirmation, the organisation is renamed away.
    ngo_a.name, ngo_a.acronym = "Renamed", "RN"
    ngo_a.save()

    response = admin_client.post(
        reverse("admin:facilities_facility_process_import"),
        preview.context["confirm_form"].initial,
        follow=True,
    )

    assert Facility.objects.count() == 0
    assert "Nothing was imported" in response.content.decode()


# Export


@pytest.fixture
def dangerous_facilities(ngo_a):
    return [FacilityFactory(name=name, managing_organisation=ngo_a) for name in DANGEROUS_NAMES]


def test_xlsx_export_carries_hxl_tags_neutralised_text_and_numeric_coordinates(
    dangerous_facilities,
):
    content = XLSX().export_data(FacilityResource().export())

    header, tags, *rows = xlsx_rows(content)
    columns = dict(zip(header, tags, strict=True))
    assert columns["name"] == "#loc+name"
    assert columns["region"] == "#adm1+code"
    assert columns["region_name"] == "#adm1+name"
    assert columns["latitude"] == "#geo+lat"
    assert columns["longitude"] == "#geo+lon"
    assert columns["managing_organisation"] == "#org+name"
    assert columns["capacity"] == "#capacity"
    assert columns["management_mode"] == "#org+type"
    names = {row[header.index("name")] for row in rows}
    assert names == {"'" + name for name in DANGEROUS_NAMES}
    longitudes = {row[header.index("longitude")] for row in rows}
    assert longitudes == {-1.908}


def test_admin_xlsx_export_carries_hxl_tags_and_neutralised_names(
    admin_client, dangerous_facilities
):
    response = export_from_admin(admin_client, Facility, FacilityResource, XLSX)

    assert response.status_code == 200
    header, tags, *rows = xlsx_rows(response.content)
    assert tags[header.index("name")] == "#loc+name"
    assert tags[header.index("province")] == "#adm2+code"
    assert {row[header.index("name")] for row in rows} == {"'" + n for n in DANGEROUS_NAMES}
    assert {type(row[header.index("latitude")]) for row in rows} == {float}


def test_admin_csv_export_has_the_hxl_row_second(admin_client, facility_a):
    response = export_from_admin(admin_client, Facility, FacilityResource, CSV)

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code,name,kind")
    assert lines[1].startswith("#loc+code,#loc+name,#loc+type")
    assert "-1.908000" in lines[2]
    assert "'-1.908000" not in lines[2]


def test_exported_xlsx_imports_back_as_updates_without_duplicates(dangerous_facilities, facility_a):
    count = Facility.objects.count()
    content = XLSX().export_data(FacilityResource().export())

    result = FacilityResource().import_data(XLSX().create_dataset(content), dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["update"] == count and result.totals["new"] == 0
    assert Facility.objects.count() == count
    assert set(Facility.objects.values_list("name", flat=True)) == {
        *DANGEROUS_NAMES,
        "Centre Al Amal",
    }


def test_exported_xlsx_reimported_through_the_admin_is_previewed_as_updates(
    admin_client, facility_a
):
    exported = export_from_admin(admin_client, Facility, FacilityResource, XLSX).content

    response = upload_to_admin(admin_client, exported, "facilities.xlsx", XLSX)

    rows = response.context["result"].valid_rows()
    assert [row.import_type for row in rows] == ["update"]
    assert "confirm_form" in response.context


# Organisations and service categories


def test_organisation_import_reads_region_codes_with_or_without_leading_zero(db):
    text = "name,acronym,kind,regions\nAssociation Sud,AS,ngo,02;6\n"

    OrganisationResource().import_data(csv_dataset(text), dry_run=False)

    organisation = Organisation.objects.get(name="Association Sud")
    assert set(organisation.regions.values_list("code", flat=True)) == {"02", "06"}


def test_organisation_import_with_unknown_region_writes_nothing(db):
    text = "name,acronym,kind,regions\nAssociation Sud,AS,ngo,02;99\nAssociation Nord,AN,ngo,01\n"

    result = OrganisationResource().import_data(csv_dataset(text), dry_run=False)

    assert result.invalid_rows[0].error_dict["regions"] == ["Unknown region code(s): “99”."]
    assert not Organisation.objects.filter(name__startswith="Association ").exists()


def test_organisation_and_service_exports_neutralise_formula_cells(db):
    OrganisationFactory(name="=cmd|' /C calc'!A0", acronym="@X", kind="ngo").regions.set(
        Region.objects.filter(code="02")
    )
    ServiceCategory.objects.create(
        code="hotline", name_fr="-Ligne", name_ar="خط", name_en="+Hotline", order=99
    )

    organisations = OrganisationResource().export().dict
    services = ServiceCategoryResource().export().dict

    assert organisations[0]["name"] == "'=cmd|' /C calc'!A0"
    assert organisations[0]["acronym"] == "'@X"
    assert organisations[0]["regions"] == "02"
    hotline = next(row for row in services if row["code"] == "hotline")
    assert (hotline["name_fr"], hotline["name_en"], hotline["order"]) == (
        "'-Ligne",
        "'+Hotline",
        99,
    )


def test_service_category_import_updates_by_code(db):
    text = (
        "code,name_fr,name_ar,name_en,description_fr,order\nhealth,Santé publique,الصحة,Health,,1\n"
    )

    result = ServiceCategoryResource().import_data(csv_dataset(text), dry_run=False)

    assert result.totals["update"] == 1
    assert ServiceCategory.objects.get(code="health").name_fr == "Santé publique"


def test_admin_organisation_and_service_exports_are_neutralised(admin_client, db):
    OrganisationFactory(name="+212 association", acronym="P", kind="ngo")

    response = export_from_admin(admin_client, Organisation, OrganisationResource, CSV)

    assert "'+212 association" in response.content.decode()


# The spreadsheet helpers


@pytest.mark.parametrize(
    ("cell", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+212 600", "'+212 600"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Centre Al Amal", "Centre Al Amal"),
        (Decimal("-1.908"), Decimal("-1.908")),
        (None, None),
    ],
)
def test_neutralise_formula_prefixes_only_text_that_starts_a_formula(cell, exported):
    assert neutralise_formula(cell) == exported
    assert restore_formula(neutralise_formula(cell)) == cell


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["#loc+name", "", None, "#geo+lat"], True),
        (["#loc+name", "Centre"], False),
        (["", None], False),
    ],
)
def test_is_hxl_row_needs_every_filled_cell_to_be_a_hashtag(cells, expected):
    assert is_hxl_row(cells) is expected
