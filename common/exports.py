"""CSV and XLSX downloads of the ranking and of the budget plan, with an HXL hashtag row.

Cells are written as they are shown on the page; text that a spreadsheet would run as a formula
is neutralised first.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from common.spreadsheets import neutralise_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_response(
    name: str,
    file_format: str,
    headers: Sequence[str],
    hxl_tags: Sequence[str],
    rows: Iterable[Sequence],
) -> HttpResponse:
    """A dated download `<name>-<date>.csv|xlsx`: headers, the HXL row, then the rows."""
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    safe_rows = ([neutralise_formula(cell) for cell in row] for row in rows)
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerow(hxl_tags)
        writer.writerows(safe_rows)
        # A byte-order mark lets spreadsheet programs read the accents and Arabic as UTF-8.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = name[:31]
        sheet.append([str(header) for header in headers])
        sheet.append(list(hxl_tags))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in safe_rows:
            sheet.append(row)
        sheet.freeze_panes = "A3"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
