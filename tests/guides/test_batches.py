"""Guides in bulk: a background task renders many guides into one ZIP, with its progress."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from facilities.models import Region
from guides.models import GuideBatch
from tests.factories import FacilityFactory, validated_assessment

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def oriental_guides(iom_user, framework):
    """Two facilities of the Oriental with a validated assessment, one without, one elsewhere."""
    for name in ("Foyer Annour", "Centre Assafaa"):
        validated_assessment(FacilityFactory(name=name), iom_user, 2, SAF_1=0)
    FacilityFactory(name="Sans évaluation")
    validated_assessment(
        FacilityFactory(name="Centre de Casablanca", region=Region.objects.get(code="06")), iom_user
    )
    return Region.objects.get(code="02")


def test_iom_staff_get_every_guide_of_a_region_in_one_zip(
    client, iom_user, oriental_guides, settings
):
    settings.TASKS = IMMEDIATE
    client.force_login(iom_user)

    response = client.post(
        reverse("guides:batch_list"), {"kind": "region_guides", "region": oriental_guides.pk}
    )
    batch = GuideBatch.objects.get()
    page = client.get(response["Location"]).text
    download = client.get(reverse("guides:batch_download", args=[batch.pk]))

    assert (batch.status, batch.done, batch.total) == ("done", 2, 2)
    assert 'value="100"' in page and reverse("guides:batch_download", args=[batch.pk]) in page
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert len(names) == 2 and all(name.endswith(".pdf") for name in names)


def test_a_queued_batch_shows_its_progress_and_the_database_worker_finishes_it(
    client, iom_user, oriental_guides, settings, monkeypatch
):
    settings.TASKS = DATABASE
    # The worker closes "old" connections between tasks; inside this test's transaction
    # (autocommit off) Django counts the connection as unusable and would close it mid-test.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    client.force_login(iom_user)
    client.post(reverse("guides:batch_list"), {"kind": "sheets", "region": oriental_guides.pk})
    batch = GuideBatch.objects.get()
    waiting = client.get(reverse("guides:batch_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")

    call_command("db_worker", batch=True, startup_delay=False, interval=0)

    batch.refresh_from_db()
    assert 'hx-trigger="every 2s"' in waiting.text and "En attente" in waiting.text
    assert batch.status == "done"
    assert batch.total == 3  # the published, open facilities of the Oriental
    finished = client.get(reverse("guides:batch_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in finished.text


def test_a_region_batch_without_a_region_is_refused_and_nothing_is_queued(
    client, iom_user, settings
):
    settings.TASKS = IMMEDIATE
    client.force_login(iom_user)

    response = client.post(reverse("guides:batch_list"), {"kind": "region_guides", "region": ""})

    assert response.status_code == 200
    assert "Choisissez la région" in response.text
    assert not GuideBatch.objects.exists()


@pytest.mark.parametrize("role", ["partner", "viewer"])
def test_batches_are_for_iom_roles_only(client, users, role, iom_user, settings):
    settings.TASKS = IMMEDIATE
    batch = GuideBatch.objects.create(
        kind="sheets", language="fr", requested_by=iom_user, status="done"
    )
    client.force_login(users[role])

    statuses = [
        client.get(reverse("guides:batch_list")).status_code,
        client.post(reverse("guides:batch_list"), {"kind": "sheets"}).status_code,
        client.get(reverse("guides:batch_detail", args=[batch.pk])).status_code,
        client.get(reverse("guides:batch_download", args=[batch.pk])).status_code,
    ]

    assert statuses == [403, 403, 403, 403]
    assert GuideBatch.objects.count() == 1


def test_an_unfinished_batch_has_nothing_to_download(client, iom_user):
    batch = GuideBatch.objects.create(kind="sheets", language="fr", requested_by=iom_user)
    client.force_login(iom_user)

    assert client.get(reverse("guides:batch_download", args=[batch.pk])).status_code == 404
