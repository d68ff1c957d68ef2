"""Kobo's export read into submissions: the main table, its HXL row, the needs table.

Kobo exports a form's data as one table of submissions named after the form, and, in an XLSX,
one sheet per repeat group whose rows point to their submission by `_submission__uuid` and
`_parent_index` (see ../shared/reference/kobo.md). Its CSV holds the main table only; the needs
then come as a CSV file of their own, sent with it or in a ZIP archive with it. Headers
are the XLSForm's names or its labels in one of its languages, with or without the groups in
front (`labels.py` maps them back). `read_export` makes of them the `kobo.Submission`s that
`importing.check` and `import_submissions` take, as the pull from Kobo's API does, and says
which variant the file was.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from assessments.models import Framework

from . import submissions as kobo
from .export_files import (
    MAX_FILE_BYTES,
    MAX_SUBMISSIONS,
    XLSX,
    KoboFileError,
    Table,
    cell_text,
    read_tables,
)
from .labels import (
    LANGUAGE_NAMES,
    XML,
    HeaderMap,
    Match,
    best_match,
    header_maps,
    is_kobo_column,
    match,
)
from .submissions import Submission
from .variants import Variant

__all__ = ["MAX_FILE_BYTES", "KoboFileError", "cell_text", "kobo_sheet_name", "read_export"]

MAX_INDEX = 10**9
UUID = "_uuid"
INDEX = "_index"
PARENT_INDEX = "_parent_index"
PARENT_UUID = "_submission__uuid"
# The needs row a need came from, kept in the need's values for messages.
NEED_ROW = "_row"
# Unmappable columns named in a refusal; more are counted.
SHOWN_COLUMNS = 5


def kobo_sheet_name(name: str) -> str:
    """The sheet name Kobo's export gives a form or repeat: `[]:*?/\\` become `_`, 31 characters."""
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in name)
    if cleaned.startswith("'"):
        cleaned = "_" + cleaned[1:]
    if cleaned.endswith("'"):
        cleaned = cleaned[:-1] + "_"
    return cleaned if len(cleaned) <= 31 else cleaned[:28] + "..."


def _whole_number(text: str) -> int | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > MAX_INDEX or number != number.to_integral_value():
        return None
    return int(number)


@dataclass
class Sheet:
    title: str
    headers: list[str]  # Kobo's columns by bare name, the form's by field name
    # (row number in the file, column name -> text of the non-empty cells)
    rows: list[tuple[int, dict[str, str]]]


def _sheet(table: Table, found: Match) -> Sheet:
    """A table with its columns named as the form names them, select_one answers by name."""
    names = [
        found.fields.get(position) or (kobo.bare_name(header) if is_kobo_column(header) else "")
        for position, header in enumerate(table.headers)
    ]
    sheet = Sheet(table.title, [name for name in names if name], [])
    for number, texts in table.rows:
        values: dict[str, str] = {}
        for name, text in zip(names, texts, strict=False):
            if name and text and not values.get(name):
                values[name] = found.mapping.value_of(name, text)
        sheet.rows.append((number, values))
    return sheet


def _candidates(framework: Framework | None) -> list[Framework]:
    """The frameworks whose labels the file may carry: the one chosen, else every published one
    (the newest first)."""
    if framework is not None:
        return [framework]
    return list(Framework.objects.published().order_by("-published_at", "-pk"))


def _columns_list(headers: list[str]) -> str:
    shown = ", ".join(f"“{header}”" for header in headers[:SHOWN_COLUMNS])
    if len(headers) > SHOWN_COLUMNS:
        shown += " " + _("and %(count)s more") % {"count": len(headers) - SHOWN_COLUMNS}
    return shown


def _main_match(main: Table, framework: Framework | None) -> Match:
    """How the main table's headers map to the form's fields; `KoboFileError` when some cannot.

    XML names are read as today (any other column is left out); labels must all be labels of
    the framework's form, in one of its languages."""
    if kobo.FACILITY in _bare_headers(main):
        return match(HeaderMap(None, XML), main.headers)
    found = best_match(header_maps(_candidates(framework)), main.headers)
    if found is None:
        raise KoboFileError(
            _(
                "The table %(sheet)s has neither a “%(field)s” column nor the labels of a "
                "published framework's form: export the data from the form Manara generated, "
                "with “XML values and headers” or the labels of one of its languages."
            )
            % {"sheet": main.title, "field": kobo.FACILITY}
        )
    _refuse_unmapped(found)
    return found


def _refuse_unmapped(found: Match) -> None:
    if found.unmapped and found.mapping.language != XML:
        raise KoboFileError(
            _(
                "These columns are not fields of the form of %(framework)s (labels in "
                "%(language)s): %(columns)s. Export the data from the form Manara generated for "
                "this framework version, or choose its framework above."
            )
            % {
                "framework": found.mapping.framework,
                "language": LANGUAGE_NAMES[found.mapping.language],
                "columns": _columns_list(found.unmapped),
            }
        )


def read_export(uploaded_file, framework: Framework | None = None):
    """The submissions of a Kobo export with their needs, and the file's errors.

    Returns (submissions, errors); `read_export_variant` also says which variant it was.
    """
    submissions, errors, _variant = read_export_variant(uploaded_file, framework)
    return submissions, errors


