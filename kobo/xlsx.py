"""Kobo's XLSX export read into submissions: the main sheet, its HXL row, the needs sheet.

Kobo exports a form's data ("XML values and headers") as one sheet of submissions named after
the form, and one sheet per repeat group whose rows point to their submission by
`_submission__uuid` and `_parent_index` (see ../shared/reference/kobo.md). `read_export` makes
of them the `kobo.Submission`s that `kobo_import.check` and `import_submissions` take, as the
pull from Kobo's API does.
"""

import datetime
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from facilities.spreadsheets import is_hxl_row

from . import submissions as kobo
from .submissions import Submission

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_SUBMISSIONS = 2000
# What the XLSX may hold once unzipped: far above any real export, far below a ZIP bomb.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_INDEX = 10**9
# Every XLSX file is a ZIP archive, which starts with these four bytes.
ZIP_SIGNATURE = b"PK\x03\x04"
UUID = "_uuid"
INDEX = "_index"
PARENT_INDEX = "_parent_index"
PARENT_UUID = "_submission__uuid"
# The needs row a need came from, kept in the need's values for messages.
NEED_ROW = "_row"


class KoboFileError(Exception):
    """The file is not a Kobo XLSX export Manara can read; the message says why."""


def kobo_sheet_name(name: str) -> str:
    """The sheet name Kobo's export gives a form or repeat: `[]:*?/\\` become `_`, 31 characters."""
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in name)
    if cleaned.startswith("'"):
        cleaned = "_" + cleaned[1:]
    if cleaned.endswith("'"):
        cleaned = cleaned[:-1] + "_"
    return cleaned if len(cleaned) <= 31 else cleaned[:28] + "..."


def cell_text(value) -> str:
    """A cell as the text Kobo collected: a date as ISO, 2.0 as "2", nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
    headers: list[str]
    # (spreadsheet row number, bare column name -> text of the non-empty cells)
    rows: list[tuple[int, dict[str, str]]]


def _read_sheet(worksheet) -> Sheet:
    rows = worksheet.iter_rows(values_only=True)
    headers = [kobo.bare_name(cell_text(cell)) for cell in next(rows, ())]
    sheet = Sheet(worksheet.title, headers, [])
    for number, cells in enumerate(rows, start=2):
        texts = [cell_text(cell) for cell in cells]
        if not any(texts) or (number == 2 and is_hxl_row(texts)):
            continue
        values: dict[str, str] = {}
        for name, text in zip(headers, texts, strict=False):
            if name and text and not values.get(name):
                values[name] = text
        sheet.rows.append((number, values))
        if len(sheet.rows) > MAX_SUBMISSIONS * 20:
            raise KoboFileError(_("The file has too many rows; export the submissions in parts."))
    return sheet


def _read_workbook(uploaded_file) -> list[Sheet]:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise KoboFileError(
            _("The file is %(size)s; send one of at most %(max)s (export fewer submissions).")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_FILE_BYTES)}
        )
    uploaded_file.seek(0)
    signature = uploaded_file.read(len(ZIP_SIGNATURE))
    uploaded_file.seek(0)
    not_xlsx = _(
        "The file is not an XLSX workbook. On Kobo, export the data as XLS with "
        "“XML values and headers”, and send the .xlsx file it gives."
    )
    if signature != ZIP_SIGNATURE:
        raise KoboFileError(not_xlsx)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
        uploaded_file.seek(0)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise KoboFileError(_("The file is too large once unzipped; export it in parts."))
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise KoboFileError(not_xlsx) from error
    try:
        return [_read_sheet(worksheet) for worksheet in workbook.worksheets]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as error:
        raise KoboFileError(not_xlsx) from error
    finally:
        workbook.close()


def _needs_sheet(sheets: list[Sheet], main: Sheet) -> Sheet | None:
    """The repeat sheet of needs: named as Kobo names the repeat, or else any child sheet."""
    children = [s for s in sheets if s is not main and PARENT_INDEX in s.headers]
    named = kobo_sheet_name(kobo.NEEDS)
    return next((s for s in children if s.title == named), children[0] if children else None)


def read_export(uploaded_file) -> tuple[list[Submission], list[str]]:
    """The submissions of a Kobo XLSX export with their needs, and the file's errors.

    The main sheet is the one with a `_uuid` column; its needs rows are joined by
    `_submission__uuid`, or by `_parent_index` → `_index` when that is empty. A needs row
    whose submission is not in the file is an error. Raises `KoboFileError` when the file
    cannot be read as a Kobo export at all.
    """
    sheets = _read_workbook(uploaded_file)
    if not any(sheet.rows or any(sheet.headers) for sheet in sheets):
        raise KoboFileError(_("The workbook is empty."))
    main = next((sheet for sheet in sheets if UUID in sheet.headers), None)
    if main is None:
        raise KoboFileError(
            _(
                "No sheet of the file has a _uuid column: this is not a Kobo export. On Kobo, "
                "export the data as XLS with “XML values and headers”."
            )
        )
    if kobo.FACILITY not in main.headers:
        raise KoboFileError(
            _(
                "The sheet %(sheet)s has no “%(field)s” column: export the data with "
                "“XML values and headers”, from the form Manara generated."
            )
            % {"sheet": main.title, "field": kobo.FACILITY}
        )
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
    errors = _join_needs(submissions, _needs_sheet(sheets, main))
    return submissions, errors


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
