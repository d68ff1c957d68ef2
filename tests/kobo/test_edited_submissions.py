"""Submissions edited on Kobo: one assessment per submission, whatever its versions.

Kobo gives an edited submission a new `_uuid` and keeps the first version's in `meta/rootUuid`
(../shared/reference/kobo.md). Files are built as Kobo exports them (kobo_files.py), pulls are
made from the fake Kobo server (kobo_server.py); pages are asked through the real views, in
English.
"""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, Need
from kobo.drafts import KoboImportError, update_draft
from kobo.importing import check
from kobo.models import KoboForm, KoboImport
from kobo.submissions import Submission
from kobo.tasks import fetch_kobo_submissions
from tests.factories import AssessmentFactory, FacilityFactory

from .kobo_files import edited, kobo_export, need, submission, upload
from .kobo_server import FakeKobo, kobo_submission

pytestmark = pytest.mark.django_db

FIRST = "a1f1c2a7-93b4-4c1d-8e2f-6a0b3c9d1e01"
EDIT = "b2f1c2a7-93b4-4c1d-8e2f-6a0b3c9d1e02"
SECOND_EDIT = "c3f1c2a7-93b4-4c1d-8e2f-6a0b3c9d1e03"
OTHER = "d4f1c2a7-93b4-4c1d-8e2f-6a0b3c9d1e04"
TOKEN = "kobo-edit-token"  # noqa: S105 (the fake server's)
ASSET = "aEdIt1234eFgH5678"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def send(client, content: bytes):
    """Upload an export and confirm its preview; the preview page and the confirmation."""
    uploaded = client.post(reverse("kobo:kobo_import"), {"file": upload(content), "framework": ""})
    assert uploaded.status_code == 302, uploaded.text
    preview = client.get(uploaded["Location"])
    return preview, client.post(uploaded["Location"], follow=True)


def answers_of(assessment) -> list[tuple]:
    return list(
        assessment.answers.order_by("criterion__code").values_list(
            "criterion__code", "score", "not_applicable", "comment"
        )
    )


def needs_of(assessment) -> list[tuple]:
    return list(assessment.needs.order_by("pk").values_list("description", "quantity", "status"))


@pytest.fixture
def first_version(framework, facility_a) -> dict:
    return submission(framework, facility_a, FIRST, c_SAF_1="1", c_SAF_1_comment="Extincteur vide.")


@pytest.fixture
def imported(client, partner_user, framework, first_version) -> Assessment:
    """The first version imported from a file by partner_user: one draft."""
    client.force_login(partner_user)
    _preview, done = send(client, kobo_export(framework, [first_version], needs=[need(0)]))
    assert done.status_code == 200
    return Assessment.objects.get()


# A file -------------------------------------------------------------------------------------


def test_an_edited_submission_updates_its_draft_and_makes_no_second_one(
    client, framework, first_version, imported
):
    versions = imported.history.count()
    edit = edited(
        first_version,
        FIRST,
        EDIT,
        c_SAF_1="3",
        c_SAF_1_comment="Extincteur rechargé.",
        c_ACC_1="na",
    )
    content = kobo_export(
        framework, [edit], needs=[need(0, need_description="Rampe d'accès", need_quantity="1")]
    )

    preview, done = send(client, content)

    assert "Draft update" in preview.text and f"no. {imported.pk}" in preview.text
    assert "update 1 draft" in preview.text
    assert "1 draft assessment updated" in done.text
    assessment = Assessment.objects.get()
    assert assessment.pk == imported.pk and assessment.status == Assessment.Status.DRAFT
    assert (assessment.kobo_uuid, assessment.kobo_version_uuid) == (FIRST, EDIT)
    answers = {code: (score, na, comment) for code, score, na, comment in answers_of(assessment)}
    assert answers["SAF-1"] == (3, False, "Extincteur rechargé.")
    assert answers["ACC-1"] == (None, True, "")
    assert needs_of(assessment) == [("Rampe d'accès", 1, "identified")]
    assert assessment.version > imported.version
    assert assessment.history.count() > versions
    assert Need.history.filter(history_type="-").count() == 1

    # The same export again: that version is imported, nothing is left to do.
    again, _done = send(client, content)
    assert "Every submission was imported before" in again.text
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("status", ["submitted", "validated"])
def test_an_edit_after_the_assessment_was_sent_is_refused_and_changes_nothing(
    client, framework, facility_a, partner_user, iom_user, first_version, imported, status
):
    imported.submit(partner_user)
    if status == "validated":
        imported.refresh_from_db()
        imported.validate(iom_user)
    imported.refresh_from_db()
    before = (answers_of(imported), needs_of(imported), imported.version, imported.kobo_uuid)
    edit = edited(first_version, FIRST, EDIT, c_SAF_1="3")
    other = submission(framework, facility_a, OTHER)

    preview, done = send(client, kobo_export(framework, [edit, other]))

    assert "Edit refused" in preview.text
    assert (
        f"This submission was edited on Kobo after assessment no. {imported.pk} was sent; the "
        "assessment is no longer a draft"
    ) in preview.text
    # The refusal leaves the other submission free to import.
    assert done.status_code == 200 and "1 draft assessment created" in done.text
    imported.refresh_from_db()
    assert imported.status == status
    assert (
        answers_of(imported),
        needs_of(imported),
        imported.version,
        imported.kobo_uuid,
    ) == before
    assert imported.kobo_version_uuid == FIRST
    assert Assessment.objects.filter(kobo_uuid=OTHER).exists()
    assert Assessment.objects.count() == 2


