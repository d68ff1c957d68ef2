"""Background task: pull a Kobo form's submissions into a KoboImport, counting pages as they come.

The submissions wait in the import for a person to preview and confirm them
(kobo_import_views.py); a submission whose version is already an assessment's is left out. The
photos of their answers are fetched with them (photos.py). When the fetch fails, the import
says why and nothing else changes; so it does when the worker was
stopped during the fetch (common/interrupted.py).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from common import interrupted

from .api import KoboError, fetch_submissions
from .importing import imported_assessments, match_assessment
from .models import KoboForm, KoboImport
from .photos import discard_pending, fetch_photos
from .submissions import Submission

logger = logging.getLogger(__name__)


def new_submissions(submissions: list[Submission]) -> list[Submission]:
    """The submissions no assessment comes from yet, or edited on Kobo since their import;
    each `_uuid` once, in their order. The version already imported is left out."""
    known = imported_assessments(submissions)
    kept, seen = [], set()
    for submission in submissions:
        assessment = match_assessment(submission, known)
        imported = assessment is not None and submission.uuid == (
            assessment.kobo_version_uuid or assessment.kobo_uuid
        )
        if not imported and submission.uuid not in seen:
            seen.add(submission.uuid)
            kept.append(submission)
    return kept


def _fail(kobo_import: KoboImport, message: str) -> None:
    discard_pending(kobo_import.pk)
    kobo_import.status, kobo_import.error, kobo_import.submissions = (
        KoboImport.Status.FAILED,
        message,
        [],
    )
    kobo_import.save(update_fields=["status", "error", "submissions"])


@task()
def fetch_kobo_submissions(import_id: int, language: str | None = None) -> None:
    """Fetch the submissions of the import's Kobo form; `language` is the requester's."""
    kobo_import = KoboImport.objects.select_related("kobo_form").get(pk=import_id)
    if kobo_import.status != KoboImport.Status.FETCHING:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        kobo_form = kobo_import.kobo_form
        if kobo_form is None:
            _fail(kobo_import, _("The Kobo form of this import is no longer linked."))
            return

        def progress(fetched: int, total: int) -> None:
            kobo_import.fetched, kobo_import.total = fetched, total
            kobo_import.save(update_fields=["fetched", "total"])

        try:
            submissions = new_submissions(fetch_submissions(kobo_form.asset_uid, on_page=progress))
            fetch_photos(import_id, submissions, kobo_form.framework.criteria.all())
            with transaction.atomic():
                kobo_import.status = KoboImport.Status.READY
                kobo_import.submissions = [submission.as_dict() for submission in submissions]
                kobo_import.error = ""
                kobo_import.save(update_fields=["status", "submissions", "error"])
                KoboForm.objects.filter(pk=kobo_form.pk).update(last_fetched_at=timezone.now())
        except KoboError as error:
            logger.warning("Kobo import %s: %s", import_id, error.message)
            _fail(kobo_import, error.message)
        except Exception:
            logger.exception("Kobo import %s failed", import_id)
            _fail(
                kobo_import,
                _(
                    "Fetching from the Kobo server failed unexpectedly; try again, or tell an "
                    "administrator."
                ),
            )
        except BaseException:
            # The worker was told to stop at once (a second SIGTERM, Ctrl-C) and records the task
            # as failed: the import says so before the worker exits.
            settle_interrupted(import_id, language)
            raise


def settle_interrupted(import_id: int, language: str | None = None) -> str:
    """The worker fetching stopped: the import fails and says so, in the requester's language.

    Not queued again by itself: the person is on the page and may fetch again at once (the form
    is no longer "being fetched"), and a fetch asks someone else's server. The lease is the
    task's start: a fetch longer than TASK_STALE_MINUTES (pages read one by one, each within
    KOBO_TIMEOUT, up to KOBO_MAX_PAGES) would be failed wrongly, but its end still writes the
    submissions and marks the import ready.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        message = _("Interrupted: the task server stopped. Fetch the submissions again.")
    failed = KoboImport.objects.filter(pk=import_id, status=KoboImport.Status.FETCHING).update(
        status=KoboImport.Status.FAILED, error=message, submissions=[]
    )
    if failed:
        discard_pending(import_id)
    return f"Kobo import {import_id} {'failed' if failed else 'was no longer fetching'}"


interrupted.register(fetch_kobo_submissions, settle=settle_interrupted)
