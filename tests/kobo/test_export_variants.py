"""Every export Kobo gives of a Manara form imported: XLSX and CSV, XML names or the labels of
each of the form's languages, with or without the groups in the headers; the file that cannot be
mapped refused, naming what it cannot read, and nothing stored.

The files are built as KoboToolbox's formpack builds them (its output reproduced column for
column, see kobo_variant_files.py: formpack is not on the package index). Pages are asked through
the real views, in English.
"""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from assessments.models import Answer, Assessment, Framework, Need
from kobo.models import KoboImport
from kobo.xlsform import build_xlsform
from tests.factories import CriterionFactory

from .kobo_files import edited, need, submission
from .kobo_variant_files import XML, variant_export

pytestmark = pytest.mark.django_db

UUIDS = [f"{n}b2d4c6e-1a3f-4e5d-9c8b-7a6f5e4d3c2{n}" for n in range(1, 6)]
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def post_file(client, content: bytes, name: str, framework=""):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("kobo:kobo_import"), {"file": upload, "framework": framework})


def stored_nothing() -> bool:
    return not (
        Assessment.objects.exists()
        or Answer.objects.exists()
        or Need.objects.exists()
        or KoboImport.objects.exists()
    )


def upload_and_import(client, content: bytes, name: str, variant_text: str):
    """Upload `content`, check the preview names its variant and has no error, import it."""
    uploaded = post_file(client, content, name)
    assert uploaded.status_code == 302, uploaded.content.decode()[-3000:]
    preview = client.get(uploaded["Location"])
    page = preview.content.decode()
    assert variant_text in page
    assert 'data-testid="import-row-errors"' not in page
    done = client.post(uploaded["Location"])
    assert done.status_code == 302, done.content.decode()[-3000:]


def variant_text(language: str, file_format: str, grouped: bool) -> str:
    headers = (
        "XML values and headers" if language == XML else f"labels ({LANGUAGE_NAMES[language]})"
    )
    groups = "with group names" if grouped else "without group names"
    return f"{headers}, {file_format.upper()}, {groups}"


@pytest.mark.parametrize("grouped", [False, True], ids=["flat", "grouped"])
@pytest.mark.parametrize("language", [XML, "fr", "ar", "en"])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_every_export_variant_is_imported(
    client, partner_user, framework, facility_a, file_format, language, grouped
):
    """One visit with a score 0, a not applicable and a comment; in the XLSX its two needs
    (Kobo's CSV holds no repeat, so a CSV visit found none)."""
    client.force_login(partner_user)
    visit = submission(
        framework,
        facility_a,
        UUIDS[0],
        c_SAF_1="0",
        c_ACC_1="na",
        c_SAF_1_comment='Pas d\'extincteur; "urgent"',
        summary="Visite, du matin.",
    )
    needs = []
    if file_format == "xlsx":
        needs = [need(0), need(0, need_dimension="protection", need_urgency="12_months")]
    content = variant_export(
        framework, [facility_a], [visit], needs, language, grouped, file_format
    )

    upload_and_import(
        client, content, f"export.{file_format}", variant_text(language, file_format, grouped)
    )

    draft = Assessment.objects.get(kobo_uuid=UUIDS[0])
    assert draft.facility == facility_a and draft.framework == framework
    answers = {a.criterion.code: a for a in draft.answers.select_related("criterion")}
    assert len(answers) == framework.criteria.count()
    assert answers["SAF-1"].score == 0
    assert answers["SAF-1"].comment == 'Pas d\'extincteur; "urgent"'
    assert answers["ACC-1"].not_applicable and answers["ACC-1"].score is None
    assert answers["PRO-1"].score == 2
    assert "Visite, du matin." in draft.summary
    got = sorted((n.dimension, n.kind, n.urgency, n.unit_cost) for n in draft.needs.all())
    expected = [
        ("protection", "equipment", "12_months", Decimal("450")),
        ("safety", "equipment", "immediate", Decimal("450")),
    ]
    assert got == (expected if file_format == "xlsx" else [])


