"""Kobo imports never imported: discarded from their preview, or pruned by the scheduler once old.

Pages are asked through the real views in English (the source language of the messages); the
photos waiting for an import are real files in the default storage, under a temporary folder.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command, get_commands
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from common import scheduler
from kobo.models import KoboImport
from kobo.submissions import Submission

from .kobo_files import submission

pytestmark = pytest.mark.django_db

UUID = "1f1c2a7e-93b4-4c1d-8e2f-6a0b3c9d1e01"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01 a door"


@pytest.fixture(autouse=True)
def english():
    """Pages and messages in English, the language the messages are written in."""
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def make_import(framework, facility_a, partner_user):
    """An import of one submission in `status`, made by `by` (the partner) `days_old` days ago."""

    def make(status=KoboImport.Status.READY, by=None, days_old=0, **fields):
        by = by or partner_user
        kobo_import = KoboImport.objects.create(
            source=KoboImport.Source.FILE,
            status=status,
            filename="export.xlsx",
            framework=framework,
            created_by=by,
            organisation=by.organisation,
            submissions=[
                Submission(
                    uuid=UUID, values=submission(framework, facility_a, UUID), row=2
                ).as_dict()
            ],
            **fields,
        )
        if days_old:
            KoboImport.objects.filter(pk=kobo_import.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=days_old)
            )
        return kobo_import

    return make


@pytest.fixture
def partners_import(make_import):
    return make_import()


def pending_photo(kobo_import) -> str:
    """A photo waiting for `kobo_import`, stored where the pull stores it (kobo/photos.py)."""
    return default_storage.save(f"kobo/pending/{kobo_import.pk}/2-c_SAF_1.jpg", ContentFile(JPEG))


def discard_url(kobo_import_or_pk) -> str:
    return reverse("kobo:kobo_discard", args=[getattr(kobo_import_or_pk, "pk", kobo_import_or_pk)])


def preview_url(kobo_import) -> str:
    return reverse("kobo:kobo_preview", args=[kobo_import.pk])


def still_there(kobo_import) -> bool:
    return KoboImport.objects.filter(pk=kobo_import.pk).exists()


# Who may discard -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner"])
def test_the_owner_and_iom_roles_discard_a_ready_import(client, users, role, partners_import):
    client.force_login(users[role])

    response = client.post(discard_url(partners_import), follow=True)

    assert response.redirect_chain == [(reverse("kobo:kobo_import"), 302)]
    assert not still_there(partners_import)
    assert (
        "The import was discarded: its submissions and the photos waiting for it were deleted."
        in response.text
    )


def test_a_viewer_may_not_discard(client, viewer_user, partners_import):
    client.force_login(viewer_user)

    response = client.post(discard_url(partners_import))

    assert response.status_code == 403
    assert still_there(partners_import)


def test_another_partner_does_not_find_someone_elses_import(
    client, other_partner_user, partners_import
):
    client.force_login(other_partner_user)

    response = client.post(discard_url(partners_import))

    assert response.status_code == 404
    assert still_there(partners_import)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, partners_import):
    response = client.post(discard_url(partners_import))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert still_there(partners_import)


def test_a_get_discards_nothing(client, partner_user, partners_import):
    client.force_login(partner_user)

    response = client.get(discard_url(partners_import))

    assert response.status_code == 405
    assert still_there(partners_import)


def test_a_post_without_the_csrf_token_is_refused(partner_user, partners_import):
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner_user)

    response = client.post(discard_url(partners_import))

    assert response.status_code == 403
    assert still_there(partners_import)


# What is discarded -----------------------------------------------------------------------------


def test_discarding_deletes_the_photos_waiting_for_the_import_and_no_other(
    client, partner_user, make_import, media
):
    discarded, kept = make_import(), make_import()
    photo, other_photo = pending_photo(discarded), pending_photo(kept)
    assert default_storage.exists(photo)
    client.force_login(partner_user)

    client.post(discard_url(discarded))

    assert not default_storage.exists(photo)
    assert default_storage.listdir(f"kobo/pending/{discarded.pk}") == ([], [])
    assert default_storage.exists(other_photo)
    assert list(KoboImport.objects.all()) == [kept]


def test_a_failed_import_is_discarded(client, iom_user, make_import):
    failed = make_import(status=KoboImport.Status.FAILED, error="The Kobo server refused (401).")
    client.force_login(iom_user)

    response = client.post(discard_url(failed))

    assert response.status_code == 302
    assert not still_there(failed)


def test_an_imported_import_is_not_discarded(client, partner_user, make_import, media):
    imported = make_import(status=KoboImport.Status.IMPORTED, created_count=1)
    photo = pending_photo(imported)
    client.force_login(partner_user)

    response = client.post(discard_url(imported), follow=True)

    assert response.redirect_chain == [(preview_url(imported), 302)]
    assert "This import was imported: it cannot be discarded." in response.text
    assert still_there(imported)
    assert default_storage.exists(photo)


def test_a_fetching_import_is_not_discarded(client, iom_user, make_import):
    fetching = make_import(status=KoboImport.Status.FETCHING, by=iom_user)
    client.force_login(iom_user)

    response = client.post(discard_url(fetching), follow=True)

    assert response.redirect_chain == [(preview_url(fetching), 302)]
    assert "This import is still fetching submissions: it cannot be discarded now." in response.text
    assert KoboImport.objects.get(pk=fetching.pk).status == KoboImport.Status.FETCHING


def test_a_second_discard_from_a_stale_page_says_the_import_is_gone(
    client, partner_user, partners_import
):
    client.force_login(partner_user)
    client.post(discard_url(partners_import))

    response = client.post(discard_url(partners_import), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("kobo:kobo_import"), 302)]
    assert "This import no longer exists: it was already discarded." in response.text


# The button on the preview ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [KoboImport.Status.READY, KoboImport.Status.FAILED])
def test_the_preview_of_an_import_not_imported_has_the_discard_button(
    client, partner_user, make_import, status
):
    kobo_import = make_import(status=status)
    client.force_login(partner_user)

    response = client.get(preview_url(kobo_import))

    form = response.text.split('data-testid="discard-form"')[0].rsplit("<form", 1)[1]
    assert 'method="post"' in form
    assert f'action="{discard_url(kobo_import)}"' in form
    block = response.text.split('data-testid="discard-form"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" in block
    assert '<button type="submit" class="btn btn-outline-danger' in block
    assert "Discard this import</button>" in block
    assert f'aria-describedby="discard-help-{kobo_import.pk}"' in block
    assert "An import never imported is deleted anyway 30 days after it was made." in block


@pytest.mark.parametrize("status", [KoboImport.Status.IMPORTED, KoboImport.Status.FETCHING])
def test_the_preview_of_an_import_imported_or_fetching_has_no_discard_button(
    client, partner_user, make_import, status
):
    kobo_import = make_import(status=status)
    client.force_login(partner_user)

    response = client.get(preview_url(kobo_import))

    assert response.status_code == 200
    assert 'data-testid="discard-button"' not in response.text


# The scheduler's prune -------------------------------------------------------------------------


def test_the_prune_deletes_only_old_imports_ready_or_failed(
    settings, make_import, iom_user, media, capsys
):
    settings.KOBO_IMPORT_KEEP_DAYS = 30
    old_ready = make_import(days_old=31)
    old_failed = make_import(status=KoboImport.Status.FAILED, days_old=45, by=iom_user)
    new_ready = make_import(days_old=29)
    new_failed = make_import(status=KoboImport.Status.FAILED, days_old=1)
    old_imported = make_import(status=KoboImport.Status.IMPORTED, days_old=400)
    old_fetching = make_import(status=KoboImport.Status.FETCHING, days_old=60)
    old_photo, new_photo = pending_photo(old_ready), pending_photo(new_ready)

    call_command("prune_kobo_imports")

    assert set(KoboImport.objects.all()) == {new_ready, new_failed, old_imported, old_fetching}
    assert not default_storage.exists(old_photo)
    assert default_storage.exists(new_photo)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(
        f"Kobo import {old_failed.pk} (failed, file: export.xlsx, by iom_t, created "
    )
    assert printed[1].startswith(
        f"Kobo import {old_ready.pk} (ready, file: export.xlsx, by partner_a, created "
    )
    assert printed[0].endswith(" deleted")
    assert printed[2] == "2 Kobo import(s) never imported and older than 30 days deleted."


def test_the_prune_keeps_what_the_days_given_keep(make_import, capsys):
    week_old = make_import(days_old=7)

    call_command("prune_kobo_imports", "--days", "10")

    assert still_there(week_old)
    assert "0 Kobo import(s) never imported and older than 10 days deleted." in (
        capsys.readouterr().out
    )


def test_the_scheduler_prunes_kobo_imports_daily(make_import):
    old_ready = make_import(days_old=31)

    job = scheduler.job_named("prune_kobo_imports")
    outcome = scheduler.run_job(job)

    assert job.command == ("prune_kobo_imports",)
    assert job.command[0] in get_commands()
    assert job.when() == "30 3 * * *"
    assert outcome.ok
    assert "1 Kobo import(s) never imported and older than 30 days deleted." in outcome.output
    assert not still_there(old_ready)
