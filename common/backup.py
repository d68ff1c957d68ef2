"""`manage.py backup`: one archive with the database, every stored file and a manifest.

The archive is a tar file (`manara-YYYYMMDDTHHMMSSZ.tar`, or `.tar.enc` when BACKUP_KEY is set:
then the whole tar is encrypted as it is written, common/backup_crypto.py). Its members:

- `database.pgdump` on PostgreSQL: `pg_dump --format=custom` of DATABASES["default"], without
  owners or grants so that it restores under another role; `database.sqlite3` on SQLite: a copy
  made with SQLite's online backup API, consistent while the site keeps writing.
- `files/<name>`: every file of the default storage (local disk or S3), walked with listdir.
- `manifest.json`, written last: the format version, when and from which database vendor, the
  applied migrations per app, every table's row count and checksum, every file's size and
  SHA-256, and the SHA-256 of the database member. A restore refuses an archive whose members do
  not match it. Without BACKUP_KEY this catches damage, not a deliberate forgery: encrypt the
  archives that leave the server.

Consistency: on PostgreSQL the table checksums are computed in one REPEATABLE READ transaction
whose snapshot pg_dump imports (`--snapshot`), so the manifest describes exactly the dump; on
SQLite they are computed on the copy. The files are walked after the database is dumped: a row
is committed after its file is saved, so every file the dump refers to is already in storage;
a file uploaded meanwhile is an unreferenced extra, harmless.
"""

import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction

from .backup_crypto import EncryptingWriter
from .backup_inventory import READ_SIZE, file_hashes, stored_names, table_checksums

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why in a sentence for IT staff."""


def backup_key() -> str:
    """BACKUP_KEY from the settings (or the environment): empty when archives are not encrypted."""
    return getattr(settings, "BACKUP_KEY", "") or os.environ.get("BACKUP_KEY", "")


def postgres_environment() -> dict[str, str]:
    """pg_dump/pg_restore's connection to DATABASES["default"], as libpq's variables."""
    database = connection.settings_dict
    options = database.get("OPTIONS", {})
    values = {
        "PGDATABASE": database["NAME"],
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGSSLMODE": options.get("sslmode"),
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def applied_migrations(raw) -> dict[str, list[str]]:
    """{app: [migration names]} from django_migrations, read through a DB-API connection."""
    cursor = raw.cursor()
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    cursor.close()
    return applied


class HashingReader:
    """Reads a file object through, keeping the SHA-256 and size of what was read."""

    def __init__(self, fileobj):
        self.fileobj, self.digest, self.size = fileobj, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, name: str, fileobj, size: int) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    reader = HashingReader(fileobj)
    tar.addfile(info, reader)
    return {"size": reader.size, "sha256": reader.digest.hexdigest()}


def _dump_postgresql(path: Path) -> tuple[dict, dict]:
    """pg_dump into `path`; the tables' checksums and migrations of the very same snapshot."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        dumped = subprocess.run(  # noqa: S603 (fixed arguments)
            [  # noqa: S607 (pg_dump from PATH, like psql)
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            env=postgres_environment(),
            capture_output=True,
            text=True,
        )
        if dumped.returncode:
            raise BackupError(f"pg_dump failed: {dumped.stderr.strip()}")
        raw = connection.connection
        return table_checksums(raw, "postgresql"), applied_migrations(raw)


def _dump_sqlite(path: Path) -> tuple[dict, dict]:
    """SQLite's online backup into `path`; the checksums and migrations of that copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        return table_checksums(copy, "sqlite"), applied_migrations(copy)
    finally:
        copy.close()


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float


def archive_name(now: datetime.datetime, encrypted: bool) -> str:
    return f"manara-{now:%Y%m%dT%H%M%SZ}.tar" + (".enc" if encrypted else "")


def create_backup(output: Path, key: str = "") -> BackupResult:
    """Write the archive into `output` (a directory, or the archive's path); encrypted with key.

    The archive is written under a temporary name and renamed when complete, so a failed or
    interrupted backup never leaves a file that looks like a good archive.
    """
    started = time.monotonic()
    now = datetime.datetime.now(datetime.UTC)
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    if output.is_dir():
        output = output / archive_name(now, bool(key))
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".manara-backup-") as work:
        dump = Path(work) / DATABASE_MEMBERS[vendor]
        dumper = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        tables, migrations = dumper(dump)
        manifest = {
            "format": FORMAT,
            "application": "manara",
            "created_at": now.isoformat(),
            "vendor": vendor,
            "migrations": migrations,
            "tables": tables,
        }
        with open(partial, "wb") as target:
            sink = EncryptingWriter(target, key) if key else target
            with tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                with open(dump, "rb") as dumped:
                    database = _add(tar, dump.name, dumped, dump.stat().st_size)
                manifest["database"] = {"member": dump.name, **database}
                manifest["files"] = {}
                for name in stored_names(default_storage):
                    with default_storage.open(name, "rb") as stored:
                        size = default_storage.size(name)
                        manifest["files"][name] = _add(tar, f"files/{name}", stored, size)
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
                tar.addfile(info, _BytesReader(data))
            if key:
                sink.close()
            target.flush()
            os.fsync(target.fileno())
    partial.rename(output)
    return BackupResult(output, manifest, time.monotonic() - started)


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.position = data, 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


def live_inventory() -> dict:
    """The tables' checksums and files' hashes of the configured database and storage."""
    with transaction.atomic():
        connection.ensure_connection()
        tables = table_checksums(connection.connection, connection.vendor)
    return {"tables": tables, "files": file_hashes(default_storage)}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(READ_SIZE):
            digest.update(block)
    return digest.hexdigest()
