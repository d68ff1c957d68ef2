"""A Kobo export file as tables of text, whatever its format: an XLSX workbook or a CSV file.

KoboToolbox exports a form's data as XLSX (one sheet per section: the submissions, then one per
repeat group) or as CSV (formpack's `to_csv`: the main section only, every cell quoted, `;` by
default, UTF-8). The needs, a repeat, then come as a CSV file of their own (the XLSX's needs
sheet saved as CSV, or a repeat's CSV of an export in several files): several CSV files may be
sent together, or a ZIP archive of them. The format is told by the files' content, not by their
names: an XLSX is a ZIP archive holding a workbook. A CSV may start with a byte order mark (Excel
adds one when it saves) and may use `,` (a spreadsheet saved it again); it must be UTF-8, and
another encoding is named when it can be guessed. `kobo.xlsx.read_export` maps the tables'
headers to the form's fields and tells the tables apart.
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
# CSV files read from one upload (several files, or a ZIP archive of them): the submissions
# and one per repeat, with room to spare; what they hold once unzipped is read in memory.
MAX_CSV_FILES = 10
MAX_CSV_BYTES = 4 * MAX_FILE_BYTES
XLSX = "xlsx"
CSV = "csv"
ZIP = "zip"


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


def too_large_message(size: int) -> str:
    """The refusal of an upload of `size` bytes over MAX_FILE_BYTES (the form says it too)."""
    return _("The file is %(size)s; send one of at most %(max)s (export fewer submissions).") % {
        "size": filesizeformat(size),
        "max": filesizeformat(MAX_FILE_BYTES),
    }


def _title(name: str) -> str:
    """A CSV file's table title: its name without folders and extension."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else (name or "CSV")


def _is_workbook(uploaded_file) -> bool:
    """Whether a ZIP archive is an XLSX workbook (rather than an archive of CSV files)."""
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # read as a workbook, which refuses it in its own words
    finally:
        uploaded_file.seek(0)
    return "[Content_Types].xml" in names or any(name.startswith("xl/") for name in names)


def _read_csv_zip(uploaded_file) -> list[Table]:
    """The CSV files of a ZIP archive, each a table named after its file; other files are left
    out (a folder, macOS's `__MACOSX/` copies)."""
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = [
                member
                for member in archive.infolist()
                if not member.is_dir()
                and member.filename.lower().endswith(".csv")
                and not member.filename.startswith("__MACOSX/")
            ]
            if not members:
                raise KoboFileError(
                    _(
                        "The ZIP archive holds no CSV file. Send Kobo's export as XLSX, as CSV, "
                        "or a ZIP archive of its CSV files."
                    )
                )
            if len(members) > MAX_CSV_FILES:
                raise KoboFileError(
                    _("The ZIP archive holds %(count)s CSV files; it may hold at most %(max)s.")
                    % {"count": len(members), "max": MAX_CSV_FILES}
                )
            if sum(member.file_size for member in members) > MAX_CSV_BYTES:
                raise KoboFileError(_("The file is too large once unzipped; export it in parts."))
            tables = []
            for member in members:
                with archive.open(member) as opened:
                    content = opened.read(MAX_CSV_BYTES + 1)
                tables.extend(_named(_read_csv, content, _title(member.filename)))
            return tables
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise KoboFileError(_not_readable()) from error
    finally:
        uploaded_file.seek(0)


def _named(read, *args, name: str = ""):
    """`read(*args)`, its refusal prefixed with the name of the file it is about (one of several
    CSV files)."""
    try:
        return read(*args)
    except KoboFileError as error:
        raise KoboFileError(
            _("%(file)s: %(message)s") % {"file": name or args[-1], "message": error}
        ) from error


def _read_one(uploaded_file) -> tuple[str, list[Table]]:
    uploaded_file.seek(0)
    signature = uploaded_file.read(len(ZIP_SIGNATURE))
    uploaded_file.seek(0)
    if signature == ZIP_SIGNATURE:
        if _is_workbook(uploaded_file):
            return XLSX, _read_xlsx(uploaded_file)
        return ZIP, _read_csv_zip(uploaded_file)
    content = uploaded_file.read(MAX_FILE_BYTES + 1)
    uploaded_file.seek(0)
    return CSV, _read_csv(content, _title(getattr(uploaded_file, "name", "")))


def read_tables(uploaded_files) -> tuple[str, list[Table]]:
    """The upload's format (`XLSX`, `CSV` or `ZIP` of CSV files) and its tables.

    `uploaded_files` is one file or a list of them: an XLSX or a ZIP archive comes alone,
    several files must all be CSV (the submissions and their needs). Raises `KoboFileError`.
    """
    files = list(uploaded_files) if isinstance(uploaded_files, list | tuple) else [uploaded_files]
    size = sum(getattr(upload, "size", 0) or 0 for upload in files)
    if size > MAX_FILE_BYTES:
        raise KoboFileError(too_large_message(size))
    if len(files) == 1:
        return _read_one(files[0])
    if len(files) > MAX_CSV_FILES:
        raise KoboFileError(
            _("You sent %(count)s files; send at most %(max)s CSV files at a time.")
            % {"count": len(files), "max": MAX_CSV_FILES}
        )
    tables = []
    for upload in files:
        file_format, read = _named(_read_one, upload, name=_title(getattr(upload, "name", "")))
        if file_format != CSV:
            raise KoboFileError(
                _(
                    "The file %(name)s is not a CSV file. Send an XLSX export or a ZIP archive "
                    "alone; several files sent together must all be CSV files (the "
                    "submissions and their needs)."
                )
                % {"name": _title(getattr(upload, "name", ""))}
            )
        tables.extend(read)
    return CSV, tables
