"""Stored files on S3-compatible object storage (django-storages against moto's S3 server on
127.0.0.1): uploads and generated files go into the bucket, private and served only by the views
that check permissions; with the store down, a guide PDF is rendered afresh, every other file
answers 503 "cannot be fetched now", and pages that need no file keep working.
"""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from assessments.models import Answer
from directory import hsds_build
from directory.freshness import published_stamp
from directory.models import HsdsBuild
from guides.models import GuideBatch
from plans.models import SupportActivity
from tests.factories import (
    AssessmentFactory,
    answer_all,
    published_framework,
    validated_assessment,
)
from tests.services import ObjectStore, running_object_store

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
# Read on the English pages: the French translation is merged into locale/ separately.
UNAVAILABLE = "This document cannot be fetched right now."


@pytest.fixture(scope="module")
def object_store():
    with running_object_store() as store:
        yield store


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The local folder stays empty when the files go to the bucket."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def use(store: ObjectStore, settings) -> None:
    settings.STORAGES = {**settings.STORAGES, "default": store.storage_settings()}


@pytest.fixture
def bucket(object_store, settings):
    """Files go to the module's bucket, emptied after each test."""
    use(object_store, settings)
    yield object_store
    for key in keys(object_store):
        object_store.client().delete_object(Bucket=object_store.bucket, Key=key)


@pytest.fixture(scope="module")
def stopped_store():
    """A store that ran and was stopped: every call to it is refused, as when it is down."""
    with running_object_store() as store:
        store.stop()
        yield store


@pytest.fixture
def store_down(stopped_store, settings):
    """Files are on a store that is down; the rows that name them are made directly."""
    use(stopped_store, settings)
    return stopped_store


@pytest.fixture
def outage(settings):
    """A store of this test only, which the test stops once its files are in place."""
    with running_object_store() as store:
        use(store, settings)
        yield store


