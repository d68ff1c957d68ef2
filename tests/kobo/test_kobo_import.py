"""Kobo submissions in: Kobo's XLSX export read, previewed and imported as draft assessments.

Files are built like Kobo's export of the framework's XLSForm (kobo_files.py); every page is
asked through the real views, in English (the source language of the messages).
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from accounts.models import User
from assessments.models import Answer, Assessment, Need
from kobo import importing as kobo_import
from kobo import submissions as kobo
from kobo.importing import KoboImportError, check, import_submissions
from kobo.models import KoboImport
from kobo.submissions import Submission
from kobo.xlsform import build_xlsform
from kobo.xlsx import KoboFileError, cell_text, read_export
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    FacilityFactory,
    FrameworkFactory,
    UserFactory,
)

from .kobo_files import (
    days_ago,
    form_fields,
    kobo_export,
    need,
    need_fields,
    submission,
    upload,
)

pytestmark = pytest.mark.django_db

UUIDS = [f"{n}f1c2a7e-93b4-4c1d-8e2f-6a0b3c9d1e0{n}" for n in range(1, 10)]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture(autouse=True)
def english():
    """Pages and messages in English, the language the messages are written in."""
    with translation.override("en"):
        yield


@pytest.fixture
def nour(ngo_a):
    """A second facility run by NGO A, a shelter."""
    return FacilityFactory(name="Foyer Nour", managing_organisation=ngo_a, kind="shelter")


@pytest.fixture
def three_submissions(framework, facility_a, nour) -> bytes:
    """The issue's file: three submissions of two facilities, needs for two of them."""
    return kobo_export(
        framework,
        [
            submission(
                framework,
                facility_a,
                UUIDS[0],
                c_ACC_1="na",
                c_SAF_1="0",
                c_SAF_1_comment="Pas d'extincteur au rez-de-chaussée.",
                summary="Centre propre, équipe accueillante.",
            ),
            submission(framework, nour, UUIDS[1], c_PRO_2="3", assessed_on=days_ago(30)),
            submission(
                framework,
                facility_a,
                UUIDS[2],
                c_SER_1="1",
                c_SER_1_comment="Infirmière absente le samedi.",
                assessed_on=days_ago(1),
            ),
        ],
        needs=[
            need(0),
            need(
                0,
                need_dimension="accessibility",
                need_kind="renovation",
                need_description="Rampe d'accès à l'entrée",
                need_quantity="1",
                need_unit="forfait",
                need_unit_cost="12500,50",
                need_urgency="3_months",
            ),
            need(
                1,
                need_dimension="protection",
                need_kind="training",
                need_description="Formation PSEA de l'équipe",
                need_quantity="1",
                need_unit_cost="3000",
                need_urgency="12_months",
            ),
        ],
    )


def import_url() -> str:
    return reverse("kobo:kobo_import")


def preview_url(kobo_import_or_pk) -> str:
    return reverse("kobo:kobo_preview", args=[getattr(kobo_import_or_pk, "pk", kobo_import_or_pk)])


def post_file(client, content: bytes, name: str = "manara_export.xlsx", framework=""):
    return client.post(import_url(), {"file": upload(content, name), "framework": framework})


def stored_nothing() -> bool:
    return not (Assessment.objects.exists() or Answer.objects.exists() or Need.objects.exists())


@pytest.fixture
def imported(client, partner_user, three_submissions):
    """The three submissions uploaded and imported by partner_user; the last response."""
    client.force_login(partner_user)
    uploaded = post_file(client, three_submissions)
    assert uploaded.status_code == 302, uploaded.text
    return client.post(uploaded["Location"], follow=True)


# The flow of the issue -----------------------------------------------------------------------


def test_the_preview_shows_three_new_submissions_and_the_import_button(
    client, partner_user, three_submissions
):
    client.force_login(partner_user)

    uploaded = post_file(client, three_submissions)
    page = client.get(uploaded["Location"])

    kobo_import = KoboImport.objects.get()
    assert uploaded["Location"] == preview_url(kobo_import)
    assert kobo_import.status == KoboImport.Status.READY
    assert kobo_import.source == KoboImport.Source.FILE
    assert kobo_import.filename == "manara_export.xlsx"
    assert len(kobo_import.submissions) == 3
    assert page.status_code == 200
    assert "Import 3 draft assessments" in page.text
    assert "Centre Al Amal" in page.text and "Foyer Nour" in page.text
    assert "2 · 13,400 MAD" in page.text
    assert stored_nothing()


