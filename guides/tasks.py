"""Background tasks: build a ZIP of many guides, counting progress as each one is added."""

import logging
import tempfile
import zipfile

from django.core.files import File
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from accounts import permissions
from assessments.models import Assessment
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


@task()
def build_batch(batch_id: int) -> None:
    """Render every document of the batch (the cache spares unchanged ones) into one ZIP."""
    batch = GuideBatch.objects.select_related("region").get(pk=batch_id)
    try:
        with translation.override(batch.language):
            items = batch_items(batch)
            batch.status, batch.total, batch.done = GuideBatch.Status.RUNNING, len(items), 0
            batch.save(update_fields=["status", "total", "done"])
            with tempfile.TemporaryFile() as spool:
                with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                    for facility, assessment in items:
                        document = _document(batch, facility, assessment)
                        archive.writestr(document.filename, document.content)
                        GuideBatch.objects.filter(pk=batch.pk).update(done=F("done") + 1)
                spool.seek(0)
                region = batch.region.code if batch.region else "maroc"
                name = f"{batch.kind}-{region}-{batch.language}-{batch.pk}.zip"
                batch.archive.save(name, File(spool), save=False)
    except Exception as error:
        logger.exception("Batch %s failed", batch_id)
        batch.status, batch.error = GuideBatch.Status.FAILED, str(error)[:500]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error", "finished_at"])
        return
    batch.refresh_from_db(fields=["done"])
    batch.status, batch.finished_at = GuideBatch.Status.DONE, timezone.now()
    batch.save(update_fields=["status", "finished_at", "archive"])
