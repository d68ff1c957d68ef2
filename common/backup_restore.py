"""`manage.py restore ARCHIVE`: check an archive whole, then load it into an empty site.

Order, so that a bad archive or a wrong target changes nothing:
1. Open: an encrypted archive is decrypted into a temporary folder next to it (a wrong key,
   a cut or an altered chunk stops here).
2. Check: the tar reads to its end, manifest.json is there and of a known format, every member
   has the SHA-256 the manifest gives, none is missing and none added.
3. Fit: the archive's database vendor is the configured one; its migrations are all known to
   this code (an archive from a newer Manara is refused; one from an older is restored and then
   `manage.py migrate` brings it up to date).
4. Target: the database has no rows in any table (on PostgreSQL a new database from `createdb`,
   never migrated: pg_restore creates the schema; on SQLite a missing or empty file) and the
   storage holds no file; unless --force, which says what it replaces.
5. Load: pg_restore in a single transaction (`--clean --if-exists`, so --force replaces the
   archive's tables; a failure rolls back), or SQLite's backup API copying the archived database
   over the target in one step. Then each file is saved to the storage.
6. Verify: every table's checksum and every file's hash on the target against the manifest.
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from .backup import DATABASE_MEMBERS, FORMAT, MANIFEST, BackupError, postgres_environment
from .backup_crypto import BackupKeyError, DamagedArchive, decrypt_file, is_encrypted
from .backup_inventory import differences, file_sha256, stored_names, table_checksums


@dataclass
class CheckedArchive:
    """A plain tar whose members all match its manifest."""

    tar_path: Path
    manifest: dict
    encrypted: bool


def scratch_folder(path: Path) -> Path | None:
    """Where the decrypted archive and the dump go: next to the archive (room for its size)
    unless that folder is read-only, then the system's temporary folder."""
    return path.parent if os.access(path.parent, os.W_OK) else None


@contextlib.contextmanager
def opened_archive(path: Path, key: str):
    """Decrypt (if need be) and check the archive; yield a CheckedArchive. Raises BackupError."""
    if not path.is_file():
        raise BackupError(f"There is no archive at {path}.")
    encrypted = is_encrypted(path)
    if encrypted and not key:
        raise BackupError("This archive is encrypted: set BACKUP_KEY to the key it was made with.")
    with tempfile.TemporaryDirectory(dir=scratch_folder(path), prefix=".manara-restore-") as work:
        tar_path = path
        if encrypted:
            tar_path = Path(work) / "archive.tar"
            try:
                with open(tar_path, "wb") as plain:
                    decrypt_file(path, plain, key)
            except BackupKeyError as error:
                raise BackupError(str(error)) from None
            except DamagedArchive as error:
                raise BackupError(
                    f"The archive is damaged or was altered ({error}); nothing was restored."
                ) from None
        yield CheckedArchive(tar_path, check_members(tar_path), encrypted)