def test_three_submissions_import_as_three_draft_assessments_with_answers_and_needs(
    imported, partner_user, ngo_a, framework, facility_a, nour
):
    assert imported.redirect_chain[-1][0] == reverse("assessments:list")
    assert "3 draft assessments created; 0 already imported." in imported.text
    assessments = {a.kobo_uuid: a for a in Assessment.objects.all()}
    assert set(assessments) == set(UUIDS[:3])
    for assessment in assessments.values():
        assert assessment.status == Assessment.Status.DRAFT
        assert assessment.framework == framework
        assert assessment.assessor_organisation == ngo_a
        assert assessment.created_by == partner_user
        assert assessment.answers.count() == 8
    first = assessments[UUIDS[0]]
    assert first.facility == facility_a
    assert first.assessed_on == datetime.date.fromisoformat(days_ago(3))
    assert first.summary.startswith("Centre propre, équipe accueillante.")
    assert "Assessor: Salma Idrissi" in first.summary
    accessibility = first.answers.get(criterion__code="ACC-1")
    assert accessibility.not_applicable and accessibility.score is None
    safety = first.answers.get(criterion__code="SAF-1")
    assert safety.score == 0 and safety.comment == "Pas d'extincteur au rez-de-chaussée."
    assert sorted(first.needs.values_list("total_cost", flat=True)) == [
        Decimal("900.00"),
        Decimal("12500.50"),
    ]
    ramp = first.needs.get(kind="renovation")
    assert (ramp.facility, ramp.dimension, ramp.urgency, ramp.unit) == (
        facility_a,
        "accessibility",
        "3_months",
        "forfait",
    )
    second = assessments[UUIDS[1]]
    assert second.facility == nour
    assert second.needs.get().description == "Formation PSEA de l'équipe"
    assert not assessments[UUIDS[2]].needs.exists()
    kobo_import_ = KoboImport.objects.get()
    assert kobo_import_.status == KoboImport.Status.IMPORTED
    assert kobo_import_.created_count == 3 and kobo_import_.imported_at is not None
    assert kobo_import_.submissions == []
    assert kobo_import_.framework == framework


def test_importing_the_same_file_again_creates_nothing(client, imported, three_submissions):
    uploaded = post_file(client, three_submissions)
    page = client.get(uploaded["Location"])
    confirmed = client.post(uploaded["Location"])

    assert "Every submission was imported before" in page.text
    assert 'data-testid="import-button"' not in page.text
    assert page.context["preview"].imported_count == 3
    assert confirmed.status_code == 400
    assert Assessment.objects.count() == 3
    assert Answer.objects.count() == 24
    assert Need.objects.count() == 3


def test_an_imported_assessment_validated_by_iom_enters_the_prioritisation_list(
    client, imported, iom_user, nour
):
    assessment = Assessment.objects.get(kobo_uuid=UUIDS[1])
    assessment.submit(iom_user)
    assessment.validate(iom_user)
    client.force_login(iom_user)

    response = client.get("/fr/prioritisation/")

    assert response.status_code == 200
    assert "Foyer Nour" in response.text
    assessment.refresh_from_db()
    assert assessment.is_latest_validated


def test_the_import_page_lists_the_users_recent_imports(client, imported):
    response = client.get(import_url())

    assert response.status_code == 200
    assert 'data-testid="recent-imports"' in response.text
    assert preview_url(KoboImport.objects.get()) in response.text


def test_an_imported_import_shows_what_it_created(client, imported):
    response = client.get(preview_url(KoboImport.objects.get()))

    assert "3 draft assessments were created" in response.text
    assert reverse("assessments:list") in response.text


# Errors: shown per submission, nothing imported ------------------------------------------------