def test_an_edit_of_a_draft_whose_needs_moved_on_is_refused(
    client, framework, iom_user, first_version, imported
):
    imported.needs.get().set_status(Need.Status.PLANNED, iom_user)

    preview, _done = send(client, kobo_export(framework, [edited(first_version, FIRST, EDIT)]))

    assert "have already moved on" in preview.text
    assert Assessment.objects.get().kobo_version_uuid == FIRST


def test_a_submission_twice_in_one_file_is_refused_and_nothing_is_imported(
    client, partner_user, framework, facility_a
):
    client.force_login(partner_user)
    first = submission(framework, facility_a, FIRST)
    content = kobo_export(
        framework,
        [first, submission(framework, facility_a, OTHER), edited(first, FIRST, EDIT)],
        needs=[need(0), need(2)],
    )

    preview, done = send(client, content)

    message = (
        "This submission appears more than once in the file (rows 2, 4): as first sent and as "
        "edited on Kobo."
    )
    assert preview.text.count(message) == 2
    assert "Nothing can be imported while a submission has errors" in preview.text
    assert done.status_code == 400
    assert not Assessment.objects.exists() and not Need.objects.exists()


def test_rows_stored_before_edits_were_followed_still_count_as_imported(
    client, partner_user, framework, facility_a
):
    """Such rows hold the `_uuid` they were imported from and no version; an export without
    rootUuid (an older Kobo, a filtered export) falls back to `_uuid`."""
    client.force_login(partner_user)
    old = AssessmentFactory(facility=facility_a, framework=framework, kobo_uuid=FIRST)
    assert old.kobo_version_uuid == ""
    without_root = submission(framework, facility_a, OTHER, **{"meta/rootUuid": None})
    AssessmentFactory(facility=facility_a, framework=framework, kobo_uuid=OTHER)
    first = submission(framework, facility_a, FIRST)

    preview, _done = send(client, kobo_export(framework, [first, without_root]))

    assert "Every submission was imported before" in preview.text
    assert Assessment.objects.count() == 2

    # Its edit updates it, and it is stored under the key from then on.
    _preview, done = send(client, kobo_export(framework, [edited(first, FIRST, EDIT)]))
    assert "1 draft assessment updated" in done.text
    old.refresh_from_db()
    assert (old.kobo_uuid, old.kobo_version_uuid) == (FIRST, EDIT)
    assert Assessment.objects.count() == 2


# A pull from Kobo's API ---------------------------------------------------------------------


@pytest.fixture
def kobo_server(settings):
    with FakeKobo(token=TOKEN) as server:
        settings.KOBO_URL, settings.KOBO_TOKEN, settings.KOBO_TIMEOUT = server.url, TOKEN, 5
        yield server


def pull_and_import(client, kobo_form) -> tuple[KoboImport, str]:
    """Fetch the form's submissions as the task does, then confirm the preview as IOM staff."""
    kobo_import = KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.FETCHING,
        kobo_form=kobo_form,
        framework=kobo_form.framework,
        created_by=kobo_form._importer,
        organisation=kobo_form._importer.organisation,
    )
    fetch_kobo_submissions.call(kobo_import.pk, "en")
    kobo_import.refresh_from_db()
    url = reverse("kobo:kobo_preview", args=[kobo_import.pk])
    preview = client.get(url).text
    if kobo_import.submissions:
        client.post(url)
    return kobo_import, preview


