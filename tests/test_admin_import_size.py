"""An upload over the back office's import size limit is refused before django-import-export
reads it into memory (`common.import_forms`).

Through the real admin import views, in French, with the real limit: the files just over it
are cheap to build (bytes of padding), and the one exactly at it is a valid workbook carrying a
stored member that openpyxl does not read, so its preview runs as any other.
"""

import io
import os
import zipfile

import openpyxl
import pytest
from django.contrib import admin
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from accounts.models import Organisation
from common.import_formats import MAX_IMPORT_FILE_BYTES
from common.import_forms import SpreadsheetImportForm
from facilities.models import Facility
from tests.admin_imports import upload

pytestmark = pytest.mark.django_db

FACILITY_HEADER = ["name", "kind", "managing_organisation", "region", "province"]
IMPORTING_MODELS = [
    model
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ImportMixin)
]


@pytest.fixture
def admin_client(client, admin_user):
    admin_user.preferred_language = "fr"
    admin_user.save()
    client.force_login(admin_user)
    return client


def file_errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("import_file", [])]


def workbook_of_size(rows, size: int) -> bytes:
    """A valid workbook of the rows, padded to exactly `size` bytes by a stored member of
    random bytes (which openpyxl never opens): a file at the size limit, cheap to preview."""

    def padded(length: int) -> bytes:
        sheet = openpyxl.Workbook()
        for row in rows:
            sheet.active.append(row)
        plain = io.BytesIO()
        sheet.save(plain)
        content = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(plain.getvalue())) as workbook,
            zipfile.ZipFile(content, "w") as archive,
        ):
            for member in workbook.infolist():
                archive.writestr(member, workbook.read(member.filename))
            padding = zipfile.ZipInfo("xl/media/padding.bin", date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(padding, os.urandom(length), zipfile.ZIP_STORED)
        return content.getvalue()

    # A stored member adds its length and a fixed overhead: measure the overhead, then fill.
    overhead = len(padded(0))
    content = padded(size - overhead)
    assert len(content) == size
    return content


def test_the_limit_is_the_ten_megabytes_the_readme_states():
    assert MAX_IMPORT_FILE_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize("model", IMPORTING_MODELS, ids=lambda model: model._meta.label)
def test_every_import_page_uses_the_form_with_the_size_limit(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user

    assert issubclass(
        admin.site._registry[model].get_import_form_class(request), SpreadsheetImportForm
    )


def test_workbook_one_byte_over_the_limit_is_refused_and_nothing_is_written(admin_client, ngo_a):
    content = workbook_of_size(
        [FACILITY_HEADER, ["Centre Al Wifaq", "shelter", "AAO", "02", "411"]],
        MAX_IMPORT_FILE_BYTES + 1,
    )

    response = upload(admin_client, Facility, content, XLSX, "etablissements.xlsx")

    assert response.status_code == 200
    assert file_errors(response) == [
        "Le fichier pèse 10\xa0485\xa0761 octets ; un import prend des fichiers d’au plus "
        "10,0\xa0Mio. Découpez le fichier et importez chaque partie."
    ]
    # The form was refused: no preview, nothing to confirm, the message on the page.
    assert "result" not in response.context
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "importez chaque partie" in page
    assert "Traceback" not in page
    assert not Facility.objects.exists()


def test_workbook_exactly_at_the_limit_still_previews(admin_client, ngo_a):
    content = workbook_of_size(
        [FACILITY_HEADER, ["Centre Al Wifaq", "shelter", "AAO", "02", "411"]],
        MAX_IMPORT_FILE_BYTES,
    )

    response = upload(admin_client, Facility, content, XLSX, "etablissements.xlsx")

    assert response.status_code == 200
    assert file_errors(response) == []
    assert len(response.context["result"].rows) == 1
    assert "confirm_form" in response.context


def test_large_csv_of_organisations_is_refused_naming_its_size(admin_client):
    content = b"name,acronym\n" + b"Association Wafae,AW\n" * (12 * 1024 * 1024 // 21)
    count = Organisation.objects.count()

    response = upload(admin_client, Organisation, content, CSV, "organisations.csv")

    assert response.status_code == 200
    assert file_errors(response) == [
        "Le fichier pèse 12,0\xa0Mio ; un import prend des fichiers d’au plus 10,0\xa0Mio. "
        "Découpez le fichier et importez chaque partie."
    ]
    assert "Le fichier pèse 12,0\xa0Mio" in response.content.decode()
    assert Organisation.objects.count() == count


def test_small_csv_of_organisations_still_previews(admin_client):
    response = upload(
        admin_client,
        Organisation,
        b"name,acronym,kind\nAssociation Wafae,AW,ngo\n",
        CSV,
        "organisations.csv",
    )

    assert response.status_code == 200
    assert file_errors(response) == []
    assert [row.import_type for row in response.context["result"].rows] == ["new"]
    assert "confirm_form" in response.context
    # A preview is a dry run: nothing written until it is confirmed.
    assert not Organisation.objects.filter(acronym="AW").exists()


@pytest.mark.parametrize("model", IMPORTING_MODELS, ids=lambda model: model._meta.label)
def test_every_import_page_refuses_a_file_over_the_limit(admin_client, model):
    count = model.objects.count()

    response = upload(admin_client, model, b"x" * (MAX_IMPORT_FILE_BYTES + 1), CSV, "big.csv")

    assert response.status_code == 200
    assert "un import prend des fichiers d’au plus 10,0\xa0Mio" in response.content.decode()
    assert "result" not in response.context
    assert model.objects.count() == count
