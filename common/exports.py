"""CSV and XLSX downloads, with an HXL hashtag row: the one home of spreadsheet files.

Cells are written as they are shown on the page; text that a spreadsheet would run as a formula
is neutralised first. Files are streamed with memory bounded whatever the number of rows: a CSV
is written chunk by chunk as the rows come (callers pass iterators, querysets read with
`.iterator(chunk_size=…)`); an XLSX is written by openpyxl in write-only mode to a temporary file
(on disk past a few megabytes), then sent from that file.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import get_language, override
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from common.spreadsheets import neutralise_formula

# The spreadsheet formats a page with a table offers as `?format=csv|xlsx`.
SPREADSHEET_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
# A CSV is sent in pieces of about this many characters.
CSV_CHUNK = 64 * 1024
# An XLSX stays in memory up to this size, then moves to a temporary file on disk.
XLSX_IN_MEMORY = 4 * 1024 * 1024


def requested_format(request, offered: Sequence[str] = SPREADSHEET_FORMATS) -> str | None:
    """The `?format=` asked for, or None for the page itself (no `format`, or an empty one).

    A format the page does not offer is a 404, never the page's HTML: a script or a spreadsheet
    program asking for `?format=pdf` would otherwise save the page as its file.
    """
    asked = request.GET.get("format", "")
    if not asked:
        return None
    if asked not in offered:
        raise Http404("This page is not offered in that format.")
    return asked


class WholeBody:
    """`content`: the whole body, read from the stream, for callers that want it at once (tests,
    small files). Views never read it: the server sends the stream as it comes."""

    _whole_body: bytes | None = None

    @property
    def content(self) -> bytes:
        if self._whole_body is None:
            self._whole_body = b"".join(self.streaming_content)
        return self._whole_body


class StreamedCSV(WholeBody, StreamingHttpResponse):
    """A CSV file sent as it is written."""


class StreamedXLSX(WholeBody, FileResponse):
    """An XLSX file sent from its temporary file."""


def csv_chunks(
    headers: Sequence[str],
    hxl_tags: Sequence[str] | None,
    rows: Iterable[Sequence],
    language: str | None = None,
) -> Iterator[bytes]:
    """The CSV in UTF-8 with a byte-order mark (so spreadsheet programs read Arabic and accents),
    as pieces of about CSV_CHUNK characters."""
    # The rows are read while the response is sent, after the view has returned: in the
    # language the view had active (`language`), chunk by chunk.
    rows = iter(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with override(language):
        buffer.write("\ufeff")
        writer.writerow([str(header) for header in headers])
        if hxl_tags is not None:
            writer.writerow(hxl_tags)
    finished = False
    while not finished:
        with override(language):
            for row in rows:
                writer.writerow(row)
                if buffer.tell() >= CSV_CHUNK:
                    break
            else:
                finished = True
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def xlsx_file(
    title: str, headers: Sequence[str], hxl_tags: Sequence[str] | None, rows: Iterable[Sequence]
):
    """The XLSX written row by row (openpyxl write-only) to a temporary file, rewound.

    Bold headers, the HXL row under them, and both kept in view when scrolling (frozen panes).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A3" if hxl_tags is not None else "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    if hxl_tags is not None:
        sheet.append(list(hxl_tags))
    width = len(headers)
    for row in rows:
        row = list(row)
        row.extend([None] * (width - len(row)))
        if row and row[-1] is None:
            # A write-only sheet records no size and skips empty cells, so a reader in read-only
            # mode (import-export's) would see a short row: an empty text cell keeps the width.
            row[-1] = ""
        sheet.append(row)
    file = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115 (closed by the response)
    workbook.save(file)
    file.seek(0)
    return file


def spreadsheet_response(
    name: str,
    file_format: str,
    headers: Sequence[str],
    hxl_tags: Sequence[str] | None,
    rows: Iterable[Sequence],
    *,
    neutralise: bool = True,
) -> StreamingHttpResponse:
    """A dated download `<name>-<date>.csv|xlsx`: headers, the HXL row, then the rows, streamed.

    `rows` may be any iterable (a generator over `.iterator(chunk_size=…)` keeps memory flat);
    `hxl_tags` None leaves out the HXL row. `neutralise=False` is for rows whose cells were
    already neutralised (the back office's import-export resources do it cell by cell).
    """
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if neutralise:
        rows = ([neutralise_formula(cell) for cell in row] for row in rows)
    if file_format == "csv":
        response = StreamedCSV(
            csv_chunks(headers, hxl_tags, rows, get_language()), content_type=CSV_TYPE
        )
    else:
        response = StreamedXLSX(xlsx_file(name, headers, hxl_tags, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
