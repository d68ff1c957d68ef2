"""`manage.py restore ARCHIVE`: load a backup into an empty database and storage, then verify it.

The archive is checked whole before anything is touched (common/backup_restore.py): a wrong
key, a truncated or altered archive, an archive from another database vendor or a newer Manara,
or a target that already holds data (unless --force) is refused with nothing changed.
`--verify-only` checks an archive (decrypts it, compares every member with the manifest) and
touches nothing: the way to test the backups kept off the server.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_key
from common.backup_restore import restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and storage, then verify every table and file."

    # The system checks run after a restore (README: restore, migrate, check); skipping them
    # here saves seconds on every scheduled run and lets a restore start on a bare database.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if the database or storage holds data: the archive's tables and "
            "files replace theirs.",
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Check the archive (key, completeness, every member's hash) and change nothing.",
        )

    def handle(self, *args, archive, force: bool, verify_only: bool, **options):
        started = time.monotonic()
        try:
            result = restore(Path(archive), backup_key(), force=force, verify_only=verify_only)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        rows = sum(table["rows"] for table in manifest["tables"].values())
        summary = (
            f"{manifest['vendor']} database of {manifest['created_at']}: {len(manifest['tables'])} "
            f"tables, {rows} rows, {len(manifest['files'])} files"
        )
        seconds = time.monotonic() - started
        if verify_only:
            self.stdout.write(
                f"The archive is complete and intact ({summary}); nothing was changed."
            )
            return
        for replaced in result.replaced:
            self.stdout.write(f"--force: replaced what was there: {replaced}.")
        self.stdout.write(
            f"Restored and verified in {seconds:.1f} s: {summary}; every table's checksum and "
            "every file's hash match the archive."
        )
        if result.pending_migrations:
            self.stdout.write(
                f"This code has {result.pending_migrations} migration(s) the archive did not: run "
                "`manage.py migrate`, then `manage.py check`."
            )