@pytest.fixture
def pulled(client, iom_user, framework, ngo_a, kobo_server):
    """The first version pulled from Kobo and imported by IOM staff."""
    FacilityFactory(code="FAC-001", managing_organisation=ngo_a)
    kobo_form = KoboForm.objects.create(framework=framework, asset_uid=ASSET)
    kobo_form._importer = iom_user
    client.force_login(iom_user)
    kobo_server.forms[ASSET] = [
        kobo_submission(1, framework=framework, uuid=FIRST, needs=2, urgency="immediate")
    ]
    pull_and_import(client, kobo_form)
    return kobo_form


def test_a_pulled_edit_updates_the_draft_and_is_not_pulled_again(
    client, framework, kobo_server, pulled
):
    draft = Assessment.objects.get()
    assert (draft.kobo_uuid, draft.needs.count()) == (FIRST, 2)
    kobo_server.forms[ASSET] = [
        kobo_submission(
            1,
            framework=framework,
            uuid=EDIT,
            root_uuid=FIRST,
            deprecated_id=FIRST,
            score="3",
            needs=1,
            urgency="immediate",
        )
    ]

    kobo_import, preview = pull_and_import(client, pulled)

    assert [data["uuid"] for data in kobo_import.submissions] == [EDIT]
    assert "Draft update" in preview
    draft = Assessment.objects.get()
    assert (draft.kobo_uuid, draft.kobo_version_uuid) == (FIRST, EDIT)
    assert {score for _code, score, _na, _comment in answers_of(draft)} == {3}
    assert draft.needs.count() == 1

    again, _preview = pull_and_import(client, pulled)
    assert again.submissions == [] and Assessment.objects.count() == 1


def test_a_pulled_edit_of_a_row_stored_under_an_edited_uuid_is_found_by_deprecated_id(
    client, framework, kobo_server, pulled
):
    """A row imported before edits were followed, from an already edited version (`_uuid`
    EDIT): the next edit names EDIT as the version it replaced."""
    Assessment.objects.update(kobo_uuid=EDIT, kobo_version_uuid="")
    kobo_server.forms[ASSET] = [
        kobo_submission(
            1,
            framework=framework,
            uuid=SECOND_EDIT,
            root_uuid=FIRST,
            deprecated_id=EDIT,
            score="1",
            urgency="immediate",
        )
    ]

    pull_and_import(client, pulled)

    draft = Assessment.objects.get()
    assert (draft.kobo_uuid, draft.kobo_version_uuid) == (FIRST, SECOND_EDIT)
    assert {score for _code, score, _na, _comment in answers_of(draft)} == {1}


def test_a_pulled_edit_of_a_submitted_assessment_is_refused_with_a_message(
    client, framework, iom_user, kobo_server, pulled
):
    draft = Assessment.objects.get()
    draft.submit(iom_user)
    draft.refresh_from_db()
    before = (answers_of(draft), needs_of(draft), draft.version)
    kobo_server.forms[ASSET] = [
        kobo_submission(
            1, framework=framework, uuid=EDIT, root_uuid=FIRST, score="0", urgency="immediate"
        )
    ]

    kobo_import, preview = pull_and_import(client, pulled)

    assert f"after assessment no. {draft.pk} was sent" in preview
    assert "Edit refused" in preview
    draft.refresh_from_db()
    assert (answers_of(draft), needs_of(draft), draft.version) == before
    assert draft.kobo_version_uuid == FIRST
    kobo_import.refresh_from_db()
    assert kobo_import.status == KoboImport.Status.READY


def test_a_draft_saved_after_the_check_is_not_overwritten(
    partner_user, framework, first_version, imported
):
    """The update claims the version `check` read (common/concurrency.py): a save in between,
    here on the web, refuses it."""
    values = {**first_version, "_uuid": EDIT, "rootUuid": f"uuid:{FIRST}", "c_SAF_1": "0"}
    edit = Submission(uuid=EDIT, values=values, row=2)
    row = check([edit], framework, partner_user).rows[0]
    assert row.status == "update"
    imported.summary = "Complété sur le web."
    imported.save()
    before = answers_of(imported)

    refused = pytest.raises(KoboImportError, match="changed while it was being updated")
    with refused, transaction.atomic():
        update_draft(row, partner_user, [])

    imported.refresh_from_db()
    assert imported.summary == "Complété sur le web." and answers_of(imported) == before
    assert imported.kobo_version_uuid == FIRST
