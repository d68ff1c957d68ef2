"""`manage.py rotate_identity_key`: every case's name and phone encrypted again with the newest key.

Rotation (README "Personal data"): put the new key first in FIELD_ENCRYPTION_KEYS, deploy, run
this command, then remove the old key. The command rewrites the stored values only: no version
moves, no history row, no one's open form becomes stale. It then checks that the newest key alone
opens every value, and says so before the old key may go.
"""

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast

from common.encryption import parse_keys
from referrals.models import Case

IDENTITY = ["full_name", "phone"]


class Command(BaseCommand):
    help = "Re-encrypt every case's name and phone with the newest key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        cases = Case.objects.with_identity().order_by("pk").only("pk", *IDENTITY)
        rewritten = 0
        last_pk = 0
        while True:
            # One batch at a time, each locked while it is read and written back.
            with transaction.atomic():
                batch = list(cases.filter(pk__gt=last_pk).select_for_update()[:batch_size])
                if not batch:
                    break
                Case.objects.bulk_update(batch, IDENTITY)
            rewritten += len(batch)
            last_pk = batch[-1].pk
        left = self._needing_older_keys()
        if left:
            raise CommandError(
                f"{left} case(s) still need an older key (changed meanwhile by a process started "
                "with the old FIELD_ENCRYPTION_KEYS?): restart every process, run this again, and "
                "keep the old key until it reports none."
            )
        self.stdout.write(
            f"{rewritten} case(s) re-encrypted with the newest key of FIELD_ENCRYPTION_KEYS; it "
            "alone opens every name and phone now: the older keys can be removed."
        )

    def _needing_older_keys(self) -> int:
        """How many cases hold a value the newest key alone cannot open."""
        newest = parse_keys(settings.FIELD_ENCRYPTION_KEYS)[0]
        stored = (
            Case.objects.with_identity()
            .annotate(**{f"stored_{name}": Cast(name, models.TextField()) for name in IDENTITY})
            .values_list(*(f"stored_{name}" for name in IDENTITY))
        )
        left = 0
        for texts in stored.iterator(chunk_size=1000):
            try:
                for text in texts:
                    if text:
                        newest.decrypt(text.encode())
            except InvalidToken:
                left += 1
        return left
