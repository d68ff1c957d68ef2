"""Draft assessments from Kobo submissions: which draft a submission came from, and writing it.

An assessment imported from Kobo keeps the submission's stable key (`Submission.key`, the
rootUuid that every edit keeps) and the `_uuid` of the version imported. `importing.check`
finds with `imported_assessments` and `match_assessment` the assessment of an earlier version
of each submission; `importing.import_submissions` creates the new drafts with `create_draft`
and rewrites, with `update_draft`, those whose submission was edited on Kobo since.
"""

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Answer, Assessment, Need
from common.concurrency import StaleSave, claim

from . import photos
from .submissions import Submission

if TYPE_CHECKING:
    from .checked import CheckedAnswer, CheckedSubmission
    from .needs import CheckedNeed

# Keys per query, far below SQLite's and PostgreSQL's limits on query parameters.
UUID_BATCH = 500


class KoboImportError(Exception):
    """The import was refused and nothing was written; the message says why."""


def imported_assessments(submissions: list[Submission]) -> dict[str, Assessment]:
    """The assessments imported from these submissions (any version), by their stored key."""
    keys = list(dict.fromkeys(key for s in submissions for key in s.match_keys))
    known: dict[str, Assessment] = {}
    for start in range(0, len(keys), UUID_BATCH):
        batch = keys[start : start + UUID_BATCH]
        known.update(
            (assessment.kobo_uuid, assessment)
            for assessment in Assessment.objects.filter(kobo_uuid__in=batch).only(
                "pk", "kobo_uuid", "kobo_version_uuid", "status", "version", "facility", "framework"
            )
        )
    return known


def match_assessment(submission: Submission, known: dict[str, Assessment]) -> Assessment | None:
    """The assessment of an earlier version of the submission: stored under its rootUuid, or,
    for rows stored before edits were followed, under this `_uuid` or the one it replaced."""
    return next((known[key] for key in submission.match_keys if key in known), None)


def create_draft(row: "CheckedSubmission", user, written: list[str]) -> Assessment:
    """A new draft from the submission; the photos copied are added to `written`."""
    assessment = Assessment.objects.create(
        facility=row.facility,
        framework=row.framework,
        assessed_on=row.assessed_on,
        assessor_organisation=user.organisation,
        created_by=user,
        status=Assessment.Status.DRAFT,
        summary=row.summary,
        kobo_uuid=row.submission.key,
        kobo_version_uuid=row.submission.uuid,
    )
    _add_answers(assessment, row.answers, written)
    _add_needs(assessment, row.needs)
    return assessment


def _add_answers(
    assessment: Assessment, answers: list["CheckedAnswer"], written: list[str]
) -> None:
    created = []
    for checked in answers:
        answer = Answer(
            assessment=assessment,
            criterion=checked.criterion,
            score=checked.score,
            not_applicable=checked.not_applicable,
            comment=checked.comment,
        )
        photos.attach(answer, checked.photo_path, written)
        created.append(answer)
    Answer.objects.bulk_create(created)


def _add_needs(assessment: Assessment, needs: list["CheckedNeed"]) -> None:
    # bulk_create skips Need.save(), which works out the total: it is set here instead.
    Need.objects.bulk_create(
        Need(
            facility=assessment.facility,
            assessment=assessment,
            dimension=need.dimension,
            kind=need.kind,
            description=need.description,
            quantity=need.quantity,
            unit=need.unit,
            unit_cost=need.unit_cost,
            total_cost=need.total_cost,
            urgency=need.urgency,
        )
        for need in needs
    )


def update_draft(row: "CheckedSubmission", user, written: list[str]) -> Assessment:
    """Rewrite a draft from the edited submission: its visit, answers, comments and needs.

    The draft's version, read by `check` in this transaction, is claimed first (common/
    concurrency.py): a draft saved or submitted meanwhile is refused, not overwritten. An answer
    the edit keeps is updated in place, so a photo added on the web stays; the needs, only
    identified ones (`check` refuses the rest), are replaced. A photo fetched from Kobo replaces
    the answer's photo; the copies are added to `written`.
    """
    assessment = Assessment.objects.select_related("facility").get(pk=row.assessment.pk)
    try:
        claim(assessment, row.assessment.version, user)
    except StaleSave as stale:
        raise KoboImportError(
            _(
                "Draft assessment no. %(number)s changed while it was being updated from Kobo "
                "(%(detail)s); nothing was imported. Look at the preview again."
            )
            % {"number": assessment.pk, "detail": stale.detail}
        ) from stale
    assessment.facility = row.facility
    assessment.assessed_on = row.assessed_on
    assessment.summary = row.summary
    assessment.kobo_uuid = row.submission.key
    assessment.kobo_version_uuid = row.submission.uuid
    assessment.save()
    kept = {answer.criterion.pk: answer for answer in row.answers}
    stored = list(assessment.answers.all())
    assessment.answers.exclude(criterion__in=list(kept)).delete()
    now = timezone.now()
    updated = []
    for answer in stored:
        if answer.criterion_id in kept:
            checked = kept.pop(answer.criterion_id)
            answer.score, answer.not_applicable = checked.score, checked.not_applicable
            answer.comment, answer.updated_at = checked.comment, now
            photos.attach(answer, checked.photo_path, written)
            updated.append(answer)
    Answer.objects.bulk_update(
        updated, ["score", "not_applicable", "comment", "photo", "updated_at"]
    )
    _add_answers(assessment, list(kept.values()), written)
    for need in assessment.needs.all():
        need.delete()
    _add_needs(assessment, row.needs)
    return assessment
