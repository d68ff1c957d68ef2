"""`manage.py send_notification_digests`: the daily mail of notifications people chose to get so.

Run it once a day (cron). Each person gets one mail in their language listing what waited since
the last one; what a mail holds is marked in the same transaction, so a second run sends nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from notifications.services import send_digests


class Command(BaseCommand):
    help = "Mail each person the notifications waiting for their daily digest (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="Address of Manara for the links in mails, e.g. https://manara.example.org",
        )

    def handle(self, *args, base_url, **options):
        count = send_digests(base_url)
        self.stdout.write(f"{count} digest(s) queued.")