def keys(store: ObjectStore) -> list[str]:
    listing = store.client().list_objects_v2(Bucket=store.bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def public_grants(store: ObjectStore, key: str) -> list[dict]:
    grants = store.client().get_object_acl(Bucket=store.bucket, Key=key)["Grants"]
    return [grant for grant in grants if grant["Grantee"].get("URI") == ALL_USERS]


def local_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def fr(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def assessed_facility(facility_a, iom_user):
    """facility_a with a validated assessment: it has a guide."""
    validated_assessment(facility_a, iom_user, 2, SAF_1=0)
    return facility_a


def photo_url(answer: Answer) -> str:
    return en("assessments:answer_photo", answer.assessment_id, answer.pk)


@pytest.fixture
def activity_with_sheet(ngo_a, iom_user):
    activity = SupportActivity.objects.create(
        kind=SupportActivity.Kind.VISIT,
        date=timezone.localdate(),
        organisation=ngo_a,
        topic="Visite de suivi",
        recorded_by=iom_user,
    )
    activity.attendance_sheet.save("feuille.pdf", ContentFile(PDF))
    return activity


def built_batch(client, iom_user, facility_a, after_commit) -> GuideBatch:
    """A batch of information sheets of the Oriental, made by the immediate task backend."""
    client.force_login(iom_user)
    with after_commit():
        client.post(fr("guides:batch_list"), {"kind": "sheets", "region": facility_a.region_id})
    return GuideBatch.objects.get()


# --- Into the bucket, out through the permission views ------------------------------------------


def test_an_uploaded_photo_is_a_private_object_served_only_to_the_assessments_readers(
    client, bucket, media_root, partner_user, other_partner_user, facility_a
):
    framework = published_framework(per_dimension=1).new_version("2")
    framework.criteria.filter(code="SAF-1").update(photo_useful=True)
    framework.publish()
    assessment = AssessmentFactory(facility=facility_a, framework=framework)
    criterion = framework.criteria.get(code="SAF-1")
    client.force_login(partner_user)

    client.post(
        fr("assessments:answers", assessment.pk, "safety"),
        {
            f"c{criterion.pk}-choice": "1",
            f"c{criterion.pk}-photo": SimpleUploadedFile("sortie.png", png_bytes(), "image/png"),
            "seen_version": str(assessment.version),
        },
    )

    answer = Answer.objects.get(photo__gt="")
    assert keys(bucket) == [answer.photo.name]
    assert public_grants(bucket, answer.photo.name) == []
    assert local_files(media_root) == []
    response = client.get(photo_url(answer))
    assert response.status_code == 200 and streamed(response) == png_bytes()
    client.force_login(other_partner_user)
    assert client.get(photo_url(answer)).status_code == 404


def test_an_attendance_sheet_in_the_bucket_is_sent_to_its_organisation_only(
    client, bucket, activity_with_sheet, partner_user, other_partner_user
):
    url = fr("plans:attendance_sheet", activity_with_sheet.pk)
    client.force_login(partner_user)

    response = client.get(url)

    assert keys(bucket) == [activity_with_sheet.attendance_sheet.name]
    assert response.status_code == 200 and streamed(response) == PDF
    client.force_login(other_partner_user)
    assert client.get(url).status_code == 404


def test_a_guide_pdf_is_cached_in_the_bucket_and_read_back_from_it(
    client, bucket, media_root, partner_user, other_partner_user, assessed_facility
):
    url = fr("guides:facility", assessed_facility.pk)
    client.force_login(partner_user)

    first, second = client.get(url), client.get(url)

    assert (first.status_code, first["X-Guide-Cache"]) == (200, "miss")
    assert (second["X-Guide-Cache"], second.content) == ("hit", first.content)
    [key] = keys(bucket)
    assert key.startswith("guides/facility/") and public_grants(bucket, key) == []
    assert local_files(media_root) == []
    client.force_login(other_partner_user)
    assert client.get(url).status_code == 404


def test_a_batch_zip_is_built_into_the_bucket_and_downloaded_by_iom_staff_only(
    client, bucket, iom_user, partner_user, facility_a, after_commit
):
    batch = built_batch(client, iom_user, facility_a, after_commit)

    response = client.get(fr("guides:batch_download", batch.pk))

    assert batch.status == GuideBatch.Status.DONE
    assert batch.archive.name in keys(bucket)
    assert public_grants(bucket, batch.archive.name) == []
    names = zipfile.ZipFile(io.BytesIO(streamed(response))).namelist()
    assert names and all(name.endswith(".pdf") for name in names)
    client.force_login(partner_user)
    assert client.get(fr("guides:batch_download", batch.pk)).status_code == 403


def test_the_admin_links_a_batch_zip_through_the_download_view_not_the_bucket(
    client, bucket, admin_user, iom_user, facility_a, after_commit
):
    batch = built_batch(client, iom_user, facility_a, after_commit)
    admin_user.is_superuser = True  # the back office's permissions, whatever the groups give
    admin_user.save()
    client.force_login(admin_user)

    page = client.get(reverse("admin:guides_guidebatch_change", args=[batch.pk])).text

    assert fr("guides:batch_download", batch.pk) in page
    assert bucket.endpoint not in page and "Signature=" not in page


def test_the_open_data_file_is_built_into_the_bucket_and_served_from_it(
    client, bucket, facility_a, settings
):
    hsds_build.rebuild(force=True, site_url="https://manara.example/")
    stored = keys(bucket)

    plain = client.get(reverse("directory_api:hsds"))
    zipped = client.get(reverse("directory_api:hsds"), HTTP_ACCEPT_ENCODING="gzip")

    assert len(stored) == 3 and all(key.startswith("open-data/hsds/") for key in stored)
    assert all(public_grants(bucket, key) == [] for key in stored)
    assert plain.status_code == 200 and facility_a.name.encode() in streamed(plain)
    assert zipped["Content-Encoding"] == "gzip"


# --- The store down ------------------------------------------------------------------------------


def test_with_the_store_down_a_guide_pdf_is_rendered_afresh(
    client, outage, partner_user, assessed_facility
):
    client.force_login(partner_user)
    url = fr("guides:facility", assessed_facility.pk)
    assert client.get(url)["X-Guide-Cache"] == "miss"  # now in the cache
    outage.stop()

    response = client.get(url)

    assert (response.status_code, response["X-Guide-Cache"]) == (200, "miss")
    assert response.content.startswith(b"%PDF")


def test_with_the_store_down_a_batch_zip_says_it_cannot_be_fetched_now(
    client, store_down, iom_user
):
    batch = GuideBatch.objects.create(
        kind=GuideBatch.Kind.SHEETS,
        language="fr",
        requested_by=iom_user,
        status=GuideBatch.Status.DONE,
        archive="guides/batches/sheets-maroc-fr-1.zip",
    )
    client.force_login(iom_user)

    response = client.get(en("guides:batch_download", batch.pk))

    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert UNAVAILABLE in response.text


def test_with_the_store_down_a_photo_says_it_cannot_be_fetched_now(
    client, store_down, partner_user, draft_assessment
):
    answer_all(draft_assessment, 2)
    answer = draft_assessment.answers.first()
    Answer.objects.filter(pk=answer.pk).update(photo="assessments/photos/sortie.png")
    client.force_login(partner_user)

    response = client.get(photo_url(answer))

    assert response.status_code == 503 and UNAVAILABLE in response.text


def test_with_the_store_down_an_attendance_sheet_says_it_cannot_be_fetched_now(
    client, store_down, partner_user, ngo_a
):
    activity = SupportActivity.objects.create(
        kind=SupportActivity.Kind.VISIT,
        date=timezone.localdate(),
        organisation=ngo_a,
        topic="Visite de suivi",
        attendance_sheet="plans/attendance/feuille.pdf",
    )
    client.force_login(partner_user)

    response = client.get(en("plans:attendance_sheet", activity.pk))

    assert response.status_code == 503 and UNAVAILABLE in response.text


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_with_the_store_down_the_open_data_file_answers_503_in_json(
    client, store_down, facility_a, encoding
):
    HsdsBuild.objects.create(
        language="fr",
        stamp=published_stamp(),
        file="open-data/hsds/manara-hsds-fr.json.gz",
        built_at=timezone.now(),
        seconds=1,
        size=100,
        locations=1,
    )

    response = client.get(
        reverse("directory_api:hsds"), HTTP_ACCEPT_ENCODING=encoding, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (response.status_code, response["Retry-After"]) == (503, "120")
    assert UNAVAILABLE in response.json()["error"]


def test_with_the_store_down_pages_that_need_no_file_answer(
    client, store_down, iom_user, facility_a
):
    public = client.get(fr("directory:list"))
    client.force_login(iom_user)

    pages = [
        public,
        client.get(fr("facilities:list")),
        client.get(fr("plans:region_dashboard", "02")),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]


def test_with_the_store_down_readyz_says_503_for_the_storage(client, store_down):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert "storage: down" in response.text