def _error_file(framework, facility_a, published_facility_b, case: str) -> bytes:
    good = submission(framework, facility_a, UUIDS[0])
    rows = {
        "unknown facility": [
            good,
            {**submission(framework, facility_a, UUIDS[1]), "facility": "F99-404"},
        ],
        "facility outside scope": [good, submission(framework, published_facility_b, UUIDS[1])],
        "framework version": [
            good,
            submission(framework, facility_a, UUIDS[1], framework_version="9.9"),
        ],
        "score of 4": [good, submission(framework, facility_a, UUIDS[1], c_SAF_2="4")],
        "duplicate uuid": [good, submission(framework, facility_a, UUIDS[0])],
        "future date": [
            good,
            submission(framework, facility_a, UUIDS[1], assessed_on=days_ago(-2)),
        ],
        "need without urgency": [good, submission(framework, facility_a, UUIDS[1])],
    }[case]
    needs = [need(1, need_urgency="")] if case == "need without urgency" else []
    return kobo_export(framework, rows, needs)


ERRORS = {
    "unknown facility": "Unknown facility code: F99-404.",
    "facility outside scope": "is not one you may assess.",
    "framework version": "version 9.9, not manara_test_framework",
    "score of 4": "SAF-2: the score “4” is not on the scale (0, 1, 2, 3 or na).",
    "duplicate uuid": "appears more than once in the file (rows 2, 3).",
    "future date": "is in the future.",
    "need without urgency": "Need on row 2 of the needs sheet: the urgency is missing.",
}


@pytest.mark.parametrize("case", ERRORS)
def test_a_submission_in_error_is_shown_and_nothing_is_imported(
    client, partner_user, framework, facility_a, published_facility_b, case
):
    client.force_login(partner_user)
    uploaded = post_file(client, _error_file(framework, facility_a, published_facility_b, case))

    page = client.get(uploaded["Location"])
    confirmed = client.post(uploaded["Location"])

    assert page.status_code == 200
    assert ERRORS[case] in page.content.decode()
    assert 'data-testid="import-button"' not in page.text
    assert page.context["preview"].error_count >= 1
    assert confirmed.status_code == 400
    assert "nothing was imported" in confirmed.text
    assert stored_nothing()
    assert KoboImport.objects.get().status == KoboImport.Status.READY


def test_a_facility_outside_the_scope_is_not_described(
    client, partner_user, framework, facility_a, published_facility_b
):
    client.force_login(partner_user)
    uploaded = post_file(
        client, _error_file(framework, facility_a, published_facility_b, "facility outside scope")
    )

    page = client.get(uploaded["Location"])

    assert f"The facility {published_facility_b.code} is not one you may assess." in page.text
    assert "Espace Souss" not in page.text


def test_iom_staff_may_import_any_facility(client, iom_user, framework, published_facility_b):
    client.force_login(iom_user)
    uploaded = post_file(
        client, kobo_export(framework, [submission(framework, published_facility_b, UUIDS[0])])
    )

    client.post(uploaded["Location"])

    assessment = Assessment.objects.get()
    assert assessment.facility == published_facility_b
    assert assessment.assessor_organisation == iom_user.organisation


def test_a_framework_chosen_in_the_form_must_be_the_one_answered(
    client, partner_user, framework, facility_a
):
    other = FrameworkFactory(name="Cadre national", version="2.0")
    CriterionFactory(framework=other, code="ACC-9", dimension="accessibility")
    other.publish()
    client.force_login(partner_user)

    uploaded = post_file(
        client,
        kobo_export(framework, [submission(framework, facility_a, UUIDS[0])]),
        framework=other.pk,
    )
    page = client.get(uploaded["Location"])

    assert (
        f"Answered with framework {kobo.form_id(framework)} version 1.0, "
        "not manara_cadre_national v2.0." in page.text
    )
    assert stored_nothing()


def test_without_a_chosen_framework_the_one_answered_is_found(
    client, partner_user, framework, facility_a
):
    client.force_login(partner_user)
    uploaded = post_file(
        client, kobo_export(framework, [submission(framework, facility_a, UUIDS[0])])
    )

    page = client.get(uploaded["Location"])

    assert page.context["preview"].framework == framework
    assert f"{framework} (found in the file)" in page.text


