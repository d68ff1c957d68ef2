"""`manage.py backup` and `manage.py restore`: round trips and the refusals (common/backup*.py).

The backup runs in this process against the test database (committed rows: transactional
tests) with MEDIA_ROOT in a temporary folder; a restore into a new site runs as a subprocess with
its own DATABASE_URL and MEDIA_ROOT, as IT would run it, and the new site is then compared table
by table and file by file. Refusals run in this process against the test database, which holds
data, with archives made once for the module: each must leave its rows and files as they were.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from common import backup_crypto
from common.backup import live_inventory
from common.backup_inventory import file_hashes, table_checksums

from .services import running_object_store

ROOT = Path(django_settings.BASE_DIR)
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(tmp_path, settings):
    """MEDIA_ROOT in a temporary folder with a few files, one in a sub-folder, one binary."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    default_storage.save("guides/guide.pdf", ContentFile(b"%PDF-1.4 guide"))
    default_storage.save("photos/2026/site.jpg", ContentFile(os.urandom(300_000)))
    default_storage.save("notes.txt", ContentFile(b"Rabat, Oujda, Tanger"))
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def use_key(monkeypatch, settings):
    """Set BACKUP_KEY (the setting and the variable) for this process; "" for none."""

    def use(value: str) -> str:
        settings.BACKUP_KEY = value
        monkeypatch.setenv("BACKUP_KEY", value)
        return value

    use("")
    return use


@pytest.fixture
def key(use_key):
    return use_key(backup_crypto.new_key())


def make_backup(folder: Path) -> Path:
    call_command("backup", "--output", str(folder), stdout=io.StringIO())
    (archive,) = folder.glob("manara-*")
    return archive


class Site:
    """A new, empty database (never migrated) and media folder for a restore subprocess."""

    def __init__(self, folder: Path):
        self.media = folder / "restored-media"
        database = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            self.name = f"manara_restore_{uuid.uuid4().hex[:10]}"
            self.params = {
                "host": database["HOST"] or "127.0.0.1",
                "port": database["PORT"] or 5432,
                "user": database["USER"],
                "password": database["PASSWORD"] or None,
            }
            with self.server() as server:
                server.execute(f'CREATE DATABASE "{self.name}"')
            self.url = (
                f"postgres://{self.params['user']}@{self.params['host']}:{self.params['port']}"
                f"/{self.name}"
            )
        else:
            self.path = folder / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def server(self):
        return psycopg.connect(dbname="postgres", autocommit=True, **self.params)

    def manage(self, *args: str, key: str = "", extra: dict | None = None):
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("AWS_", "DJANGO_SETTINGS", "BACKUP_KEY"))
        }
        environment |= {
            "DEBUG": "true",
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "BACKUP_KEY": key,
            **(extra or {}),
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def tables(self) -> dict:
        if self.vendor == "postgresql":
            with psycopg.connect(dbname=self.name, **self.params) as raw:
                return table_checksums(raw, "postgresql")
        with sqlite3.connect(self.path) as raw:
            return table_checksums(raw, "sqlite")

    def files(self) -> dict:
        return file_hashes(FileSystemStorage(location=self.media))

    def drop(self) -> None:
        if self.vendor == "postgresql":
            with self.server() as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def new_site(tmp_path):
    site = Site(tmp_path)
    yield site
    site.drop()


@transactional
def test_encrypted_backup_restores_every_table_and_file_into_a_new_site(
    tmp_path, media, key, new_site, admin_user, partner_user, facility_a
):
    source = live_inventory()
    archive = make_backup(tmp_path / "backups")

    restored = new_site.manage("restore", str(archive), key=key)

    assert restored.returncode == 0, restored.stderr
    assert "Restored and verified" in restored.stdout
    assert archive.name.endswith(".tar.enc") and backup_crypto.is_encrypted(archive)
    assert new_site.tables() == source["tables"]
    assert source["tables"]["accounts_user"]["rows"] >= 2
    assert new_site.files() == source["files"] == file_hashes(default_storage)
    assert set(source["files"]) == {"guides/guide.pdf", "photos/2026/site.jpg", "notes.txt"}


@transactional
def test_force_restores_over_a_site_that_has_data(tmp_path, media, use_key, new_site, admin_user):
    archive = make_backup(tmp_path / "backups")
    assert new_site.manage("restore", str(archive)).returncode == 0
    (new_site.media / "later.txt").write_text("written after the restore")
    before = new_site.tables(), new_site.files()

    refused = new_site.manage("restore", str(archive))

    assert refused.returncode != 0
    assert "The target is not empty" in refused.stderr
    assert (new_site.tables(), new_site.files()) == before
    forced = new_site.manage("restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert "--force: replaced what was there" in forced.stdout
    assert new_site.tables() == live_inventory()["tables"]


@pytest.fixture(scope="module")
def archives(django_db_setup, django_db_blocker, tmp_path_factory):
    """A plain and an encrypted archive of the test database as migrate left it, made once."""
    folder = tmp_path_factory.mktemp("archives")
    key = backup_crypto.new_key()
    made = {"key": key, "media": folder / "media"}
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(folder / "media")):
        default_storage.save("guides/guide.pdf", ContentFile(b"%PDF-1.4 guide"))
        default_storage.save("photos/2026/site.jpg", ContentFile(os.urandom(300_000)))
        for name, value in (("plain", ""), ("encrypted", key)):
            with override_settings(BACKUP_KEY=value), mock.patch.dict(os.environ, BACKUP_KEY=value):
                made[name] = make_backup(folder / name)
    return made


@pytest.fixture
def archive_copy(archives, tmp_path):
    """A copy of one of the module's archives, to damage."""

    def copy(kind: str) -> Path:
        target = tmp_path / archives[kind].name
        shutil.copyfile(archives[kind], target)
        return target

    return copy


@pytest.fixture
def unchanged(archives, settings, use_key, admin_user):
    """The test database (with a user) and the media folder must be as before after the test."""
    settings.MEDIA_ROOT = str(archives["media"])
    before = live_inventory()
    yield
    assert live_inventory() == before


def refusal(archive: Path, *options: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), *options, stdout=io.StringIO())
    return str(refused.value)


