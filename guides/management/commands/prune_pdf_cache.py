"""`manage.py prune_pdf_cache [--days N]`: delete cached PDFs and batch ZIPs older than N days.

The PDF cache (guides/pdf.py) keys each file by its HTML, so a changed document leaves its old
file behind for good; batch ZIPs are made once and kept. Both live on `default_storage`, so this
lists folders and reads modified times through the storage API and works on the local disk and
on object storage alike. A PDF still in use that is pruned is rendered again at its next
request; a pruned ZIP takes its batch with it (its download would find no file). The scheduler
runs it daily (common/scheduler.py).
"""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from guides.models import GuideBatch

CACHE_ROOT = "guides"
BATCHES = GuideBatch._meta.get_field("archive").upload_to.rstrip("/")


def stored_files(folder: str) -> Iterator[str]:
    """The name of every file under `folder` of the default storage (none if it does not exist)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for name in folders:
        yield from stored_files(f"{folder}/{name}")


class Command(BaseCommand):
    help = "Delete cached guide PDFs and batch ZIPs older than --days (default PDF_CACHE_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PDF_CACHE_DAYS,
            help="Delete the files last written more than this many days ago (default: "
            "%(default)s, PDF_CACHE_DAYS).",
        )

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        pdfs = zips = size = 0
        for name in stored_files(CACHE_ROOT):
            is_zip = name.startswith(f"{BATCHES}/")
            if not (is_zip or name.endswith(".pdf")):
                continue
            if default_storage.get_modified_time(name) >= cutoff:
                continue
            size += default_storage.size(name)
            default_storage.delete(name)
            if is_zip:
                GuideBatch.objects.filter(archive=name).delete()
                zips += 1
            else:
                pdfs += 1
        self.stdout.write(
            f"{pdfs} cached PDF(s) and {zips} batch ZIP(s) older than {days} days deleted "
            f"({size} bytes)."
        )