@pytest.mark.parametrize("sep,bom", [(",", True), (";", True), (",", False)])
def test_a_csv_saved_again_by_a_spreadsheet_is_read(
    client, partner_user, framework, facility_a, sep, bom
):
    """`,` instead of `;`, a byte order mark in front: as Excel or LibreOffice save it."""
    client.force_login(partner_user)
    content = variant_export(
        framework,
        [facility_a],
        [submission(framework, facility_a, UUIDS[1], summary="Un, deux; trois")],
        language="fr",
        file_format="csv",
        sep=sep,
        bom=bom,
    )

    upload_and_import(client, content, "données.csv", "labels (Français), CSV")

    draft = Assessment.objects.get(kobo_uuid=UUIDS[1])
    assert "Un, deux; trois" in draft.summary
    assert draft.answers.count() == framework.criteria.count()


def test_a_csv_with_an_hxl_row_is_read(client, partner_user, framework, facility_a):
    """formpack writes a row of HXL hashtags under the headers when the form's fields have
    some (`tag_cols_for_header`); the row is not a submission."""
    client.force_login(partner_user)
    content = variant_export(
        framework,
        [facility_a],
        [submission(framework, facility_a, UUIDS[1])],
        language="en",
        grouped=True,
        file_format="csv",
    )
    header, rest = content.decode().split("\r\n", 1)
    tags = ";".join('"#loc+code"' if i == 0 else '""' for i in range(header.count(";") + 1))
    content = f"{header}\r\n{tags}\r\n{rest}".encode()

    upload_and_import(client, content, "hxl.csv", "labels (English), CSV, with group names")

    assert Assessment.objects.filter(kobo_uuid=UUIDS[1]).count() == 1


def test_an_edited_submission_in_a_labels_csv_updates_its_draft(
    client, partner_user, framework, facility_a
):
    client.force_login(partner_user)
    first = submission(framework, facility_a, UUIDS[2])
    upload_and_import(
        client,
        variant_export(framework, [facility_a], [first], language="ar", file_format="csv"),
        "v1.csv",
        "labels (العربية), CSV",
    )
    draft = Assessment.objects.get(kobo_uuid=UUIDS[2])

    again = edited(first, UUIDS[2], UUIDS[3], c_SAF_1="3", c_SAF_2="na")
    upload_and_import(
        client,
        variant_export(framework, [facility_a], [again], language="ar", file_format="csv"),
        "v2.csv",
        "labels (العربية), CSV",
    )

    assert Assessment.objects.count() == 1
    draft.refresh_from_db()
    assert draft.kobo_version_uuid == UUIDS[3]
    answers = {a.criterion.code: a for a in draft.answers.select_related("criterion")}
    assert answers["SAF-1"].score == 3
    assert answers["SAF-2"].not_applicable


def test_a_csv_visit_that_found_needs_is_refused(client, partner_user, framework, facility_a):
    """Kobo's CSV leaves the repeat out: importing the visit would lose its needs."""
    client.force_login(partner_user)
    content = variant_export(
        framework,
        [facility_a],
        [submission(framework, facility_a, UUIDS[0])],
        [need(0)],
        language="en",
        file_format="csv",
    )

    response = post_file(client, content, "export.csv")

    assert response.status_code == 400
    assert (
        "Row 2: the submission found needs, but no file of needs came with it (Kobo&#x27;s CSV "
        "export leaves the needs out)" in response.content.decode()
    )
    assert stored_nothing()


# Files that cannot be mapped: refused, the columns named, nothing stored ------------------------


def facility_label(framework, facility) -> str:
    survey = build_xlsform(framework, [facility])["survey"]
    rows = list(survey.iter_rows(values_only=True))
    header = rows[0]
    row = next(row for row in rows if row[header.index("name")] == "facility")
    return row[header.index("label::Français (fr)")]


def test_the_labels_of_another_form_are_refused_naming_its_columns(
    client, partner_user, framework, facility_a
):
    client.force_login(partner_user)
    label = facility_label(framework, facility_a)
    content = (
        f'"{label}";"Nom du chef de ménage";"Taille du ménage";"_uuid"\r\n'
        f'"{facility_a.code} — {facility_a.name}";"Amina";"5";"{UUIDS[0]}"\r\n'
    ).encode()

    response = post_file(client, content, "menages.csv")

    page = response.content.decode()
    assert response.status_code == 400
    assert "These columns are not fields of the form of" in page
    assert "“Nom du chef de ménage”, “Taille du ménage”" in page
    assert stored_nothing()


