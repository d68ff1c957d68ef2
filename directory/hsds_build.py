"""The full HSDS document, built off the request into a gzip file in the default storage.

A build streams `hsds_stream.write_hsds_document` through gzip (in a thread of its own,
`GzipWriter`) into a temporary file, one record at a time, then hands the file to
`default_storage` (the local disk, S3, ...) and records it as an `HsdsBuild` row. The view serves
the newest file as it is. Builds run in the background (`directory.tasks.rebuild_hsds`), queued
after a change of the published data (`directory.signals`) or when the view finds the newest file
older than the data; one at a time (`common.locks.cache_lock`), and a build with nothing new does
nothing.
"""

import datetime
import gzip
import logging
import queue
import tempfile
import threading
import time
from typing import IO

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from common.locks import cache_lock

from .freshness import published_stamp
from .hsds import LANGUAGES
from .hsds_stream import write_hsds_document
from .models import HsdsBuild

logger = logging.getLogger(__name__)

LOCK = "directory:hsds:build"
# A build of 10,000 facilities takes seconds; the lock outlives a crashed builder by this much.
LOCK_SECONDS = 30 * 60
QUEUED = "directory:hsds:queued"
# Builds of each language kept in the storage: the newest, and the one before it for the
# downloads that started before the newest appeared.
KEPT = 2
FOLDER = "open-data/hsds"


def rebuild_delay() -> int:
    """Seconds between a change and its rebuild: changes within them share one build."""
    return settings.HSDS_REBUILD_SECONDS


def current(language: str) -> HsdsBuild | None:
    """The newest build of the document in `language`, or None before the first one."""
    return HsdsBuild.objects.filter(language=language).order_by("-built_at", "-pk").first()


def build_one(language: str, stamp: str, site_url: str) -> HsdsBuild:
    """Build the document in `language` into a new file and record it; older files are pruned."""
    started, clock = timezone.now(), time.perf_counter()
    with tempfile.TemporaryFile() as spool:
        with GzipWriter(spool) as zipped:
            locations = write_hsds_document(zipped, language, site_url)
        size = spool.tell()
        spool.seek(0)
        name = default_storage.save(
            f"{FOLDER}/manara-hsds-{language}-{started:%Y%m%dT%H%M%S%f}.json.gz", File(spool)
        )
    build = HsdsBuild.objects.create(
        language=language,
        stamp=stamp,
        file=name,
        site_url=site_url,
        built_at=started,
        seconds=time.perf_counter() - clock,
        size=size,
        locations=locations,
    )
    _prune(language)
    logger.info("HSDS document in %s built: %s locations, %s bytes", language, locations, size)
    return build


class GzipWriter:
    """A text stream gzipped into `fileobj` by a thread of its own: zlib lets go of the GIL while
    it compresses, so the compression runs beside the writing of the records instead of after it.

    Written text waits in a short queue (`QUEUED` writes of a few hundred kilobytes), so memory
    stays bounded. `mtime=0`: the same data give the same bytes. Closing (leaving the `with`)
    waits for the thread and raises what it raised.
    """

    QUEUED = 16
    # Level 3: a third of level 6's time for a file 11 % bigger (46 MB of JSON: 9.8 MB, 8.8 MB).
    LEVEL = 3

    def __init__(self, fileobj: IO[bytes], compresslevel: int = LEVEL):
        self.zipped = gzip.GzipFile(
            fileobj=fileobj, mode="wb", compresslevel=compresslevel, mtime=0
        )
        self.chunks: queue.Queue = queue.Queue(maxsize=self.QUEUED)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._compress, name="hsds-gzip", daemon=True)
        self.thread.start()

    def write(self, text: str) -> int:
        if self.error is None:
            self.chunks.put(text.encode())
        return len(text)

    def _compress(self) -> None:
        while (chunk := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    self.zipped.write(chunk)
                except BaseException as error:  # raised again by close(), in the caller
                    self.error = error

    def close(self) -> None:
        self.chunks.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error
        self.zipped.close()

    def __enter__(self) -> "GzipWriter":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.chunks.put(None)
            self.thread.join()


def _prune(language: str) -> None:
    for old in HsdsBuild.objects.filter(language=language).order_by("-built_at", "-pk")[KEPT:]:
        default_storage.delete(old.file)
        old.delete()


def rebuild(*, force: bool = False, site_url: str = "") -> str:
    """Build every language whose newest file is older than the published data (all with
    `force`, after a change the stamp does not see: an organisation's name, a category's).

    One build at a time: while another runs, this returns "busy" (that one will serve the same
    data, and checks the stamp again when it ends). Returns "built", "unchanged" or "busy".
    """
    with cache_lock(LOCK, LOCK_SECONDS) as taken:
        if not taken:
            return "busy"
        outcome = "unchanged"
        # A change committed during a build is built in a second pass, not lost.
        for _pass in range(2):
            stamp = published_stamp()
            for language in LANGUAGES:
                newest = current(language)
                if force or newest is None or newest.stamp != stamp:
                    url = site_url or settings.SITE_URL or (newest.site_url if newest else "")
                    build_one(language, stamp, url)
                    outcome = "built"
            if published_stamp() == stamp:
                break
            force = False
        return outcome


def schedule_rebuild(*, force: bool = False, site_url: str = "", after_commit: bool = True) -> None:
    """Queue a rebuild once the current transaction commits (at once with `after_commit=False`:
    a view that writes nothing), at most one per `rebuild_delay()`.

    The first change opens the window and queues a build that starts when it closes (with a
    backend that can defer; at once otherwise), so every change made meanwhile is in it; the
    task closes the window when it starts. Nothing is queued before the first build (the first
    download asks for it), so saving a facility in a test or a fresh database writes no file.
    """

    def enqueue() -> None:
        from .tasks import rebuild_hsds

        key = f"{QUEUED}:forced" if force else QUEUED
        delay = rebuild_delay()
        if not cache.add(key, True, delay):
            return
        if not site_url and not HsdsBuild.objects.exists():
            cache.delete(key)
            return
        task = rebuild_hsds
        if delay and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        try:
            task.enqueue(force=force, site_url=site_url)
        except Exception:
            # The change has committed; its request must not fail for the queue's sake.
            cache.delete(key)
            logger.exception("The rebuild of the HSDS document could not be queued")

    if after_commit:
        transaction.on_commit(enqueue)
    else:
        enqueue()


def window_closed(force: bool) -> None:
    """Called by the task as it starts: changes from now on queue a new build."""
    cache.delete(f"{QUEUED}:forced" if force else QUEUED)