def read_export_variant(
    uploaded_file, framework: Framework | None = None
) -> tuple[list[Submission], list[str], Variant]:
    """The submissions of a Kobo export (an XLSX, a CSV, several CSV files or a ZIP archive of
    them; `uploaded_file` is one file or a list) with their needs, the file's errors and its
    variant.

    The main table is the one with a `_uuid` column; its needs rows are joined by
    `_submission__uuid`, or by `_parent_index` → `_index` when that is empty. A needs row
    whose submission is not in the file is an error, and so is a submission that says it found
    needs when no needs came with a CSV (Kobo's CSV leaves the repeat out: importing it would
    lose them).
    Raises `KoboFileError` when the file cannot be read as a Kobo export at all.
    """
    file_format, tables = read_tables(uploaded_file)
    if not any(table.rows or any(table.headers) for table in tables):
        raise KoboFileError(_("The workbook is empty."))
    main_table = _main_table(file_format, tables)
    found = _main_match(main_table, framework)
    main = _sheet(main_table, found)
    if not main.rows:
        raise KoboFileError(_("The file has no submissions."))
    if len(main.rows) > MAX_SUBMISSIONS:
        raise KoboFileError(
            _("The file has %(count)s submissions; import at most %(max)s at a time.")
            % {"count": len(main.rows), "max": MAX_SUBMISSIONS}
        )
    submissions = [
        Submission(
            uuid=values.get(UUID, ""),
            values=values,
            row=number,
            index=_whole_number(values.get(INDEX, "")),
        )
        for number, values in main.rows
    ]
    needs_table = _needs_table(tables, main_table, file_format)
    errors = []
    if needs_table is not None:
        needs_match = match(found.mapping, needs_table.headers)
        _refuse_unmapped(needs_match)
        errors = _join_needs(submissions, _sheet(needs_table, needs_match))
    elif file_format != XLSX:
        errors = _needs_left_out(submissions)
    variant = Variant(file_format, found.mapping.language, found.grouped)
    return submissions, errors, variant


def _main_table(file_format: str, tables: list[Table]) -> Table:
    """The table of submissions: the one with a `_uuid` column. CSV files sent together must
    each be the submissions or a repeat's rows, and only one may hold submissions."""
    mains = [t for t in tables if UUID in _bare_headers(t)]
    if file_format != XLSX:
        for table in tables:
            if table not in mains and PARENT_INDEX not in _bare_headers(table):
                raise KoboFileError(
                    _(
                        "The file %(file)s is neither Kobo's submissions (it has no _uuid "
                        "column) nor their needs (it has no _parent_index column)."
                    )
                    % {"file": table.title}
                )
        if len(mains) > 1:
            raise KoboFileError(
                _(
                    "The files %(files)s all hold submissions; send one file of submissions "
                    "at a time, with the file of its needs."
                )
                % {"files": ", ".join(table.title for table in mains)}
            )
    if not mains:
        if len(tables) > 1 and file_format != XLSX:
            raise KoboFileError(
                _(
                    "None of these files holds the submissions (a _uuid column): send the "
                    "submissions' CSV file together with the needs' one."
                )
            )
        raise KoboFileError(
            _(
                "No table of the file has a _uuid column: this is not a Kobo export. On Kobo, "
                "export the data as XLS or CSV from the form Manara generated."
            )
        )
    return mains[0]


def _needs_left_out(submissions: list[Submission]) -> list[str]:
    return [
        _(
            "Row %(row)s: the submission found needs, but no file of needs came with it (Kobo's "
            "CSV export leaves the needs out). Export the data as XLS, which holds the needs "
            "on their own sheet, or select the needs' CSV file with the submissions' one."
        )
        % {"row": submission.row}
        for submission in submissions
        if submission.get(kobo.NEEDS_FOUND) == "yes"
    ]


def _bare_headers(table: Table) -> set[str]:
    return {kobo.bare_name(header) for header in table.headers}


def _needs_table(tables: list[Table], main: Table, file_format: str) -> Table | None:
    """The repeat table of needs: named as Kobo names the repeat, or else any child table.

    A workbook's other sheets are left out; among CSV files, two of needs are refused (which
    one holds the needs cannot be told, and the form has only the one repeat)."""
    children = [t for t in tables if t is not main and PARENT_INDEX in _bare_headers(t)]
    if file_format != XLSX and len(children) > 1:
        raise KoboFileError(
            _("The files %(files)s all hold needs; send one file of needs with its submissions.")
            % {"files": ", ".join(table.title for table in children)}
        )
    named = kobo_sheet_name(kobo.NEEDS)
    return next((t for t in children if t.title == named), children[0] if children else None)


def _is_kobo_column(name: str) -> bool:
    """Kobo's own columns (`_index`, `_submission__uuid`, `meta/rootUuid`…), not the form's."""
    return name.startswith("_") or name == "rootUuid"


def _join_needs(submissions: list[Submission], sheet: Sheet | None) -> list[str]:
    if sheet is None:
        return []
    by_uuid: dict[str, Submission] = {}
    by_index: dict[int, Submission] = {}
    for submission in submissions:
        by_uuid.setdefault(submission.uuid, submission)
        if submission.index is not None:
            by_index.setdefault(submission.index, submission)
    errors = []
    for number, values in sheet.rows:
        parent_uuid = values.get(PARENT_UUID, "")
        parent_index = _whole_number(values.get(PARENT_INDEX, ""))
        if parent_uuid:
            parent, reference = by_uuid.get(parent_uuid), f"{PARENT_UUID} {parent_uuid}"
        else:
            parent = by_index.get(parent_index) if parent_index is not None else None
            reference = f"{PARENT_INDEX} {values.get(PARENT_INDEX) or '—'}"
        if parent is None:
            errors.append(
                _(
                    "Row %(row)s of the sheet %(sheet)s: its submission (%(reference)s) is not in "
                    "the file."
                )
                % {"row": number, "sheet": sheet.title, "reference": reference}
            )
            continue
        need = {name: text for name, text in values.items() if not _is_kobo_column(name)}
        need[NEED_ROW] = str(number)
        parent.needs.append(need)
    return errors
