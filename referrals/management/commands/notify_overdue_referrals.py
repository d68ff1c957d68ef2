"""`manage.py notify_overdue_referrals`: tell senders, once, that a referral got no answer in time.

Run it daily. The message carries the case reference and a link, never a name.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone, translation

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
            status="sent", due_on__lt=timezone.localdate(), overdue_notified_at__isnull=True
        ).with_related()
        count = 0
        for referral in overdue:
            with translation.override("fr"):
                link = base_url.rstrip("/") + reverse(
                    "referrals:referral_detail", args=[referral.pk]
                )
            notify_overdue(referral, link)
            Referral.objects.filter(pk=referral.pk).update(overdue_notified_at=timezone.now())
            count += 1
        self.stdout.write(f"{count} overdue referral(s) notified.")
