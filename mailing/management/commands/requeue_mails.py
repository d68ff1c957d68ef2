"""Queue again the mails left `queued` with no task behind them (run it from cron).

A mail stays `queued` without a task when the worker stopped in the middle of an attempt or the
task could not be queued after the commit. Mails untouched for longer than `--older-than`
minutes (more than the longest wait between two attempts) get their next attempt queued; a task
that was only late still sends once, since each attempt is claimed before it is made.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from mailing.models import OutgoingMail
from mailing.tasks import RETRY_DELAYS, requeue


class Command(BaseCommand):
    help = "Queue again the mails left queued with no task behind them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=max(RETRY_DELAYS) // 60 + 60,
            help="Minutes without news before a queued mail is stuck (default: %(default)s).",
        )

    def handle(self, *args, older_than: int, **options):
        before = timezone.now() - datetime.timedelta(minutes=older_than)
        stuck = OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).filter(
            Q(last_attempt_at__lt=before) | Q(last_attempt_at__isnull=True, created_at__lt=before)
        )
        count = 0
        for outgoing in stuck.only("pk", "attempts"):
            requeue(outgoing)
            count += 1
        self.stdout.write(f"{count} stuck mail(s) queued again.")
