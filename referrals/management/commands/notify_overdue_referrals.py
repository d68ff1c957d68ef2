"""`manage.py notify_overdue_referrals`: tell senders, once, that a referral got no answer in time.

Run it daily. The message carries the case reference and a link, never a name; each person reads
it in their own language, with a link under that language's prefix at the --base-url host.
Each referral's notifications, mails and mark commit together, so a failure halfway leaves the
referral to the next run rather than half told; the mails leave after the commit (`mailing`).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from referrals.models import Referral
from referrals.services import notify_overdue


class Command(BaseCommand):
    help = "Notify the sending organisations of referrals whose answer is overdue (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="Address of Manara for the links in emails, e.g. https://manara.example.org",
        )

    def handle(self, *args, base_url, **options):
        overdue = Referral.objects.filter(
            status=Referral.Status.SENT,
            due_on__lt=timezone.localdate(),
            overdue_notified_at__isnull=True,
        ).with_related()
        count = 0
        for referral in overdue:
            with transaction.atomic():
                notify_overdue(referral, base_url)
                Referral.objects.filter(pk=referral.pk).update(overdue_notified_at=timezone.now())
            count += 1
        self.stdout.write(f"{count} overdue referral(s) notified.")