def test_a_retired_framework_is_not_imported(client, partner_user, framework, facility_a):
    content = kobo_export(framework, [submission(framework, facility_a, UUIDS[0])])
    framework.retire()
    client.force_login(partner_user)

    page = client.get(post_file(client, content)["Location"])

    assert "which is not a published framework" in page.text
    assert stored_nothing()


def test_script_in_a_comment_is_stored_as_text_and_shown_escaped(
    client, partner_user, framework, facility_a
):
    script = "<script>alert('kobo')</script>"
    content = kobo_export(
        framework,
        [
            submission(framework, facility_a, UUIDS[0], c_ACC_2_comment=script, summary=script),
            {**submission(framework, facility_a, UUIDS[1]), "facility": script},
        ],
    )
    client.force_login(partner_user)
    uploaded = post_file(client, content)

    page = client.get(uploaded["Location"])

    assert script not in page.text
    assert "&lt;script&gt;alert(&#x27;kobo&#x27;)&lt;/script&gt;" in page.text
    assert stored_nothing()
    submissions = [Submission.from_dict(data) for data in KoboImport.objects.get().submissions]
    kept = next(s for s in submissions if s.uuid == UUIDS[0])
    assert kept.values["c_ACC_2_comment"] == script


def test_script_in_a_comment_is_imported_as_plain_text(client, partner_user, framework, facility_a):
    script = "<script>alert('kobo')</script>"
    content = kobo_export(
        framework, [submission(framework, facility_a, UUIDS[0], c_ACC_2_comment=script)]
    )
    client.force_login(partner_user)

    client.post(post_file(client, content)["Location"])
    detail = client.get(reverse("assessments:detail", args=[Assessment.objects.get().pk]))

    assert Answer.objects.get(criterion__code="ACC-2").comment == script
    assert script not in detail.text


# File errors: the form again, nothing stored ---------------------------------------------------


def _workbook_bytes(*sheets: tuple[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FILE_ERRORS = {
    "png named xlsx": (
        lambda fw, f: PNG,
        "photo.xlsx",
        "The file is neither an XLSX workbook nor a CSV file.",
    ),
    "csv in latin-1": (
        lambda fw, f: "_uuid;facility;summary\nabc;F02-00001;Visité\n".encode("latin-1"),
        "export.csv",
        "The CSV file is not in UTF-8 but, it seems, in Latin-1 / Windows-1252 (Western European).",
    ),
    "no _uuid column": (
        lambda fw, f: _workbook_bytes(("Feuil1", [["facility", "assessed_on"], ["F02", "2026"]])),
        "export.xlsx",
        "No table of the file has a _uuid column",
    ),
    "empty workbook": (
        lambda fw, f: _workbook_bytes(("Sheet", [])),
        "export.xlsx",
        "The workbook is empty.",
    ),
    "headers only": (
        lambda fw, f: kobo_export(fw, []),
        "export.xlsx",
        "The file has no submissions.",
    ),
    "labels export of another form": (
        lambda fw, f: _workbook_bytes(("Form", [["Household head", "_uuid"], ["Amina", "x"]])),
        "export.xlsx",
        "has neither a “facility” column nor the labels of a published framework",
    ),
    "needs row without parent": (
        lambda fw, f: kobo_export(
            fw,
            [submission(fw, f, UUIDS[0])],
            [need(0), need(None, _parent_index=7, _submission__uuid="4e0f-lost")],
        ),
        "export.xlsx",
        "Row 3 of the sheet needs: its submission (_submission__uuid 4e0f-lost) is not in "
        "the file.",
    ),
}


@pytest.mark.parametrize("case", FILE_ERRORS)
def test_a_file_that_cannot_be_read_gives_the_form_again_and_stores_nothing(
    client, partner_user, framework, facility_a, case
):
    build, name, message = FILE_ERRORS[case]
    client.force_login(partner_user)

    response = post_file(client, build(framework, facility_a), name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not KoboImport.objects.exists()
    assert stored_nothing()


def test_a_file_over_10_mb_is_refused(client, partner_user, framework):
    client.force_login(partner_user)
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (10 * 1024 * 1024))

    response = client.post(import_url(), {"file": big})

    assert response.status_code == 400
    assert "send one of at most 10.0" in response.text
    assert not KoboImport.objects.exists()


def test_read_export_refuses_a_file_over_10_mb_itself():
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(KoboFileError, match="at most 10.0"):
        read_export(big)


def test_the_upload_needs_a_file(client, partner_user):
    client.force_login(partner_user)

    response = client.post(import_url(), {"framework": ""})

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not KoboImport.objects.exists()


def _survey_fields(workbook) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(group, name, type) of the survey sheet's questions: outside and inside the repeat."""
    sheet = workbook["survey"]
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows)
    groups, fields, repeated = [], [], []
    for values in rows:
        row = dict(zip(headers, values, strict=False))
        type_, name = (row["type"] or "").split(" ")[0], row["name"] or ""
        if type_ in ("begin_group", "begin_repeat"):
            groups.append((type_, name))
        elif type_ in ("end_group", "end_repeat"):
            groups.pop()
        elif any(kind == "begin_repeat" for kind, _name in groups):
            repeated.append((groups[-1][1], name, type_))
        else:
            fields.append((groups[-1][1] if groups else "", name, type_))
    return fields, repeated


def test_the_test_exports_have_the_columns_of_the_xlsform(framework, facility_a):
    fields, repeated = _survey_fields(build_xlsform(framework, [facility_a]))

    assert fields == form_fields(framework)
    assert repeated == need_fields()


# Reading Kobo's layouts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layout", [{"hxl": True}, {"grouped": True}, {"hxl": True, "grouped": True}]
)
def test_hxl_rows_and_group_paths_in_headers_are_read(framework, facility_a, layout):
    content = kobo_export(
        framework,
        [submission(framework, facility_a, UUIDS[0], c_SAF_1="1")],
        [need(0, need_unit_cost="1 250,5")],
        **layout,
    )

    submissions, errors = read_export(upload(content))

    assert errors == []
    (read,) = submissions
    assert read.uuid == UUIDS[0]
    assert read.row == (3 if layout.get("hxl") else 2)
    assert read.index == 1
    assert read.get("c_SAF_1") == "1"
    assert read.get(kobo.FACILITY) == facility_a.code
    assert read.needs == [
        {
            "need_dimension": "safety",
            "need_kind": "equipment",
            "need_description": "Extincteurs à poudre 6 kg",
            "need_quantity": "2",
            "need_unit": "unité",
            "need_unit_cost": "1 250,5",
            "need_urgency": "immediate",
            "_row": "3" if layout.get("hxl") else "2",
        }
    ]


