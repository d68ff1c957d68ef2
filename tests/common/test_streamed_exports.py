"""`common.exports.spreadsheet_response`: CSV and XLSX streamed, read back byte for byte correct
(headers, HXL row, Arabic, neutralised formulas, numbers as numbers), rows read as they are sent."""

import csv
import io
from decimal import Decimal

import openpyxl
from django.utils import translation
from django.utils.translation import gettext_lazy

from common import exports
from common.exports import spreadsheet_response

HEADERS = ["Nom", "Ville", "Places"]
TAGS = ["#loc+name", "#adm2+name", "#capacity"]
ROWS = [
    ["Centre Al Amal", "وجدة", 40],
    ['=HYPERLINK("http://x")', "+212 600", Decimal("-1.5")],
    ["Foyer", None, None],
]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_is_streamed_with_bom_headers_hxl_arabic_and_neutralised_formulas():
    response = spreadsheet_response("centres", "csv", HEADERS, TAGS, iter(ROWS))

    assert response.streaming
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="centres-')
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        HEADERS,
        TAGS,
        ["Centre Al Amal", "وجدة", "40"],
        ['\'=HYPERLINK("http://x")', "'+212 600", "-1.5"],
        ["Foyer", "", ""],
    ]


def test_csv_rows_are_read_while_sending_in_chunks(monkeypatch):
    monkeypatch.setattr(exports, "CSV_CHUNK", 100)
    read = []

    def rows():
        for number in range(50):
            read.append(number)
            yield [f"Centre {number}", "مركز", number]

    response = spreadsheet_response("centres", "csv", HEADERS, TAGS, rows())

    assert read == []
    chunks = list(response.streaming_content)
    assert len(chunks) > 5
    assert read == list(range(50))
    lines = b"".join(chunks).decode("utf-8-sig").splitlines()
    assert len(lines) == 52 and lines[-1] == "Centre 49,مركز,49"


def test_csv_rows_are_written_in_the_language_of_the_view():
    with translation.override("fr"):
        response = spreadsheet_response(
            "centres", "csv", [gettext_lazy("Region")], None, ([gettext_lazy("Kind")] for _ in "x")
        )
    with translation.override("en"):
        lines = body(response).decode("utf-8-sig").splitlines()

    assert lines == ["Région", "Type"]


def test_xlsx_is_streamed_from_a_file_with_bold_headers_hxl_frozen_panes_and_safe_cells():
    response = spreadsheet_response("centres", "xlsx", HEADERS, TAGS, iter(ROWS))

    assert response.streaming
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    sheet = workbook.active
    assert sheet.title == "centres"
    assert sheet.freeze_panes == "A3"
    assert all(cell.font.b for cell in sheet[1])
    assert list(sheet.values) == [
        tuple(HEADERS),
        tuple(TAGS),
        ("Centre Al Amal", "وجدة", 40),
        ('\'=HYPERLINK("http://x")', "'+212 600", -1.5),
        ("Foyer", None, None),
    ]


def test_xlsx_rows_keep_their_width_for_a_read_only_reader():
    response = spreadsheet_response("centres", "xlsx", HEADERS, TAGS, iter(ROWS))

    sheet = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True).active
    assert [len(row) for row in sheet.iter_rows(values_only=True)] == [3, 3, 3, 3, 3]
