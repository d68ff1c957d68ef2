"""Kobo submissions in: check every submission, then import them all as drafts, or none.

Submissions come from Kobo's export, XLSX or CSV (`xlsx.read_export`), or from Kobo's API
(`kobo_api.py`) as `kobo.Submission`s. `check` says of each one whether it becomes a new draft
assessment, was imported before (its key, the rootUuid, is stored on the assessment with the
`_uuid` of the version imported), is an edit on Kobo of an imported one that updates its draft,
is an edit refused because that assessment is no longer a draft, or cannot be imported and why;
`import_submissions` writes them in one transaction, or nothing when any is in error. What a
checked submission holds is in `checked.py`; how a needs row is checked, in `needs.py`.
"""

import datetime
import re
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment, Criterion, Framework, Need
from facilities.models import Facility

from . import photos
from . import submissions as kobo
from .checked import (
    ERROR,
    IMPORTED,
    NEW,
    REFUSED,
    UPDATE,
    CheckedAnswer,
    CheckedSubmission,
    Preview,
)
from .drafts import (
    KoboImportError,
    create_draft,
    imported_assessments,
    match_assessment,
    update_draft,
)
from .models import KoboImport
from .needs import checked_need
from .submissions import Submission
from .xlsx import NEED_ROW

# Checking the submissions --------------------------------------------------------------------


def _parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


