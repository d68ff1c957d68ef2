"""A Kobo submission as checked: what the preview shows of it and what the import writes.

`importing.check` fills these; `drafts` writes a `CheckedSubmission` as a draft assessment.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import Assessment, Criterion, Framework
from facilities.models import Facility

from .needs import CheckedNeed
from .submissions import Submission

NEW = "new"
IMPORTED = "imported"
# An edit made on Kobo of a submission imported as a draft: the import rewrites that draft.
UPDATE = "update"
# An edit made on Kobo of a submission whose assessment is no longer a draft: left out, said
# why; it does not stop the others (every later export and pull still carries it).
REFUSED = "refused"
ERROR = "error"


@dataclass
class CheckedAnswer:
    criterion: Criterion
    score: int | None
    not_applicable: bool
    comment: str
    # A photo the pull fetched, waiting in storage (photos.py).
    photo_path: str = ""


@dataclass
class CheckedSubmission:
    """One submission as the preview shows it and the import writes it."""

    submission: Submission
    status: str = NEW
    messages: list[str] = field(default_factory=list)
    facility_code: str = ""
    facility: Facility | None = None  # only when the importer may assess it
    framework: Framework | None = None
    assessed_on: datetime.date | None = None
    answers: list[CheckedAnswer] = field(default_factory=list)
    needs: list[CheckedNeed] = field(default_factory=list)
    summary: str = ""
    # The assessment imported from an earlier version of this submission, if any.
    assessment: Assessment | None = None
    # The photos answered that will not be attached, and why; they do not stop the import.
    photo_problems: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.messages.append(message)

    @property
    def summary_parts(self) -> list[str]:
        """The summary's first 200 characters, a paragraph per part: each is isolated in its own
        direction (French observations, then "المقيّم: …" on an Arabic page), on the page's side."""
        summary = self.summary if len(self.summary) <= 200 else self.summary[:199] + "…"
        return [part for part in summary.split("\n\n") if part.strip()]

    @property
    def uuid_short(self) -> str:
        return self.submission.uuid[:8]

    @property
    def needs_count(self) -> int:
        return len(self.submission.needs)

    @property
    def needs_total(self) -> Decimal:
        return sum((need.total_cost for need in self.needs), Decimal("0"))


@dataclass
class Preview:
    """Every submission checked, errors first, with what an import would do."""

    rows: list[CheckedSubmission]
    framework: Framework | None

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self) -> int:
        return self._count(NEW)

    @property
    def imported_count(self) -> int:
        return self._count(IMPORTED)

    @property
    def update_count(self) -> int:
        return self._count(UPDATE)

    @property
    def refused_count(self) -> int:
        return self._count(REFUSED)

    @property
    def error_count(self) -> int:
        return self._count(ERROR)

    @property
    def can_import(self) -> bool:
        return not self.error_count and self.new_count + self.update_count > 0