def test_needs_rows_join_their_submission_by_parent_index_when_the_uuid_is_empty(
    framework, facility_a
):
    content = kobo_export(
        framework,
        [
            submission(framework, facility_a, UUIDS[0], _index=1.0),
            submission(framework, facility_a, UUIDS[1], _index=2.0),
        ],
        [need(None, _parent_index=2.0, _submission__uuid=None, need_description="Lits")],
    )

    submissions, errors = read_export(upload(content))

    assert errors == []
    assert [s.index for s in submissions] == [1, 2]
    assert submissions[0].needs == []
    assert submissions[1].needs[0]["need_description"] == "Lits"


def test_numbers_and_dates_read_from_cells_become_kobos_text(framework, facility_a):
    content = kobo_export(
        framework,
        [
            submission(
                framework,
                facility_a,
                UUIDS[0],
                assessed_on=datetime.date(2026, 11, 2),
                c_ACC_1=2.0,
                c_ACC_2=3,
            )
        ],
        [need(0, need_quantity=1.5, need_unit_cost=450.0)],
    )

    (read,), _errors = read_export(upload(content))

    assert read.get(kobo.ASSESSED_ON) == "2026-11-02"
    assert (read.get("c_ACC_1"), read.get("c_ACC_2")) == ("2", "3")
    assert (read.needs[0]["need_quantity"], read.needs[0]["need_unit_cost"]) == ("1.5", "450")


def test_cell_text_writes_dates_and_numbers_as_kobo_does():
    assert cell_text(datetime.datetime(2026, 11, 2)) == "2026-11-02"
    assert cell_text(datetime.datetime(2026, 11, 2, 9, 30)) == "2026-11-02T09:30:00"
    assert cell_text(2.0) == "2"
    assert cell_text(2.5) == "2.5"
    assert cell_text(None) == ""
    assert cell_text("  na ") == "na"


