"""Reading an uploaded spreadsheet file carefully, before any parser is given it.

Shared by the Kobo import (`kobo.export_files`) and the back office's imports
(`common.import_formats`): an XLSX is a ZIP archive whose unzipped size is checked before it is
parsed (a small file can unzip to gigabytes); a CSV may start with the byte order mark Excel
adds, be separated by `;` (French Excel) or `,`, and must be UTF-8: another encoding is named
when it can be guessed, so the user knows what to change.
"""

import csv
import re
import zipfile

from django.utils.translation import gettext as _

# What an XLSX may hold once unzipped: far above any real export, far below a ZIP bomb.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
# Every XLSX file is a ZIP archive, which starts with these four bytes.
ZIP_SIGNATURE = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def unzipped_size(uploaded_file) -> int:
    """The bytes a ZIP archive's members take once unzipped, read from its directory only.

    Raises `zipfile.BadZipFile` when the file is not a ZIP archive. The file is rewound.
    """
    uploaded_file.seek(0)
    with zipfile.ZipFile(uploaded_file) as archive:
        size = sum(member.file_size for member in archive.infolist())
    uploaded_file.seek(0)
    return size


def encoding_name(content: bytes) -> str:
    """The likely encoding of text that is not UTF-8: Arabic Windows, else Western."""
    arabic = content.decode("cp1256", errors="replace")
    high = sum(1 for byte in content if byte >= 0x80)
    if high and len(ARABIC_LETTER.findall(arabic)) >= high * 0.6:
        return _("Windows-1256 (Arabic)")
    return _("Latin-1 / Windows-1252 (Western European)")


class NotUtf8Text(ValueError):
    """CSV bytes that are not UTF-8 text: `reason` is "utf-16", "binary" or "encoding" (then
    `encoding` names the one it seems to be in); each import words its own message."""

    def __init__(self, reason: str, encoding: str = ""):
        super().__init__(reason)
        self.reason, self.encoding = reason, encoding


def csv_text(content: bytes) -> str:
    """A CSV's bytes as text, its byte order mark dropped; raises NotUtf8Text otherwise."""
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
    if content.startswith(UTF16_BOMS):
        raise NotUtf8Text("utf-16")
    if b"\x00" in content[:4096]:
        raise NotUtf8Text("binary")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotUtf8Text("encoding", encoding_name(content)) from error


def csv_delimiter(first_line: str) -> str:
    """`;` (Kobo's and French Excel's) or `,`: the one that splits the header line into more
    columns."""
    counts = {
        sep: len(next(csv.reader([first_line], delimiter=sep), [])) for sep in (";", ",", "\t")
    }
    return max(counts, key=lambda sep: (counts[sep], sep == ";"))
