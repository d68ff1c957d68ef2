"""Photos of Kobo submissions: fetched by the pull with the token, checked as uploaded photos are,
attached on import; what could not be fetched is listed, and nothing is half-imported.

The pull talks HTTP to the fake Kobo server (kobo_server.py), which serves the attachments.
"""

import io

import pytest
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import translation
from PIL import Image

from assessments.models import Answer, Assessment
from kobo.importing import import_submissions
from kobo.models import KoboForm, KoboImport
from kobo.photos import PENDING
from kobo.tasks import fetch_kobo_submissions

from .kobo_files import kobo_export, submission
from .kobo_server import FakeKobo, Streamed, kobo_submission, with_photo
from .test_edited_submissions import send

ASSET = "aBcD1234eFgH5678"
TOKEN = "kobo-test-token"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def kobo(settings):
    with FakeKobo(token=TOKEN) as server:
        settings.KOBO_URL, settings.KOBO_TOKEN, settings.KOBO_TIMEOUT = server.url, TOKEN, 5
        settings.TASKS = IMMEDIATE
        yield server


@pytest.fixture
def saf_1(framework):
    framework.criteria.filter(code="SAF-1").update(photo_useful=True)
    return framework.criteria.get(code="SAF-1")


def visit(number, framework, facility, criterion, kobo, filename, url=None) -> dict:
    result = kobo_submission(number, facility=facility.code, framework=framework, needs=0)
    return with_photo(result, criterion, filename, url or kobo.file_url(filename))


def pull(kobo, framework, user) -> KoboImport:
    kobo_form = KoboForm.objects.create(framework=framework, asset_uid=ASSET)
    kobo_import = KoboImport.objects.create(
        source=KoboImport.Source.API,
        status=KoboImport.Status.FETCHING,
        kobo_form=kobo_form,
        framework=framework,
        created_by=user,
        organisation=user.organisation,
    )
    fetch_kobo_submissions.call(kobo_import.pk, "en")
    kobo_import.refresh_from_db()
    return kobo_import


