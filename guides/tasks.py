"""Background tasks: build a ZIP of many guides, counting progress as each one is added.

A run whose worker was stopped is queued again once, then failed (common/interrupted.py).
"""

import datetime
import logging
import tempfile
import zipfile

from django.core.files import File
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from accounts import permissions
from assessments.models import Assessment
from common import interrupted
from facilities.models import Facility

from . import documents
from .models import GuideBatch
from .pdf import cached_pdf, render_html

logger = logging.getLogger(__name__)


def batch_items(batch: GuideBatch) -> list:
    """What goes into the batch: (facility, latest validated assessment or None)."""
    if batch.kind == GuideBatch.Kind.REGION_GUIDES:
        latest = (
            Assessment.objects.filter(is_latest_validated=True, facility__region=batch.region)
            .select_related(
                "facility__region",
                "facility__province",
                "facility__managing_organisation",
                "framework",
                "assessor_organisation",
                "validated_by",
            )
            .order_by("facility__name", "facility__pk")
        )
        return [(assessment.facility, assessment) for assessment in latest]
    facilities = Facility.objects.published()
    if batch.region_id:
        facilities = facilities.filter(region=batch.region_id)
    return [(f, None) for f in facilities.select_related("region", "province").order_by("name")]


def _document(batch: GuideBatch, facility: Facility, assessment):
    if batch.kind == GuideBatch.Kind.REGION_GUIDES:
        reader = batch.requested_by
        comments = reader is not None and permissions.reads_assessor_comments(reader)
        html = render_html(
            "guides/facility_guide.html",
            documents.facility_guide(facility, assessment, with_comments=comments),
        )
        filename = documents.filename_for("guide", facility.code or facility.slug)
        return cached_pdf("facility", html, filename)
    public_url = batch.base_url.rstrip("/") + documents.public_path(facility, batch.language)
    html = render_html(
        "guides/information_sheet.html", documents.information_sheet(facility, public_url)
    )
    return cached_pdf("sheet", html, documents.filename_for("sheet", facility.slug, batch.language))


# The first run and one more after an interruption: a batch that kills its worker twice (out of
# memory on a huge region, say) fails with a message rather than taking workers down for ever.
MAX_ATTEMPTS = 2


class Superseded(Exception):
    """This run was taken for dead (common/interrupted.py) and the batch given to another."""


def _step(batch_id: int, attempt: int, **changes) -> None:
    """Write `changes` and the time of this progress while the batch is still this run's."""
    mine = GuideBatch.objects.filter(
        pk=batch_id, attempts=attempt, status=GuideBatch.Status.RUNNING
    ).update(progressed_at=timezone.now(), **changes)
    if not mine:
        raise Superseded


@task()
def build_batch(batch_id: int) -> None:
    """Render every document of the batch (the cache spares unchanged ones) into one ZIP.

    Each run starts from zero (counters, error, a former ZIP) and counts itself in `attempts`;
    every later write is conditional on that count, so a second delivery of the task or a run
    replaced after an interruption stops instead of mixing its work with the other's.
    """
    batch = GuideBatch.objects.select_related("region").get(pk=batch_id)
    attempt = batch.attempts + 1
    claimed = GuideBatch.objects.filter(pk=batch_id, attempts=batch.attempts).update(
        status=GuideBatch.Status.RUNNING,
        attempts=attempt,
        total=0,
        done=0,
        error="",
        archive="",
        finished_at=None,
        progressed_at=timezone.now(),
    )
    if not claimed:
        logger.warning("Batch %s: another run started first; this one does nothing", batch_id)
        return
    if batch.archive:
        batch.archive.delete(save=False)
    try:
        with translation.override(batch.language):
            items = batch_items(batch)
            _step(batch_id, attempt, total=len(items))
            with tempfile.TemporaryFile() as spool:
                with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                    for facility, assessment in items:
                        document = _document(batch, facility, assessment)
                        archive.writestr(document.filename, document.content)
                        _step(batch_id, attempt, done=F("done") + 1)
                spool.seek(0)
                region = batch.region.code if batch.region else "maroc"
                name = f"{batch.kind}-{region}-{batch.language}-{batch.pk}.zip"
                batch.archive.save(name, File(spool), save=False)
        try:
            _step(
                batch_id,
                attempt,
                status=GuideBatch.Status.DONE,
                finished_at=timezone.now(),
                archive=batch.archive.name,
            )
        except Superseded:
            batch.archive.delete(save=False)
            raise
    except Superseded:
        logger.warning("Batch %s: run %s was replaced by a later one; it stops", batch_id, attempt)
    except Exception as error:
        logger.exception("Batch %s failed", batch_id)
        GuideBatch.objects.filter(pk=batch_id, attempts=attempt).update(
            status=GuideBatch.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
    except BaseException:
        # The worker was told to stop at once (a second SIGTERM, Ctrl-C): it records the task as
        # failed, so no lease will find it running; the batch is settled here before it exits
        # (unless a later run has it already).
        if GuideBatch.objects.filter(pk=batch_id, attempts=attempt).exists():
            settle_interrupted(batch_id)
        raise


def last_progress(batch_id: int) -> datetime.datetime | None:
    """When the batch's running task last showed progress (None before it started)."""
    return GuideBatch.objects.filter(pk=batch_id).values_list("progressed_at", flat=True).first()


def settle_interrupted(batch_id: int) -> str:
    """The worker building the batch stopped: queue it again from zero, or after MAX_ATTEMPTS
    runs fail it with a message in the requester's language (the progress page shows it)."""
    batch = GuideBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return f"batch {batch_id} already {batch.status if batch else 'deleted'}"
    unchanged = GuideBatch.objects.filter(pk=batch_id, attempts=batch.attempts)
    if batch.attempts < MAX_ATTEMPTS:
        if unchanged.update(status=GuideBatch.Status.QUEUED, done=0, progressed_at=None):
            build_batch.enqueue(batch_id)
        return f"batch {batch_id} queued again (run {batch.attempts + 1} of {MAX_ATTEMPTS})"
    with translation.override(batch.language):
        message = gettext("Interrupted: the task server stopped. Start the batch again.")
    unchanged.update(status=GuideBatch.Status.FAILED, error=message, finished_at=timezone.now())
    return f"batch {batch_id} failed after {batch.attempts} interrupted run(s)"


interrupted.register(build_batch, settle=settle_interrupted, last_progress=last_progress)