def test_blank_rows_are_skipped(framework, facility_a):
    content = kobo_export(
        framework,
        [
            submission(framework, facility_a, UUIDS[0]),
            {},
            submission(framework, facility_a, UUIDS[1]),
        ],
    )
    # The builder writes Kobo's columns on every row: blank the middle one entirely.
    workbook = load_workbook(io.BytesIO(content))
    main = workbook.worksheets[0]
    for cell in main[3]:
        cell.value = None
    buffer = io.BytesIO()
    workbook.save(buffer)

    submissions, errors = read_export(upload(buffer.getvalue()))

    assert [s.uuid for s in submissions] == UUIDS[:2]
    assert [s.row for s in submissions] == [2, 4]


# Rules of the check ----------------------------------------------------------------------------


def test_an_empty_score_is_left_unanswered_for_the_web(partner_user, framework, facility_a):
    content = kobo_export(
        framework,
        [submission(framework, facility_a, UUIDS[0], c_PRO_1="", c_PRO_1_comment="À revoir")],
    )
    submissions, _errors = read_export(upload(content))

    (row,) = check(submissions, None, partner_user).rows

    assert row.status == kobo_import.NEW
    assert len(row.answers) == 7
    assert "PRO-1 (no score): À revoir" in row.summary


def test_a_criterion_that_does_not_apply_to_the_facility_kind_is_not_stored(
    partner_user, facility_a
):
    framework = FrameworkFactory(name="Cadre foyers")
    CriterionFactory(framework=framework, code="ACC-1", dimension="accessibility")
    CriterionFactory(
        framework=framework, code="SAF-1", dimension="safety", facility_kinds=["shelter"]
    )
    framework.publish()
    content = kobo_export(framework, [submission(framework, facility_a, UUIDS[0])])
    submissions, _errors = read_export(upload(content))

    (row,) = check(submissions, framework, partner_user).rows

    assert row.status == kobo_import.NEW
    assert [answer.criterion.code for answer in row.answers] == ["ACC-1"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"need_dimension": "kitchen"}, "the dimension “kitchen” is not one of"),
        ({"need_kind": ""}, "the kind is missing."),
        ({"need_description": " "}, "the description is missing."),
        ({"need_quantity": "0"}, "the quantity “0” is not a number above zero."),
        ({"need_unit_cost": "-5"}, "the unit cost “-5” is not an amount in dirhams"),
        ({"need_unit_cost": "beaucoup"}, "the unit cost “beaucoup” is not an amount"),
        ({"need_unit_cost": ""}, "the unit cost is missing."),
        ({"need_urgency": "tomorrow"}, "the urgency “tomorrow” is not one of"),
    ],
)
def test_a_need_out_of_its_rules_is_an_error(partner_user, framework, facility_a, values, message):
    content = kobo_export(
        framework, [submission(framework, facility_a, UUIDS[0])], [need(0, **values)]
    )
    submissions, _errors = read_export(upload(content))

    (row,) = check(submissions, None, partner_user).rows

    assert row.status == kobo_import.ERROR
    assert any(message in text for text in row.messages), row.messages


def test_an_empty_quantity_is_one(partner_user, framework, facility_a):
    content = kobo_export(
        framework, [submission(framework, facility_a, UUIDS[0])], [need(0, need_quantity="")]
    )
    submissions, _errors = read_export(upload(content))

    (row,) = check(submissions, None, partner_user).rows

    assert row.needs[0].quantity == Decimal("1.00")
    assert row.needs_total == Decimal("450.00")


def test_a_submission_without_uuid_or_date_is_an_error(partner_user, framework, facility_a):
    submissions = [
        Submission(uuid="", values={**submission(framework, facility_a, "")}, row=2),
        Submission(
            uuid=UUIDS[1],
            values={**submission(framework, facility_a, UUIDS[1]), "assessed_on": "le 3 mai"},
            row=3,
        ),
    ]

    rows = check(submissions, None, partner_user).rows

    assert "The submission has no _uuid." in rows[0].messages
    assert "The date of the visit, le 3 mai, is not a date." in rows[1].messages