def check_members(tar_path: Path) -> dict:
    """The manifest, once every member's hash has been checked against it."""
    try:
        with tarfile.open(tar_path, mode="r:") as tar:
            found, manifest = {}, None
            for member in tar:
                if not member.isfile():
                    raise BackupError(f"The archive holds an unexpected entry: {member.name}.")
                with tar.extractfile(member) as content:
                    if member.name == MANIFEST:
                        manifest = json.load(content)
                    else:
                        found[member.name] = file_sha256(content)
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(
            f"The archive is truncated or damaged ({error}); nothing was restored."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("application") != "manara":
        raise BackupError("The archive has no Manara manifest: it is cut short or not a backup.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The archive's format {manifest.get('format')} is not {FORMAT}.")
    try:
        database = manifest["database"]
        if database["member"] not in DATABASE_MEMBERS.values():
            raise KeyError("member")  # also keeps the name it is extracted under a fixed one
        expected = {database["member"]: database["sha256"]}
        expected |= {f"files/{name}": item["sha256"] for name, item in manifest["files"].items()}
        if not all(isinstance(manifest[part], dict) for part in ("tables", "migrations")):
            raise TypeError("tables or migrations")
    except (KeyError, TypeError, AttributeError):
        raise BackupError("The archive's manifest is incomplete; nothing was restored.") from None
    problems = differences(
        {name: {"sha256": sha} for name, sha in expected.items()},
        {name: {"sha256": sha} for name, sha in found.items()},
        "member",
    )
    if problems:
        raise BackupError(
            "The archive does not match its manifest; nothing was restored: "
            + "; ".join(problems[:5])
        )
    return manifest


def unknown_migrations(manifest: dict) -> list[str]:
    """The archive's applied migrations that this code does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(manifest["migrations"].items())
        for name in names
        if (app, name) not in known
    ]


def pending_migrations(manifest: dict) -> int:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    return len(known - archived)


def database_rows() -> dict[str, int]:
    """{table: rows} of the target's tables that have rows."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if rows := cursor.fetchone()[0]:
                counts[table] = rows
    return counts


def check_fit(manifest: dict, force: bool) -> list[str]:
    """Refuse a target that does not fit; what --force will replace (sentences)."""
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"The archive holds a {manifest['vendor']} database and this site runs on {vendor}: "
            "restore it on the same kind of database."
        )
    if unknown := unknown_migrations(manifest):
        raise BackupError(
            "The archive was made by a newer version of Manara (migrations unknown here: "
            f"{', '.join(unknown[:5])}); restore it with that version."
        )
    rows = database_rows()
    files = list(stored_names(default_storage))
    replaced = []
    if rows:
        replaced.append(
            f"the database has {sum(rows.values())} rows in {len(rows)} tables "
            f"(e.g. {', '.join(f'{t}: {n}' for t, n in list(rows.items())[:3])})"
        )
    if files:
        replaced.append(f"the storage holds {len(files)} files (e.g. {files[0]})")
    if replaced and not force:
        raise BackupError(
            "The target is not empty: "
            + "; ".join(replaced)
            + ". Restore into a new database (createdb, without migrate) and an empty storage, "
            "or pass --force to replace its contents."
        )
    return replaced


def load_database(tar: tarfile.TarFile, manifest: dict, work: Path) -> None:
    member = manifest["database"]["member"]
    dump = work / member
    with tar.extractfile(member) as content, open(dump, "wb") as target:
        while block := content.read(1024 * 1024):
            target.write(block)
    connection.close()
    if connection.vendor == "postgresql":
        restored = subprocess.run(  # noqa: S603 (fixed arguments)
            [  # noqa: S607 (pg_restore from PATH, like psql)
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            env=postgres_environment(),
            capture_output=True,
            text=True,
        )
        if restored.returncode:
            raise BackupError(
                "pg_restore failed and rolled back, the database is unchanged: "
                + restored.stderr.strip()[-2000:]
            )
    else:
        source = sqlite3.connect(dump)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()


def load_files(tar: tarfile.TarFile, manifest: dict) -> None:
    for name in manifest["files"]:
        if default_storage.exists(name):
            default_storage.delete(name)
        with tar.extractfile(f"files/{name}") as content:
            saved = default_storage.save(name, File(content, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}: it is not empty.")


def verify_target(manifest: dict) -> list[str]:
    """Differences between the restored database and storage and the manifest."""
    connection.close()
    with transaction.atomic():
        connection.ensure_connection()
        tables = table_checksums(connection.connection, connection.vendor)
    tables = {
        name: value for name, value in tables.items() if name in manifest["tables"] or value["rows"]
    }
    problems = differences(manifest["tables"], tables, "table")
    for name, item in manifest["files"].items():
        with default_storage.open(name, "rb") as stored:
            if file_sha256(stored) != item["sha256"]:
                problems.append(f"file {name} differs from the archive")
    return problems


@dataclass
class RestoreResult:
    manifest: dict
    replaced: list[str] = field(default_factory=list)
    pending_migrations: int = 0


def restore(path: Path, key: str, force: bool = False, verify_only: bool = False) -> RestoreResult:
    """Check the archive, then (unless verify_only) load and verify it. Raises BackupError."""
    with opened_archive(path, key) as archive:
        manifest = archive.manifest
        if verify_only:
            return RestoreResult(manifest)
        replaced = check_fit(manifest, force)
        with (
            tempfile.TemporaryDirectory(
                dir=scratch_folder(path), prefix=".manara-restore-"
            ) as work,
            tarfile.open(archive.tar_path, mode="r:") as tar,
        ):
            load_database(tar, manifest, Path(work))
            load_files(tar, manifest)
    if problems := verify_target(manifest):
        raise BackupError(
            "The restore finished but the target differs from the archive: "
            + "; ".join(problems[:10])
        )
    return RestoreResult(manifest, replaced, pending_migrations(manifest))
