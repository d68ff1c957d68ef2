"""The needs of a CSV export, from their own file: Kobo's CSV holds the submissions only (its
repeat of needs is left out), so the needs come as a CSV file of their own (the XLSX's needs
sheet saved as CSV), selected with the submissions' file or sent with it in a ZIP archive.

The files are built as formpack builds them (kobo_variant_files.py). Pages are asked through the
real views, in English; a file that is not what it should be is refused, named, nothing stored.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, Need
from kobo import export_files
from tests.factories import FacilityFactory

from .kobo_files import need, submission
from .kobo_variant_files import XML, csv_zip, variant_csv_files, variant_export
from .test_export_variants import UUIDS, stored_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def second_facility(ngo_a):
    """A second facility run by partner_user's organisation."""
    return FacilityFactory(name="Foyer An Nour", managing_organisation=ngo_a)


def post_files(client, files: dict[str, bytes], framework=""):
    uploads = [
        SimpleUploadedFile(name, content, content_type="application/octet-stream")
        for name, content in files.items()
    ]
    return client.post(reverse("kobo:kobo_import"), {"file": uploads, "framework": framework})


def two_visits(framework, facility_a, second_facility):
    """Two visits, the first with two needs, the second with one."""
    visits = [
        submission(framework, facility_a, UUIDS[0]),
        submission(framework, second_facility, UUIDS[1]),
    ]
    needs = [
        need(0),
        need(0, need_dimension="protection", need_urgency="12_months", need_unit_cost="1 200,5"),
        need(1, need_dimension="accessibility", need_kind="renovation", need_quantity="1"),
    ]
    return visits, needs


def imported_needs():
    return sorted(
        (n.assessment.kobo_uuid[:1], n.dimension, n.kind, n.urgency, n.quantity, n.unit_cost)
        for n in Need.objects.select_related("assessment")
    )


EXPECTED_NEEDS = [
    ("1", "protection", "equipment", "12_months", Decimal("2"), Decimal("1200.50")),
    ("1", "safety", "equipment", "immediate", Decimal("2"), Decimal("450")),
    ("2", "accessibility", "renovation", "immediate", Decimal("1"), Decimal("450")),
]


def preview_then_import(client, response, variant_text: str):
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = client.get(response["Location"]).content.decode()
    assert variant_text in page, page
    assert 'data-testid="import-row-errors"' not in page
    done = client.post(response["Location"])
    assert done.status_code == 302, done.content.decode()[-3000:]


