"""The back office's spreadsheet imports read files as carefully as the Kobo import.

Through the real admin import views, as an administrator: a ZIP bomb is refused before it is
parsed, columns are named, rows are numbered as the spreadsheet shows them, no Python exception
name reaches the page, French Excel's CSV is read, another encoding is named, and a file over
the row limit is refused before any row is checked (`common.import_formats`).
"""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from import_export.formats.base_formats import CSV, XLSX

from accounts.models import Organisation
from common.import_formats import MAX_IMPORT_ROWS
from common.spreadsheet_files import MAX_UNZIPPED_BYTES
from facilities.models import Facility
from tests.admin_imports import upload

pytestmark = pytest.mark.django_db

FACILITY_HEADER = ["name", "kind", "managing_organisation", "region", "province"]
EXCEPTION_NAMES = ("BadZipFile", "InvalidDimensions", "UnicodeDecodeError", "KeyError", "Error '")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client, admin_user):
    admin_user.preferred_language = "en"
    admin_user.save()
    client.force_login(admin_user)
    return client


def file_errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("import_file", [])]


def assert_no_exception_name(response):
    page = response.content.decode()
    assert not [name for name in EXCEPTION_NAMES if name in page]
    assert "Traceback" not in page


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def facility_row(name: str, region="02") -> list[str]:
    return [name, "shelter", "AAO", region, "411"]