def pending_files(media) -> list[str]:
    root = media / PENDING
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_photo_is_fetched_with_the_token_and_attached_to_its_answer_on_import(
    client, kobo, framework, saf_1, facility_a, iom_user, media, django_capture_on_commit_callbacks
):
    kobo.files["door.jpg"] = ("image/jpeg", jpeg())
    kobo.forms[ASSET] = [visit(1, framework, facility_a, saf_1, kobo, "door.jpg")]

    kobo_import = pull(kobo, framework, iom_user)
    client.force_login(iom_user)
    preview = client.get(reverse("kobo:kobo_preview", args=[kobo_import.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("kobo:kobo_preview", args=[kobo_import.pk]))

    assert kobo_import.status == "ready", kobo_import.error
    assert 'data-testid="import-row-photos"' not in preview.text
    assert done.status_code == 302
    answer = Answer.objects.get(assessment=Assessment.objects.get(), criterion=saf_1)
    served = client.get(reverse("assessments:answer_photo", args=[answer.assessment_id, answer.pk]))
    assert b"".join(served.streaming_content) == jpeg()
    fetched = [r for r in kobo.requests if r["path"].endswith("/door.jpg")]
    assert [r["authorization"] for r in fetched] == [f"Token {TOKEN}"]
    assert pending_files(media) == []


def test_an_attachment_that_is_not_an_image_is_refused_and_listed(
    client, kobo, framework, saf_1, facility_a, iom_user, media
):
    kobo.files["door.jpg"] = ("image/jpeg", b"%PDF-1.4 not a photo at all")
    kobo.forms[ASSET] = [visit(1, framework, facility_a, saf_1, kobo, "door.jpg")]

    kobo_import = pull(kobo, framework, iom_user)
    client.force_login(iom_user)
    preview = client.get(reverse("kobo:kobo_preview", args=[kobo_import.pk]))
    done = client.post(reverse("kobo:kobo_preview", args=[kobo_import.pk]))

    assert kobo_import.status == "ready"
    assert "SAF-1: the photo door.jpg could not be fetched: Upload a valid image" in preview.text
    assert done.status_code == 302
    answer = Answer.objects.get(criterion=saf_1)
    assert not answer.photo and answer.score == 2
    assert pending_files(media) == []


def test_a_too_large_attachment_is_refused_without_being_read_whole(
    client, kobo, framework, saf_1, facility_a, iom_user, media
):
    size = 64 * 1024 * 1024
    kobo.files["door.jpg"] = ("image/jpeg", Streamed(size))
    kobo.forms[ASSET] = [visit(1, framework, facility_a, saf_1, kobo, "door.jpg")]

    kobo_import = pull(kobo, framework, iom_user)
    client.force_login(iom_user)
    preview = client.get(reverse("kobo:kobo_preview", args=[kobo_import.pk]))

    assert kobo_import.status == "ready"
    assert "door.jpg could not be fetched: it is larger than 5.0\xa0MB" in preview.text
    assert kobo.sent["door.jpg"] < size // 2
    assert pending_files(media) == []


def test_an_attachment_on_another_server_is_refused_without_sending_the_token(
    client, kobo, framework, saf_1, facility_a, iom_user
):
    with FakeKobo(token=TOKEN) as elsewhere:
        elsewhere.files["door.jpg"] = ("image/jpeg", jpeg())
        kobo.forms[ASSET] = [
            visit(1, framework, facility_a, saf_1, kobo, "door.jpg", elsewhere.file_url("door.jpg"))
        ]

        kobo_import = pull(kobo, framework, iom_user)

    client.force_login(iom_user)
    preview = client.get(reverse("kobo:kobo_preview", args=[kobo_import.pk]))
    assert elsewhere.requests == []
    assert "it is on another server (127.0.0.1:" in preview.text
    assert "where Manara does not send the token" in preview.text


def test_a_server_timing_out_midway_through_the_photos_fails_the_pull_and_keeps_nothing(
    kobo, framework, saf_1, facility_a, iom_user, media, settings
):
    settings.KOBO_TIMEOUT = 1
    kobo.files["one.jpg"] = ("image/jpeg", jpeg())
    kobo.files["two.jpg"] = ("image/jpeg", jpeg())
    kobo.file_delays["two.jpg"] = 3
    kobo.forms[ASSET] = [
        visit(1, framework, facility_a, saf_1, kobo, "one.jpg"),
        visit(2, framework, facility_a, saf_1, kobo, "two.jpg"),
    ]

    kobo_import = pull(kobo, framework, iom_user)

    assert kobo_import.status == "failed"
    assert kobo_import.error.startswith(f"The Kobo server at {kobo.url} stopped answering while")
    assert "nothing was imported. Fetch the submissions again." in kobo_import.error
    assert kobo_import.submissions == []
    assert any(r["path"].endswith("/one.jpg") for r in kobo.requests)
    assert pending_files(media) == [] and not Assessment.objects.exists()


def test_a_file_import_lists_the_photos_it_could_not_fetch(
    client, framework, saf_1, facility_a, partner_user
):
    row = submission(
        framework, facility_a, "6a1b2c3d-0000-4000-8000-000000000001", c_SAF_1_photo="door.jpg"
    )
    client.force_login(partner_user)

    preview, done = send(client, kobo_export(framework, [row]))

    assert (
        "SAF-1: the photo door.jpg was not fetched: photos are only fetched by the pull from "
        "Kobo&#x27;s server." in preview.text
    )
    assert done.status_code == 200
    assert not Answer.objects.get(criterion=saf_1).photo


def test_deleting_a_pulled_import_deletes_the_photos_waiting_for_it(
    kobo, framework, saf_1, facility_a, iom_user, media
):
    kobo.files["door.jpg"] = ("image/jpeg", jpeg())
    kobo.forms[ASSET] = [visit(1, framework, facility_a, saf_1, kobo, "door.jpg")]
    kobo_import = pull(kobo, framework, iom_user)
    assert len(pending_files(media)) == 1

    kobo_import.delete()

    assert pending_files(media) == []


def test_an_import_that_rolls_back_deletes_the_photos_it_had_copied(
    kobo, framework, saf_1, facility_a, iom_user, media
):
    kobo.files["one.jpg"] = ("image/jpeg", jpeg())
    kobo.files["two.jpg"] = ("image/jpeg", jpeg())
    kobo.forms[ASSET] = [
        visit(1, framework, facility_a, saf_1, kobo, "one.jpg"),
        visit(2, framework, facility_a, saf_1, kobo, "two.jpg"),
    ]
    kobo_import = pull(kobo, framework, iom_user)
    second = kobo_submission(2)["_uuid"]

    def fail_on_the_second(sender, instance, created, **kwargs):
        if created and instance.kobo_uuid == second:
            raise RuntimeError("the database went away")

    post_save.connect(fail_on_the_second, sender=Assessment)
    try:
        with pytest.raises(RuntimeError):
            import_submissions(kobo_import, iom_user)
    finally:
        post_save.disconnect(fail_on_the_second, sender=Assessment)

    copied = media / "assessments"
    assert not copied.exists() or not [p for p in copied.rglob("*") if p.is_file()]
    assert not Assessment.objects.exists() and len(pending_files(media)) == 2


def test_a_photo_of_a_criterion_left_without_score_is_listed(
    client, framework, saf_1, facility_a, partner_user
):
    row = submission(
        framework,
        facility_a,
        "6a1b2c3d-0000-4000-8000-000000000002",
        c_SAF_1="",
        c_SAF_1_photo="door.jpg",
    )
    client.force_login(partner_user)

    preview, _done = send(client, kobo_export(framework, [row]))

    assert "SAF-1: the photo door.jpg is not attached: the criterion has no score." in preview.text