class _Checker:
    """The lookups `check` makes once for all the submissions."""

    def __init__(self, submissions: list[Submission], framework: Framework | None, user):
        codes = {s.get(kobo.FACILITY) for s in submissions}
        self.facilities = {f.code: f for f in Facility.objects.filter(code__in=codes)}
        self.known = imported_assessments(submissions)
        self.moved_on = set(
            Need.objects.filter(assessment__in=[a.pk for a in self.known.values()])
            .exclude(status=Need.Status.IDENTIFIED)
            .values_list("assessment_id", flat=True)
        )
        drafts = {a.facility_id for a in self.known.values()}
        self.in_scope = set(
            Facility.objects.editable_by(user)
            .filter(Q(code__in=codes) | Q(pk__in=drafts))
            .values_list("pk", flat=True)
        )
        self.counts = Counter(s.key for s in submissions)
        self.uuid_counts = Counter(s.uuid for s in submissions)
        self.rows_of: dict[str, list[str]] = {}
        for position, s in enumerate(submissions, start=1):
            self.rows_of.setdefault(s.key, []).append(str(s.row or position))
        published = Framework.objects.published().prefetch_related("criteria")
        self.by_key = {(kobo.form_id(f), _version(f.version)): f for f in published}
        self.framework = framework or self._file_framework(submissions)
        self.criteria: dict[int, list[Criterion]] = {}
        self.today = timezone.localdate()

    def _file_framework(self, submissions: list[Submission]) -> Framework | None:
        """The published framework most rows of the file answered (the first one on a tie)."""
        found = Counter(self.by_key.get(_framework_key(s)) for s in submissions)
        found.pop(None, None)
        return found.most_common(1)[0][0] if found else None

    def criteria_of(self, framework: Framework) -> list[Criterion]:
        if framework.pk not in self.criteria:
            self.criteria[framework.pk] = sorted(
                framework.criteria.all(), key=lambda c: (c.order, c.code)
            )
        return self.criteria[framework.pk]

    def check(self, submission: Submission) -> CheckedSubmission:
        row = CheckedSubmission(submission, facility_code=submission.get(kobo.FACILITY))
        self._check_uuid(row)
        self._check_facility(row)
        self._check_framework(row)
        self._check_date(row)
        if row.framework is not None:
            self._check_answers(row)
        self._check_needs(row)
        criteria = self.criteria_of(row.framework) if row.framework is not None else []
        row.summary = _summary(row, criteria)
        row.assessment = match_assessment(submission, self.known) if submission.uuid else None
        if row.assessment is not None:
            self._check_edit(row)
        elif row.messages:
            row.status = ERROR
        return row

    def _check_edit(self, row: CheckedSubmission) -> None:
        """A submission imported before: the same version, or an edit made on Kobo since."""
        assessment = row.assessment
        if (assessment.kobo_version_uuid or assessment.kobo_uuid) == row.submission.uuid:
            row.status, row.messages = IMPORTED, []
        elif not assessment.is_editable:
            row.status, row.messages = REFUSED, []
            row.error(
                _(
                    "This submission was edited on Kobo after assessment no. %(number)s was "
                    "sent; the assessment is no longer a draft (%(status)s), it is not changed."
                )
                % {"number": assessment.pk, "status": assessment.get_status_display()}
            )
        elif assessment.pk in self.moved_on:
            row.status, row.messages = REFUSED, []
            row.error(
                _(
                    "This submission was edited on Kobo, but the needs of draft assessment "
                    "no. %(number)s have already moved on (planned, funded…); it is not changed."
                )
                % {"number": assessment.pk}
            )
        else:
            if assessment.facility_id not in self.in_scope:
                row.error(
                    _("Draft assessment no. %(number)s is not one you may change.")
                    % {"number": assessment.pk}
                )
            if row.framework is not None and row.framework.pk != assessment.framework_id:
                row.error(
                    _(
                        "This edited submission answers %(framework)s, but draft assessment "
                        "no. %(number)s was made with another framework."
                    )
                    % {"framework": row.framework, "number": assessment.pk}
                )
            row.status = ERROR if row.messages else UPDATE

    def _check_uuid(self, row: CheckedSubmission) -> None:
        uuid, key = row.submission.uuid, row.submission.key
        longest = Assessment._meta.get_field("kobo_uuid").max_length
        if not uuid:
            row.error(_("The submission has no _uuid."))
        elif len(uuid) > longest or len(key) > longest:
            row.error(
                _("The _uuid %(uuid)s is longer than 64 characters.")
                % {"uuid": _shown(max(uuid, key, key=len))}
            )
        elif self.counts[key] > 1:
            row.error(
                _("The _uuid %(uuid)s appears more than once in the file (rows %(rows)s).")
                % {"uuid": uuid, "rows": ", ".join(self.rows_of[key])}
                if self.uuid_counts[uuid] == self.counts[key]
                else _(
                    "This submission appears more than once in the file (rows %(rows)s): as "
                    "first sent and as edited on Kobo. Export the data again from Kobo, which "
                    "exports only the latest version of each submission."
                )
                % {"rows": ", ".join(self.rows_of[key])}
            )

    def _check_facility(self, row: CheckedSubmission) -> None:
        code = row.facility_code
        facility = self.facilities.get(code)
        if not code:
            row.error(_("The facility is missing."))
        elif facility is None:
            row.error(_("Unknown facility code: %(code)s.") % {"code": _shown(code)})
        elif facility.pk not in self.in_scope:
            row.error(_("The facility %(code)s is not one you may assess.") % {"code": code})
        else:
            row.facility = facility

    def _check_framework(self, row: CheckedSubmission) -> None:
        code, version = _framework_key(row.submission)
        written = row.submission.get(kobo.FRAMEWORK_VERSION)
        answered = {"code": _shown(code) or "—", "version": _shown(written) or "—"}
        expected = self.framework
        if expected is not None and (code, version) == (
            kobo.form_id(expected),
            _version(expected.version),
        ):
            if expected.status == Framework.Status.PUBLISHED:
                row.framework = expected
            else:
                row.error(
                    _("The framework %(framework)s is no longer published.")
                    % {"framework": expected}
                )
        elif not code or not version:
            row.error(
                _("The submission does not say which framework it answered (%(fields)s empty).")
                % {"fields": f"{kobo.FRAMEWORK_CODE}, {kobo.FRAMEWORK_VERSION}"}
            )
        elif expected is not None:
            row.error(
                _("Answered with framework %(code)s version %(version)s, not %(expected)s.")
                % {**answered, "expected": f"{kobo.form_id(expected)} v{expected.version}"}
            )
        else:
            row.error(
                _(
                    "Answered with framework %(code)s version %(version)s, which is not a "
                    "published framework."
                )
                % answered
            )

    def _check_date(self, row: CheckedSubmission) -> None:
        text = row.submission.get(kobo.ASSESSED_ON)
        assessed_on = _parse_date(text) if text else None
        if not text:
            row.error(_("The date of the visit is missing."))
        elif assessed_on is None:
            row.error(_("The date of the visit, %(date)s, is not a date.") % {"date": _shown(text)})
        elif assessed_on > self.today:
            row.error(_("The date of the visit, %(date)s, is in the future.") % {"date": text})
        else:
            row.assessed_on = assessed_on

    def _check_answers(self, row: CheckedSubmission) -> None:
        """Scores on the scale; an empty score is left unanswered, to complete on the web."""
        for criterion in self.criteria_of(row.framework):
            value = row.submission.get(kobo.criterion_field(criterion)).lower()
            photo = row.submission.get(kobo.photo_field(criterion))
            if not value:
                if photo:
                    row.photo_problems.append(
                        _(
                            "%(code)s: the photo %(name)s is not attached: the criterion has "
                            "no score."
                        )
                        % {"code": criterion.code, "name": photo}
                    )
                continue
            if value not in kobo.SCORE_CHOICES:
                row.error(
                    _("%(code)s: the score “%(value)s” is not on the scale (0, 1, 2, 3 or %(na)s).")
                    % {"code": criterion.code, "value": _shown(value), "na": kobo.NOT_APPLICABLE}
                )
            elif row.facility is None or criterion.applies_to(row.facility.kind):
                not_applicable = value == kobo.NOT_APPLICABLE
                photo_path, problems = photos.problems(row.submission, criterion)
                row.photo_problems.extend(problems)
                row.answers.append(
                    CheckedAnswer(
                        criterion,
                        None if not_applicable else int(value),
                        not_applicable,
                        row.submission.get(kobo.comment_field(criterion)),
                        photo_path,
                    )
                )

    def _check_needs(self, row: CheckedSubmission) -> None:
        for number, values in enumerate(row.submission.needs, start=1):
            need, errors = checked_need(values)
            where = (
                _("Need on row %(row)s of the needs sheet") % {"row": values[NEED_ROW]}
                if values.get(NEED_ROW)
                else _("Need %(number)s") % {"number": number}
            )
            for message in errors:
                row.error(f"{where}: {message}")
            if need is not None:
                row.needs.append(need)


