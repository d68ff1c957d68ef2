"""`manage.py prune_kobo_imports [--days N]`: delete the Kobo imports never imported, once old.

An import read from a file or pulled from Kobo that nobody imports (left ready, or failed) would
keep its submissions and the photos waiting for it for good. Those made more than N days ago
(KOBO_IMPORT_KEEP_DAYS) are deleted, photos included (kobo/discarding.py); a pull still fetching
and an import done are never touched. The scheduler runs it daily (common/scheduler.py); it
prints a line per import deleted, then how many.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from kobo.discarding import prune


class Command(BaseCommand):
    help = "Delete the Kobo imports ready or failed, never imported, older than --days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.KOBO_IMPORT_KEEP_DAYS,
            help="Delete the imports made more than this many days ago (default: %(default)s, "
            "KOBO_IMPORT_KEEP_DAYS).",
        )

    def handle(self, *args, days, **options):
        deleted = prune(days)
        for discarded in deleted:
            self.stdout.write(f"{discarded} deleted")
        self.stdout.write(
            f"{len(deleted)} Kobo import(s) never imported and older than {days} days deleted."
        )