def test_zip_bomb_xlsx_is_refused_before_it_is_parsed(admin_client, ngo_a):
    # A real workbook with a member of zeros: 1.4 MB uploaded, over 300 MB once unzipped.
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx([FACILITY_HEADER]))) as workbook,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for member in workbook.infolist():
            archive.writestr(member, workbook.read(member.filename))
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as padding:
            for _megabyte in range(MAX_UNZIPPED_BYTES // 2**20 + 10):
                padding.write(bytes(2**20))
    assert len(bomb.getvalue()) < 2 * 2**20

    response = upload(admin_client, Facility, bomb.getvalue(), XLSX, "bomb.xlsx")

    assert response.status_code == 200
    assert file_errors(response) == [
        "The workbook is too large once unzipped (over 300 MB); split it into several files."
    ]
    assert "result" not in response.context


def test_unknown_and_missing_columns_are_named_before_any_row(admin_client, ngo_a):
    header = ["nmae", "kind", "managing_organisation", "region", "province", "colour"]
    content = xlsx([header, facility_row("Centre Al Wifaq"), facility_row("", region="99")])

    response = upload(admin_client, Facility, content, XLSX, "facilities.xlsx")

    result = response.context["result"]
    assert [str(error.error) for error in result.base_errors][:3] == [
        "Unknown column: “colour”.",
        "Unknown column: “nmae”.",
        "Missing column: “name”.",
    ]
    assert "The columns this import reads: code, name," in str(result.base_errors[3].error)
    assert not result.invalid_rows and not result.rows
    assert "Missing column: “name”." in response.content.decode()
    assert_no_exception_name(response)


def test_organisation_file_without_its_name_column_says_so(admin_client):
    content = b"nmae,acronym\nAssociation Wafae,AW\n"

    response = upload(admin_client, Organisation, content, CSV, "organisations.csv")

    errors = [str(error.error) for error in response.context["result"].base_errors]
    assert errors[:2] == ["Unknown column: “nmae”.", "Missing column: “name”."]
    assert not Organisation.objects.filter(acronym="AW").exists()


def test_rows_are_numbered_as_the_spreadsheet_shows_them_under_an_hxl_row(admin_client, ngo_a):
    hxl = ["#loc+name", "#loc+type", "#org+name", "#adm1+code", "#adm2+code"]
    content = xlsx([FACILITY_HEADER, hxl, facility_row("Centre Al Wifaq"), facility_row("")])

    response = upload(admin_client, Facility, content, XLSX, "facilities.xlsx")

    # Headers in row 1, HXL hashtags in row 2: the nameless facility is in row 4.
    assert [row.number for row in response.context["result"].invalid_rows] == [4]


def test_corrupt_xlsx_gets_a_human_message_without_an_exception_name(admin_client, ngo_a):
    whole = xlsx([FACILITY_HEADER, facility_row("Centre Al Wifaq")])

    response = upload(admin_client, Facility, whole[: len(whole) // 2], XLSX, "broken.xlsx")

    assert file_errors(response) == [
        "This file is not an XLSX workbook Manara can read. Open it in your spreadsheet "
        "program and save it again as XLSX (or as “CSV UTF-8” and choose CSV)."
    ]
    assert_no_exception_name(response)


def test_csv_with_rows_of_different_lengths_is_read(admin_client, ngo_a):
    # tablib refuses such a file with InvalidDimensions; spreadsheets write it freely.
    content = ",".join(FACILITY_HEADER) + "\nCentre Al Wifaq,shelter,AAO,02\n"

    response = upload(admin_client, Facility, content.encode(), CSV, "facilities.csv")

    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert_no_exception_name(response)


def test_csv_saved_by_french_excel_is_imported(admin_client, ngo_a):
    # "CSV UTF-8" from French Excel: a byte order mark, `;` between cells, CRLF line ends.
    lines = [";".join(FACILITY_HEADER), "Centre d'écoute Aïcha;shelter;AAO;02;411"]
    content = b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"

    preview = upload(admin_client, Facility, content, CSV, "facilities.csv")
    response = admin_client.post(
        reverse("admin:facilities_facility_process_import"),
        preview.context["confirm_form"].initial,
    )

    assert response.status_code == 302
    assert Facility.objects.get(name="Centre d'écoute Aïcha").region.code == "02"


def test_western_windows_csv_is_refused_naming_its_encoding(admin_client, ngo_a):
    content = (",".join(FACILITY_HEADER) + "\nCentre d'écoute,shelter,AAO,02,411\n").encode(
        "cp1252"
    )

    response = upload(admin_client, Facility, content, CSV, "facilities.csv")

    assert file_errors(response) == [
        "The CSV file is not in UTF-8 but, it seems, in Latin-1 / Windows-1252 (Western "
        "European). Save it again as “CSV UTF-8”."
    ]
    assert_no_exception_name(response)


def test_csv_of_50000_rows_is_refused_before_any_row_is_checked(admin_client, ngo_a):
    row = "Centre,shelter,AAO,02,411\n"
    content = (",".join(FACILITY_HEADER) + "\n" + row * 50_000).encode()

    response = upload(admin_client, Facility, content, CSV, "facilities.csv")

    assert MAX_IMPORT_ROWS == 20_000
    assert file_errors(response) == [
        "The file has 50,000 rows; an import takes at most 20,000 rows at a time. Split the "
        "file and import each part."
    ]
    # No dataset was made and no row validated: the preview has no result at all.
    assert "result" not in response.context


def test_xlsx_over_the_row_limit_is_refused_by_its_declared_size(admin_client):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["name", "acronym"])
    for number in range(MAX_IMPORT_ROWS + 5):
        sheet.append([f"Association {number}"])
    content = io.BytesIO()
    workbook.save(content)

    response = upload(admin_client, Organisation, content.getvalue(), XLSX, "big.xlsx")

    assert file_errors(response) == [
        "The file has 20,005 rows; an import takes at most 20,000 rows at a time. Split the "
        "file and import each part."
    ]
    assert "result" not in response.context


def test_new_row_of_a_file_updating_some_columns_names_the_column_it_lacks(
    admin_client, facility_a
):
    # A file of codes and capacities updates those columns; a code that is new is a new
    # facility, which needs a name, a region...
    content = f"code,capacity\n{facility_a.code},12\nF02-99999,30\n".encode()

    response = upload(admin_client, Facility, content, CSV, "facilities.csv")

    [row] = response.context["result"].invalid_rows
    assert row.number == 3
    assert row.error_dict["name"] == ["The file has no “name” column, which a new record needs."]