def _framework_key(submission: Submission) -> tuple[str, str]:
    """The framework a submission answered, its version as compared (see `_version`)."""
    return submission.get(kobo.FRAMEWORK_CODE), _version(submission.get(kobo.FRAMEWORK_VERSION))


def _version(version: str) -> str:
    """A version as compared: "1.0" and "1" are the same, since a spreadsheet program that
    reads the version as a number writes "1.0" back as 1; "1.10" stays apart from "1.1"."""
    version = (version or "").strip()
    return version[:-2] if re.fullmatch(r"[0-9]+\.0", version) else version


def _summary(row: CheckedSubmission, criteria: list[Criterion]) -> str:
    """The general observations, the assessor's name, the GPS point and the comments of
    criteria left without a score (an answer cannot hold a comment alone), so nothing is lost."""
    submission = row.submission
    parts = [submission.get(kobo.SUMMARY)]
    if submission.get(kobo.ASSESSOR):
        parts.append(_("Assessor: %(name)s") % {"name": submission.get(kobo.ASSESSOR)})
    if submission.get(kobo.LOCATION):
        parts.append(_("GPS point: %(point)s") % {"point": submission.get(kobo.LOCATION)})
    answered = {answer.criterion.pk for answer in row.answers}
    for criterion in criteria:
        comment = submission.get(kobo.comment_field(criterion))
        if comment and criterion.pk not in answered:
            parts.append(
                _("%(code)s (no score): %(comment)s") % {"code": criterion.code, "comment": comment}
            )
    return "\n\n".join(part for part in parts if part)


def check(submissions: list[Submission], framework: Framework | None, user) -> Preview:
    """Each submission's fate if `user` imported them now: new, imported before, or in error.

    `framework` is the one the importer chose; without it, the published framework whose
    form id and version the submissions carry (the one most of them answered).
    """
    checker = _Checker(submissions, framework, user)
    rows = [checker.check(submission) for submission in submissions]
    order = {ERROR: 0, REFUSED: 1, UPDATE: 2, NEW: 3, IMPORTED: 4}
    rows.sort(key=lambda row: order[row.status])
    return Preview(rows, checker.framework)


# Importing -----------------------------------------------------------------------------------


def import_submissions(kobo_import: KoboImport, user) -> int:
    """Make a draft assessment of every new submission of a ready import, and update the draft
    of every edited one, all or none.

    The submissions are checked again inside the transaction; any error, or another import
    creating the same Kobo submissions at the same moment, raises `KoboImportError` and
    nothing is written: the photos copied onto answers are deleted again. Once committed, the
    photos that waited for the import are deleted. Returns the number of assessments created.
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = KoboImport.objects.select_for_update().get(pk=kobo_import.pk)
            if locked.status != KoboImport.Status.READY:
                raise KoboImportError(_("This import is not ready to be imported."))
            submissions = [Submission.from_dict(data) for data in locked.submissions]
            preview = check(submissions, locked.framework, user)
            if preview.error_count:
                raise KoboImportError(
                    _("Some submissions have errors; nothing was imported. Correct them first.")
                )
            created = [
                create_draft(row, user, written) for row in preview.rows if row.status == NEW
            ]
            for row in preview.rows:
                if row.status == UPDATE:
                    update_draft(row, user, written)
            locked.status = KoboImport.Status.IMPORTED
            locked.imported_at = timezone.now()
            locked.created_count = len(created)
            locked.framework = locked.framework or preview.framework
            locked.submissions = []
            locked.save(
                update_fields=["status", "imported_at", "created_count", "framework", "submissions"]
            )
            transaction.on_commit(lambda: photos.discard_pending(locked.pk), robust=True)
    except IntegrityError as error:
        photos.delete_files(written)
        raise KoboImportError(
            _(
                "Some of these submissions were imported by someone else at the same moment; "
                "nothing was imported. Look at the preview again."
            )
        ) from error
    except BaseException:
        photos.delete_files(written)
        raise
    for name in ("status", "imported_at", "created_count", "framework", "submissions"):
        setattr(kobo_import, name, getattr(locked, name))
    return len(created)