def test_a_site_that_has_data_is_refused(archives, unchanged):
    message = refusal(archives["plain"])

    assert "The target is not empty: the database has" in message
    assert "the storage holds 2 files" in message and "--force" in message


def test_a_wrong_key_is_refused(archives, unchanged, use_key):
    use_key(backup_crypto.new_key())

    assert "BACKUP_KEY does not open this archive" in refusal(archives["encrypted"], "--force")


def test_an_encrypted_archive_without_key_is_refused(archives, unchanged):
    assert "This archive is encrypted" in refusal(archives["encrypted"], "--force")


@pytest.mark.parametrize("kind", ["encrypted", "plain"])
def test_a_truncated_archive_is_refused(archives, archive_copy, kind, unchanged, use_key):
    use_key(archives["key"])
    archive = archive_copy(kind)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) * 2 // 3])

    message = refusal(archive, "--force")

    assert "cut short" in message or "truncated" in message
    assert "nothing" in message.lower()


@pytest.mark.parametrize("kind", ["encrypted", "plain"])
def test_an_altered_archive_is_refused(archives, archive_copy, kind, unchanged, use_key):
    use_key(archives["key"])
    archive = archive_copy(kind)
    data = bytearray(archive.read_bytes())
    # Plain: a byte inside the photo (300 kB of random bytes), not in a tar header.
    position = data.find(b"photos/2026/site.jpg") + 150_000 if kind == "plain" else len(data) // 2
    data[position] ^= 0x01
    archive.write_bytes(bytes(data))

    message = refusal(archive, "--force")

    if kind == "plain":
        assert "does not match its manifest" in message
        assert "files/photos/2026/site.jpg differs" in message
    else:
        assert "altered" in message


def test_an_archive_from_another_database_vendor_is_refused(archives, tmp_path, unchanged):
    relabelled = tmp_path / "relabelled.tar"
    with tarfile.open(archives["plain"]) as source, tarfile.open(relabelled, "w") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(content)
                manifest["vendor"] = "sqlite" if connection.vendor == "postgresql" else "postgresql"
                content = json.dumps(manifest).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))

    message = refusal(relabelled, "--force")

    assert "restore it on the same kind of database" in message


def test_verify_only_checks_an_archive_and_changes_nothing(archives, unchanged, use_key):
    use_key(archives["key"])
    output = io.StringIO()

    call_command("restore", "--verify-only", str(archives["encrypted"]), stdout=output)

    assert "complete and intact" in output.getvalue()


def test_a_stream_cut_at_a_chunk_boundary_or_reordered_does_not_open(tmp_path):
    key = backup_crypto.new_key()
    sealed = io.BytesIO()
    writer = backup_crypto.EncryptingWriter(sealed, key)
    writer.write(os.urandom(backup_crypto.CHUNK * 2 + 10))
    writer.close()
    data = sealed.getvalue()
    chunk = 4 + backup_crypto.CHUNK + backup_crypto.TAG_SIZE
    header = backup_crypto.HEADER_SIZE
    cut = tmp_path / "cut"
    cut.write_bytes(data[: header + 2 * chunk])
    swapped = tmp_path / "swapped"
    swapped.write_bytes(
        data[:header] + data[header + chunk : header + 2 * chunk] + data[header : header + chunk]
        + data[header + 2 * chunk :]
    )  # fmt: skip

    for damaged in (cut, swapped):
        with pytest.raises(backup_crypto.DamagedArchive):
            backup_crypto.decrypt_file(damaged, io.BytesIO(), key)
    with pytest.raises(backup_crypto.BackupKeyError):
        backup_crypto.parse_key("not-a-key")


@transactional
def test_files_in_object_storage_are_restored_into_another_bucket(
    tmp_path, settings, use_key, new_site
):
    with running_object_store() as store:
        settings.STORAGES = {**settings.STORAGES, "default": store.storage_settings()}
        default_storage.save("guides/guide.pdf", ContentFile(b"%PDF-1.4 guide"))
        default_storage.save("photos/site.jpg", ContentFile(os.urandom(50_000)))
        source = file_hashes(default_storage)
        archive = make_backup(tmp_path / "backups")
        bucket = store.create_bucket("manara-restored")
        environment = {**store.environment(), "AWS_STORAGE_BUCKET_NAME": bucket}

        restored = new_site.manage("restore", str(archive), extra=environment)

        assert restored.returncode == 0, restored.stderr
        restored_store = {**store.storage_settings()}
        restored_store["OPTIONS"] = {**restored_store["OPTIONS"], "bucket_name": bucket}
        settings.STORAGES = {**settings.STORAGES, "default": restored_store}
        assert file_hashes(default_storage) == source
        assert set(source) == {"guides/guide.pdf", "photos/site.jpg"}