@pytest.mark.parametrize(
    "language,grouped,text",
    [
        ("fr", True, "labels (Français), CSV, with group names"),
        (XML, False, "XML values and headers, CSV, without group names"),
        ("ar", False, "labels (العربية), CSV, without group names"),
    ],
)
def test_the_needs_csv_selected_with_the_submissions_csv_is_imported(
    client, partner_user, framework, facility_a, second_facility, language, grouped, text
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(
        framework, [facility_a, second_facility], visits, needs, language, grouped
    )

    preview_then_import(client, post_files(client, files), text)

    assert Assessment.objects.count() == 2
    assert imported_needs() == EXPECTED_NEEDS


def test_the_files_may_come_in_any_order(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "en")

    preview_then_import(client, post_files(client, dict(reversed(files.items()))), "CSV")

    assert imported_needs() == EXPECTED_NEEDS


def test_a_zip_archive_of_the_csv_files_is_imported(
    client, partner_user, framework, facility_a, second_facility
):
    """As an archive program makes it: the two files, `,` and a byte order mark (saved again
    by a spreadsheet), a macOS copy and a text file beside them, left out."""
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(
        framework, [facility_a, second_facility], visits, needs, "fr", sep=",", bom=True
    )
    files["__MACOSX/._needs.csv"] = b"\x00\x05\x16\x07"
    files["LISEZMOI.txt"] = b"Export du 2 decembre"
    archive = csv_zip(files)

    preview_then_import(
        client,
        post_files(client, {"export.zip": archive}),
        "labels (Français), CSV files in a ZIP archive, without group names",
    )

    assert imported_needs() == EXPECTED_NEEDS


def test_the_preview_counts_each_visits_needs(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")

    response = post_files(client, files)
    page = client.get(response["Location"]).content.decode()

    # 2 × 450 + 2 × 1,200.50 for the first visit; 1 × 450 for the second.
    assert "2 · 3,301" in page
    assert "1 · 450" in page
    assert Need.objects.count() == 0


# Refused: named, nothing stored ----------------------------------------------------------------


def refusal(response) -> str:
    assert response.status_code == 400
    assert stored_nothing()
    return response.content.decode()


def test_a_csv_visit_with_needs_but_no_needs_file_is_refused(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")
    main = {name: content for name, content in files.items() if name != "needs.csv"}

    page = refusal(post_files(client, main))

    assert "Row 2: the submission found needs, but no file of needs came with it" in page
    assert "Row 3: the submission found needs" in page


def test_the_needs_file_alone_is_refused(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")

    page = refusal(post_files(client, {"needs.csv": files["needs.csv"]}))

    assert "No table of the file has a _uuid column" in page


def test_two_files_of_submissions_are_refused_naming_them(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")
    main = next(content for name, content in files.items() if name != "needs.csv")

    page = refusal(post_files(client, {"lundi.csv": main, "mardi.csv": main, **files}))

    assert "The files lundi, mardi" in page
    assert "all hold submissions" in page


def test_a_file_that_is_neither_submissions_nor_needs_is_refused_naming_it(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")
    files["budget.csv"] = b"Poste;Montant\r\nExtincteurs;900\r\n"

    page = refusal(post_files(client, files))

    assert "The file budget is neither Kobo&#x27;s submissions" in page


def test_an_xlsx_sent_with_a_csv_is_refused(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")
    workbook = variant_export(framework, [facility_a, second_facility], visits, needs, "fr")

    page = refusal(post_files(client, {"export.xlsx": workbook, "needs.csv": files["needs.csv"]}))

    assert "The file export is not a CSV file" in page


def test_a_needs_file_in_another_encoding_is_refused_naming_the_file(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    needs[0]["need_description"] = "طفايات حريق"
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "ar")
    files["needs.csv"] = files["needs.csv"].decode("utf-8").encode("cp1256")

    page = refusal(post_files(client, files))

    assert "needs: The CSV file is not in UTF-8 but, it seems, in Windows-1256 (Arabic)" in page


def test_a_need_whose_visit_is_not_in_the_file_is_refused(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")
    only_first = variant_csv_files(framework, [facility_a], visits[:1], needs[:2], "fr")
    main = next(content for name, content in only_first.items() if name != "needs.csv")

    page = refusal(post_files(client, {"visites.csv": main, "needs.csv": files["needs.csv"]}))

    assert "Row 4 of the sheet needs: its submission (_submission__uuid " in page


def test_a_zip_without_csv_is_refused(client, partner_user):
    client.force_login(partner_user)

    page = refusal(post_files(client, {"photos.zip": csv_zip({"photo.jpg": b"\xff\xd8\xff"})}))

    assert "The ZIP archive holds no CSV file" in page


def test_a_zip_that_unzips_too_large_is_refused_before_it_is_read(
    client, partner_user, framework, facility_a, second_facility, monkeypatch
):
    """The limit is 40 MB unzipped; set low here, the archive stays small."""
    assert export_files.MAX_CSV_BYTES == 40 * 1024 * 1024
    monkeypatch.setattr(export_files, "MAX_CSV_BYTES", 2000)
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")
    files["needs.csv"] += b'"x";"y"\r\n' * 400

    page = refusal(post_files(client, {"export.zip": csv_zip(files)}))

    assert "The file is too large once unzipped" in page


def test_more_files_than_the_limit_are_refused(client, partner_user):
    client.force_login(partner_user)
    files = {f"part{n}.csv": b'"_uuid"\r\n"x"\r\n' for n in range(11)}

    page = refusal(post_files(client, files))

    assert "You sent 11 files; send at most 10 CSV files at a time." in page


def test_no_file_at_all_is_refused(client, partner_user):
    client.force_login(partner_user)

    response = client.post(reverse("kobo:kobo_import"), {"framework": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


# In Arabic: Kobo's column names and the French observations keep their direction -----------------


def test_an_arabic_refusal_isolates_kobo_column_names(client, partner_user):
    """`_uuid` in right-to-left text would print as `uuid_`: it is isolated left to right."""
    client.force_login(partner_user)
    files = {"a.csv": b'"_uuid";"_id"\r\n"x";"1"\r\n', "budget.csv": b"a;b\r\n1;2\r\n"}
    with translation.override("ar"):
        response = client.post(
            reverse("kobo:kobo_import"),
            {"file": [SimpleUploadedFile(n, c) for n, c in files.items()], "framework": ""},
        )

    page = refusal(response)
    assert "(لا يحتوي على عمود \u2066_uuid\u2069)" in page
    assert "\u2066_parent_index\u2069" in page


def test_each_part_of_the_summary_keeps_its_own_direction(
    client, partner_user, framework, facility_a, second_facility
):
    client.force_login(partner_user)
    visits, needs = two_visits(framework, facility_a, second_facility)
    files = variant_csv_files(framework, [facility_a, second_facility], visits, needs, "fr")
    response = post_files(client, files)

    with translation.override("ar"):
        page = client.get(response["Location"].replace("/en/", "/ar/")).content.decode()

    assert 'data-testid="import-row-summary"><bdi>Visite du matin.</bdi></p>' in page
    assert 'data-testid="import-row-summary"><bdi>المقيّم: Salma Idrissi</bdi></p>' in page
