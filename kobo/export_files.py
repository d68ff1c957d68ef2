"""A Kobo export file as tables of text, whatever its format: an XLSX workbook or a CSV file.

KoboToolbox exports a form's data as XLSX (one sheet per section: the submissions, then one per
repeat group) or as CSV (formpack's `to_csv`: the main section only, every cell quoted, `;` by
default, UTF-8). The format is told by the file's content, not by its name: an XLSX is a ZIP
archive. A CSV may start with a byte order mark (Excel adds one when it saves) and may use `,`
(a spreadsheet saved it again); it must be UTF-8, and another encoding is named when it can be
guessed. `kobo.xlsx.read_export` maps the tables' headers to the form's fields.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from common.spreadsheet_files import (
    MAX_UNZIPPED_BYTES,
    ZIP_SIGNATURE,
    NotUtf8Text,
    csv_delimiter,
    csv_text,
    unzipped_size,
)
from common.spreadsheets import is_hxl_row

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_SUBMISSIONS = 2000
MAX_ROWS = MAX_SUBMISSIONS * 20
XLSX = "xlsx"
CSV = "csv"


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


class KoboFileError(Exception):
    """The file is not a Kobo export Manara can read; the message says why."""


@dataclass
class Table:
    """A sheet (or the CSV file) as text: its headers as written, and its non-empty rows."""

    title: str
    headers: list[str]
    # (row number in the file, the cells' texts)
    rows: list[tuple[int, list[str]]]


def _rows(title: str, lines) -> Table:
    headers = [cell_text(cell) for cell in next(lines, ())]
    table = Table(title, headers, [])
    for number, cells in enumerate(lines, start=2):
        texts = [cell_text(cell) for cell in cells]
        if not any(texts) or (number == 2 and is_hxl_row(texts)):
            continue
        table.rows.append((number, texts))
        if len(table.rows) > MAX_ROWS:
            raise KoboFileError(_("The file has too many rows; export the submissions in parts."))
    return table


def _not_readable() -> str:
    return _(
        "The file is neither an XLSX workbook nor a CSV file. On Kobo, export the data as XLS "
        "or CSV, and send the file it gives."
    )


def _read_xlsx(uploaded_file) -> list[Table]:
    try:
        if unzipped_size(uploaded_file) > MAX_UNZIPPED_BYTES:
            raise KoboFileError(_("The file is too large once unzipped; export it in parts."))
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise KoboFileError(_not_readable()) from error
    try:
        return [
            _rows(sheet.title, sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets
        ]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as error:
        raise KoboFileError(_not_readable()) from error
    finally:
        workbook.close()


def _read_csv(content: bytes, title: str) -> list[Table]:
    try:
        text = csv_text(content)
    except NotUtf8Text as error:
        if error.reason == "utf-16":
            message = _(
                "The file is encoded in UTF-16; export it again from Kobo as CSV (UTF-8), or "
                "save it as “CSV UTF-8”."
            )
        elif error.reason == "binary":
            message = _not_readable()
        else:
            message = _(
                "The CSV file is not in UTF-8 but, it seems, in %(encoding)s. Export it again "
                "from Kobo (its CSV is UTF-8), or save it as “CSV UTF-8”."
            ) % {"encoding": error.encoding}
        raise KoboFileError(message) from error
    if not text.strip():
        raise KoboFileError(_("The file is empty."))
    first_line = text.splitlines()[0]
    if "\x00" in text or not any(sep in first_line for sep in ";,\t"):
        raise KoboFileError(_not_readable())
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(first_line))
        return [_rows(title, iter(reader))]
    except csv.Error as error:
        raise KoboFileError(_not_readable()) from error


def read_tables(uploaded_file) -> tuple[str, list[Table]]:
    """The file's format (`XLSX` or `CSV`) and its tables. Raises `KoboFileError`."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise KoboFileError(
            _("The file is %(size)s; send one of at most %(max)s (export fewer submissions).")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_FILE_BYTES)}
        )
    uploaded_file.seek(0)
    signature = uploaded_file.read(len(ZIP_SIGNATURE))
    uploaded_file.seek(0)
    if signature == ZIP_SIGNATURE:
        return XLSX, _read_xlsx(uploaded_file)
    content = uploaded_file.read(MAX_FILE_BYTES + 1)
    uploaded_file.seek(0)
    name = (getattr(uploaded_file, "name", "") or "").rsplit("/", 1)[-1]
    return CSV, _read_csv(content, name.rsplit(".", 1)[0] or "CSV")
