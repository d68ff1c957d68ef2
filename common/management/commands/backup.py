"""`manage.py backup`: write one archive of the database, every stored file and a manifest.

What the archive holds and why it is consistent: common/backup.py. With BACKUP_KEY set the archive
is encrypted (common/backup_crypto.py); `--new-key` prints a fresh key; `--inventory` prints the
live database's table checksums and the storage's file hashes as JSON (the restore drill compares
two sites with it).
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common import backup_crypto
from common.backup import BackupError, backup_key, create_backup, live_inventory
from common.backup_crypto import BackupKeyError, parse_key


class Command(BaseCommand):
    help = "Write a backup archive (database, files, manifest), encrypted with BACKUP_KEY if set."

    # The system checks run after a restore (README: restore, migrate, check); skipping them
    # here saves seconds on every scheduled run and lets a restore start on a bare database.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default="backups",
            help="Directory for the archive (made if missing), or the archive's file name. "
            "Default: ./backups",
        )
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new BACKUP_KEY and exit."
        )
        parser.add_argument(
            "--inventory",
            action="store_true",
            help="Print each table's row count and checksum and each file's hash as JSON; exit.",
        )

    def handle(self, *args, output, new_key: bool, inventory: bool, **options):
        if new_key:
            self.stdout.write(backup_crypto.new_key())
            return
        if inventory:
            self.stdout.write(json.dumps(live_inventory(), indent=1, sort_keys=True))
            return
        key = backup_key()
        if key:
            try:
                parse_key(key)
            except BackupKeyError as error:
                raise CommandError(str(error)) from None
        elif not settings.DEBUG:
            self.stderr.write(
                "BACKUP_KEY is not set: this archive is NOT encrypted. It holds personal data; "
                "set BACKUP_KEY before it leaves this server."
            )
        target = Path(output)
        if not target.suffix:
            target.mkdir(parents=True, exist_ok=True)
        try:
            result = create_backup(target, key)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        rows = sum(table["rows"] for table in manifest["tables"].values())
        size = result.path.stat().st_size
        self.stdout.write(
            f"Backup written: {result.path} ({size / 1e6:.1f} MB, "
            f"{'encrypted' if key else 'not encrypted'}) in {result.seconds:.1f} s: "
            f"{manifest['vendor']} database, {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files'])} files."
        )
        sys.stdout.flush()