def test_the_preview_lists_errors_first(client, partner_user, framework, facility_a):
    content = kobo_export(
        framework,
        [
            submission(framework, facility_a, UUIDS[0]),
            submission(framework, facility_a, UUIDS[1], c_ACC_1="bien"),
        ],
    )
    submissions, _errors = read_export(upload(content))

    preview = check(submissions, None, partner_user)

    assert [row.submission.uuid for row in preview.rows] == [UUIDS[1], UUIDS[0]]
    assert (preview.new_count, preview.imported_count, preview.error_count) == (1, 0, 1)
    assert not preview.can_import


# Importing -------------------------------------------------------------------------------------


def test_a_ready_import_creates_answers_for_every_criterion_in_the_file(
    partner_user, framework, facility_a
):
    values = submission(framework, facility_a, UUIDS[0], c_ACC_1="na", c_SAF_2="0")
    ready = KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.READY,
        created_by=partner_user,
        organisation=partner_user.organisation,
        submissions=[Submission(uuid=UUIDS[0], values=values, row=1).as_dict()],
    )

    created = import_submissions(ready, partner_user)

    assessment = Assessment.objects.get()
    assert created == 1
    assert set(assessment.answers.values_list("criterion__code", flat=True)) == set(
        framework.criteria.values_list("code", flat=True)
    )
    assert assessment.unanswered() == {}
    assert ready.status == KoboImport.Status.IMPORTED and ready.created_count == 1


def test_an_import_with_errors_raises_and_writes_nothing(partner_user, framework, facility_a):
    values = submission(framework, facility_a, UUIDS[0], c_ACC_1="4")
    ready = KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.READY,
        created_by=partner_user,
        submissions=[Submission(uuid=UUIDS[0], values=values).as_dict()],
    )

    with pytest.raises(KoboImportError, match="nothing was imported"):
        import_submissions(ready, partner_user)

    assert stored_nothing()
    ready.refresh_from_db()
    assert ready.status == KoboImport.Status.READY


def test_a_concurrent_import_of_the_same_submission_rolls_everything_back(
    monkeypatch, partner_user, framework, facility_a, nour
):
    values = [
        submission(framework, facility_a, UUIDS[0]),
        submission(framework, nour, UUIDS[1]),
    ]
    ready = KoboImport.objects.create(
        source=KoboImport.Source.FILE,
        status=KoboImport.Status.READY,
        created_by=partner_user,
        submissions=[Submission(uuid=v["_uuid"], values=v).as_dict() for v in values],
    )
    real_check = kobo_import.check

    def check_then_someone_else_imports(*args):
        preview = real_check(*args)
        AssessmentFactory(facility=nour, framework=framework, kobo_uuid=UUIDS[1])
        return preview

    monkeypatch.setattr(kobo_import, "check", check_then_someone_else_imports)

    with pytest.raises(KoboImportError, match="imported by someone else at the same moment"):
        import_submissions(ready, partner_user)

    assert list(Assessment.objects.values_list("kobo_uuid", flat=True)) == []
    assert not Answer.objects.exists()
    ready.refresh_from_db()
    assert ready.status == KoboImport.Status.READY


def test_an_import_already_imported_is_not_imported_twice(partner_user, framework, facility_a):
    values = submission(framework, facility_a, UUIDS[0])
    ready = KoboImport.objects.create(
        source=KoboImport.Source.FILE,
        status=KoboImport.Status.READY,
        created_by=partner_user,
        submissions=[Submission(uuid=UUIDS[0], values=values).as_dict()],
    )
    import_submissions(ready, partner_user)

    with pytest.raises(KoboImportError, match="not ready"):
        import_submissions(KoboImport.objects.get(), partner_user)

    assert Assessment.objects.count() == 1


# Roles -----------------------------------------------------------------------------------------


@pytest.fixture
def partners_import(partner_user, framework, facility_a):
    values = submission(framework, facility_a, UUIDS[0])
    return KoboImport.objects.create(
        source=KoboImport.Source.FILE,
        status=KoboImport.Status.READY,
        filename="export.xlsx",
        created_by=partner_user,
        organisation=partner_user.organisation,
        submissions=[Submission(uuid=UUIDS[0], values=values, row=2).as_dict()],
    )


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner"])
def test_iom_roles_and_partners_see_the_import_page(client, users, role, framework):
    client.force_login(users[role])

    response = client.get(import_url())

    assert response.status_code == 200
    assert "Import Kobo submissions" in response.text
    assert reverse("kobo:xlsform", args=[framework.pk]) in response.text


