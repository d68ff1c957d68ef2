"""`manage.py erase_expired_identities`: erase names and phones of cases closed long enough ago.

Run it daily (cron or a scheduler). The retention period is set by an admin (personal data
protection); each erasure keeps the pseudonymous case and its statistics and is logged.
"""

from django.core.management.base import BaseCommand

from referrals.models import ProtectionSettings


class Command(BaseCommand):
    help = "Erase the identifying details of closed cases past the retention period."

    def handle(self, *args, **options):
        settings = ProtectionSettings.load()
        erased = 0
        for case in settings.expired_cases():
            case.erase_identity(None)
            erased += 1
        self.stdout.write(
            f"{erased} case(s) erased (retention: {settings.retention_days} days after closure)."
        )
