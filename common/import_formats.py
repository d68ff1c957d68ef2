"""The CSV and XLSX formats of the back office's imports, read as carefully as the Kobo import.

django-import-export's own formats hand any upload to tablib or openpyxl: a ZIP bomb is parsed
whole, a CSV saved by French Excel (byte order mark, `;`) is refused, a 50,000-row file runs
its preview for minutes, and the user reads an exception's name. These formats check the file
first (`common.spreadsheet_files`), refuse it with a translatable message that says what to do
(`SpreadsheetFileError`), and count the rows before anything is validated.
"""

import csv
import io
import itertools
import zipfile
from xml.etree.ElementTree import ParseError

import tablib
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .spreadsheet_files import (
    MAX_UNZIPPED_BYTES,
    ZIP_SIGNATURE,
    NotUtf8Text,
    csv_delimiter,
    csv_text,
    unzipped_size,
)

# Rows an import takes at once, under the headers (and the HXL row): a preview of 20,000 rows
# takes seconds; a larger file is refused before it is read, and is split.
MAX_IMPORT_ROWS = 20_000
# Bytes an uploaded import file may weigh, checked by the import form (`common.import_forms`)
# before django-import-export reads the whole file into memory, which it does before any of
# the checks here. The back office's CSV of facilities runs at about 340 bytes a row (README:
# 10,000 facilities, 3.4 MB), so 20,000 such rows are about 7 MB and their XLSX far less: a
# file over 10 MB is over the row limit or has unusually long cells, and is split either way.
# import-export then holds at most a few copies of 10 MB per worker, not of any upload.
MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024
# Rows counted past the limit, for the refusal to say how many the file has.
COUNTED_ROWS = 4 * MAX_IMPORT_ROWS
# Above the data rows: the header row and, when present, the HXL row.
TOP_ROWS = 2


class SpreadsheetFileError(ValueError):
    """The uploaded file cannot be imported as it is; the message says why, in plain words."""


def _too_many_rows(count: int | None) -> SpreadsheetFileError:
    """The refusal of a file over MAX_IMPORT_ROWS, with its row count when it is known."""
    values = {"max": number_format(MAX_IMPORT_ROWS, force_grouping=True)}
    if count is None:
        message = _(
            "The file has more than %(max)s rows; an import takes at most %(max)s rows at a "
            "time. Split the file and import each part."
        )
    else:
        values["count"] = number_format(count, force_grouping=True)
        message = _(
            "The file has %(count)s rows; an import takes at most %(max)s rows at a time. "
            "Split the file and import each part."
        )
    return SpreadsheetFileError(message % values)


def _dataset(rows) -> tablib.Dataset:
    """A dataset of the rows, the first as headers; short rows are padded to the same width
    (tablib refuses rows of different lengths, which spreadsheets write freely)."""
    rows = [list(row) for row in rows]
    if not rows:
        raise SpreadsheetFileError(_("The file is empty."))
    width = max(len(row) for row in rows)
    dataset = tablib.Dataset()
    headers = rows[0] + [""] * (width - len(rows[0]))
    for row in rows[1:]:
        dataset.append(row + [""] * (width - len(row)))
    dataset.headers = ["" if header is None else str(header).strip() for header in headers]
    return dataset


class CSV(base_formats.CSV):
    """A CSV file in UTF-8, with or without a byte order mark, separated by `;` or `,`."""

    def is_binary(self) -> bool:
        # The bytes are kept as uploaded: the encoding is checked here, not by the storage.
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        content = in_stream.encode() if isinstance(in_stream, str) else bytes(in_stream)
        if content.startswith(ZIP_SIGNATURE):
            raise SpreadsheetFileError(
                _("This file is an XLSX workbook: choose the XLSX format, or save it as CSV.")
            )
        try:
            text = csv_text(content)
        except NotUtf8Text as error:
            raise SpreadsheetFileError(
                {
                    "utf-16": _("The CSV file is encoded in UTF-16; save it again as “CSV UTF-8”."),
                    "binary": _("This file is not a CSV file; choose the format of the file."),
                }.get(error.reason)
                or _(
                    "The CSV file is not in UTF-8 but, it seems, in %(encoding)s. Save it again "
                    "as “CSV UTF-8”."
                )
                % {"encoding": error.encoding}
            ) from error
        # Counting line ends costs nothing next to parsing: a file too large is refused first.
        lines = text.count("\n") + (0 if text.endswith("\n") else 1)
        if lines > MAX_IMPORT_ROWS + TOP_ROWS:
            raise _too_many_rows(lines - 1)
        if not text.strip():
            raise SpreadsheetFileError(_("The file is empty."))
        first_line = text.splitlines()[0]
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(first_line))
            return _dataset(reader)
        except csv.Error as error:
            raise SpreadsheetFileError(
                _(
                    "The CSV file could not be read: a cell's quotes are not closed. Save it "
                    "again from your spreadsheet program as “CSV UTF-8”."
                )
            ) from error


class XLSX(base_formats.XLSX):
    """An XLSX workbook's first sheet, its unzipped size and its rows counted before reading."""

    def create_dataset(self, in_stream) -> tablib.Dataset:
        upload = io.BytesIO(in_stream)
        not_a_workbook = SpreadsheetFileError(
            _(
                "This file is not an XLSX workbook Manara can read. Open it in your spreadsheet "
                "program and save it again as XLSX (or as “CSV UTF-8” and choose CSV)."
            )
        )
        if not in_stream.startswith(ZIP_SIGNATURE):
            raise not_a_workbook
        try:
            if unzipped_size(upload) > MAX_UNZIPPED_BYTES:
                raise SpreadsheetFileError(
                    _(
                        "The workbook is too large once unzipped (over %(max)s MB); split it "
                        "into several files."
                    )
                    % {"max": MAX_UNZIPPED_BYTES // (1024 * 1024)}
                )
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except SpreadsheetFileError:
            raise
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise not_a_workbook from error
        try:
            return _dataset(self._rows(workbook.active))
        except SpreadsheetFileError:
            raise
        except (
            AttributeError,
            KeyError,
            OSError,
            ParseError,
            TypeError,
            ValueError,
            zipfile.BadZipFile,
        ) as error:
            # What openpyxl raises on a damaged member, read only now (read-only mode).
            raise not_a_workbook from error
        finally:
            workbook.close()

    @staticmethod
    def _rows(sheet) -> list[tuple]:
        """The sheet's rows, refused past the limit: by the size the sheet declares (Excel and
        LibreOffice write it), else once a row too many has been read. The rows past the limit
        are then counted without being kept, up to COUNTED_ROWS."""
        limit = MAX_IMPORT_ROWS + TOP_ROWS
        declared = sheet.max_row or 0
        if declared > limit:
            raise _too_many_rows(declared - 1)
        rows = []
        lines = iter(sheet.iter_rows(values_only=True))
        for row in lines:
            rows.append(row)
            if len(rows) > limit:
                break
        else:
            return rows
        count = len(rows) + sum(1 for _row in itertools.islice(lines, COUNTED_ROWS))
        raise _too_many_rows(count - 1 if count < COUNTED_ROWS + len(rows) else None)