def test_a_viewer_may_not_import(client, viewer_user, partners_import, three_submissions):
    client.force_login(viewer_user)

    assert client.get(import_url()).status_code == 403
    assert post_file(client, three_submissions).status_code == 403
    assert client.get(preview_url(partners_import)).status_code == 403
    assert KoboImport.objects.count() == 1


def test_a_partner_without_organisation_may_not_import(client, framework):
    loner = UserFactory(username="loner", role=User.Role.PARTNER, organisation=None)
    client.force_login(loner)

    assert client.get(import_url()).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, partners_import):
    for url in (import_url(), preview_url(partners_import)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_another_partner_cannot_open_or_confirm_someone_elses_import(
    client, other_partner_user, partners_import
):
    client.force_login(other_partner_user)

    assert client.get(preview_url(partners_import)).status_code == 404
    assert client.post(preview_url(partners_import)).status_code == 404
    assert stored_nothing()


def test_iom_staff_may_open_any_import(client, iom_user, partners_import):
    client.force_login(iom_user)

    response = client.get(preview_url(partners_import))

    assert response.status_code == 200
    assert "export.xlsx" in response.text


def test_the_owner_confirms_the_import(client, partner_user, partners_import):
    client.force_login(partner_user)

    response = client.post(preview_url(partners_import))

    assert response.status_code == 302
    assert Assessment.objects.get().kobo_uuid == UUIDS[0]


# The states of an import pulled from Kobo ------------------------------------------------------


def test_a_fetching_import_shows_its_progress(client, iom_user):
    fetching = KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.FETCHING,
        created_by=iom_user,
        fetched=100,
        total=250,
    )
    client.force_login(iom_user)

    response = client.get(preview_url(fetching))

    assert response.status_code == 200
    assert 'data-testid="kobo-progress"' in response.text
    assert 'data-testid="import-button"' not in response.text


def test_a_failed_import_says_why(client, iom_user):
    failed = KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.FAILED,
        created_by=iom_user,
        error="The Kobo server refused the token (401).",
    )
    client.force_login(iom_user)

    response = client.get(preview_url(failed))
    confirmed = client.post(preview_url(failed))

    assert "The Kobo server refused the token (401)." in response.text
    assert confirmed.status_code == 302
    assert stored_nothing()


# Queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_preview_runs_a_fixed_number_of_queries(
    client, partner_user, framework, facility_a, django_assert_max_num_queries, count
):
    values = [submission(framework, facility_a, f"uuid-{n}") for n in range(count)]
    ready = KoboImport.objects.create(
        source=KoboImport.Source.FILE,
        status=KoboImport.Status.READY,
        created_by=partner_user,
        submissions=[Submission(uuid=v["_uuid"], values=v).as_dict() for v in values],
    )
    client.force_login(partner_user)

    with django_assert_max_num_queries(12):  # 11, and the menu's unread notifications
        response = client.get(preview_url(ready))

    assert response.status_code == 200
    assert response.context["preview"].new_count == count


def test_a_version_a_spreadsheet_turned_into_a_number_still_matches(
    client, partner_user, framework, facility_a
):
    assert framework.version == "1.0"
    client.force_login(partner_user)
    uploaded = post_file(
        client,
        kobo_export(framework, [submission(framework, facility_a, UUIDS[0], framework_version=1)]),
    )

    client.post(uploaded["Location"])

    assert Assessment.objects.get(kobo_uuid=UUIDS[0]).framework == framework


def test_a_version_that_differs_after_the_point_does_not_match(
    client, partner_user, framework, facility_a
):
    client.force_login(partner_user)
    uploaded = post_file(
        client,
        kobo_export(
            framework, [submission(framework, facility_a, UUIDS[0], framework_version="1.01")]
        ),
    )

    assert (
        "version 1.01, which is not a published framework" in client.get(uploaded["Location"]).text
    )
    assert stored_nothing()