def test_the_labels_of_another_framework_version_are_refused_naming_its_columns(
    client, partner_user, framework, facility_a
):
    """Exported from version 1.0's form after 2.0 replaced it, whose SAF-2 question changed."""
    client.force_login(partner_user)
    content = variant_export(
        framework,
        [facility_a],
        [submission(framework, facility_a, UUIDS[0])],
        language="fr",
        file_format="csv",
    )
    newer = framework.new_version("2.0")
    newer.criteria.filter(code="SAF-2").update(question_fr="Les sorties sont-elles dégagées ?")
    CriterionFactory(framework=newer, code="SAF-9", question_fr="Une alarme incendie ?")
    framework.retire()
    newer.publish()
    old_question = framework.criteria.get(code="SAF-2").question_fr

    response = post_file(client, content, "ancienne.csv")

    page = response.content.decode()
    assert response.status_code == 400
    assert f"not fields of the form of {Framework.objects.get(pk=newer.pk)}" in page
    assert f"SAF-2 — {old_question}" in page
    assert stored_nothing()


@pytest.mark.parametrize(
    "encoding,expected",
    [("latin-1", "Latin-1 / Windows-1252 (Western European)"), ("cp1256", "Windows-1256 (Arabic)")],
)
def test_a_csv_in_another_encoding_is_refused_naming_it(
    client, partner_user, framework, facility_a, encoding, expected
):
    client.force_login(partner_user)
    language = "ar" if encoding == "cp1256" else "fr"
    content = variant_export(
        framework,
        [facility_a],
        [submission(framework, facility_a, UUIDS[0], summary="Visité à l'aube")],
        language=language,
        file_format="csv",
    )
    text = content.decode("utf-8")
    if encoding == "latin-1":
        text = "".join(c if ord(c) < 256 else "-" for c in text)
    else:
        text = "".join(c if c.encode("cp1256", "ignore") else "-" for c in text)

    response = post_file(client, text.encode(encoding), "export.csv")

    page = response.content.decode()
    assert response.status_code == 400
    assert f"The CSV file is not in UTF-8 but, it seems, in {expected}." in page
    assert stored_nothing()


def test_an_unmappable_column_in_a_labels_xlsx_is_named(
    client, partner_user, framework, facility_a
):
    """One column a person added to a French-labels export (Kobo never writes it)."""
    client.force_login(partner_user)
    content = variant_export(
        framework,
        [facility_a],
        [submission(framework, facility_a, UUIDS[0])],
        language="fr",
        file_format="csv",
    )
    lines = content.decode().split("\r\n")
    lines[0] = lines[0].replace('"_id"', '"Remarque du bureau";"_id"')
    lines[1] = lines[1].replace(';"41', ';"à revoir";"41', 1)
    response = post_file(client, "\r\n".join(lines).encode(), "export.csv")

    page = response.content.decode()
    assert response.status_code == 400
    assert "(labels in Français): “Remarque du bureau”" in page
    assert stored_nothing()


def test_the_arabic_preview_reads_right_to_left(client, partner_user, framework, facility_a):
    """The variant with the Arabic comma; the importer's name and the date each isolated, so
    that "partner_a · 03/12/2026 16:50" does not come out as "16:50 2026/12/partner_a · 03"."""
    client.force_login(partner_user)
    visit = submission(framework, facility_a, UUIDS[0], c_SAF_1="0")
    content = variant_export(framework, [facility_a], [visit], [], "fr", False, "csv")
    with translation.override("ar"):
        uploaded = post_file(client, content, "export.csv")
        page = client.get(uploaded["Location"]).content.decode()

    assert "التسميات (Français)، CSV، دون أسماء المجموعات" in page
    assert re.search(
        # (Arabic dates carry right-to-left marks after the day and the month.)
        r'data-testid="import-by"><bdi>partner_a</bdi> · '
        r"<bdi>\d\d\u200f?/\d\d\u200f?/\d{4} \d\d:\d\d</bdi>",
        page,
    )
