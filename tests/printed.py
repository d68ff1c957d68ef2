"""What a person reads on a printed PDF, not what its text layer claims.

The pages are rasterised by poppler (`pdftoppm`) and read by OCR (`tesseract`): digits, dates and
amounts are read with the Latin model, which reads the Western digits every document prints
whatever its language; Arabic words with the Arabic model. The text layer (what copy, search and
screen readers get) is read by pypdf and by poppler (`pdftotext`), and the tagging by `pdfinfo`.

Needs the Debian packages poppler-utils, tesseract-ocr, tesseract-ocr-ara and tesseract-ocr-fra
(`make test` checks them).
"""

import io
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from pypdf import PdfReader

# Invisible marks that order text (bidi isolates and marks) or join letters: not part of a word.
_FORMAT_MARKS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
# Arabic letters joined with the lam-alef ligature (لا, لأ, لإ, لآ): poppler writes the two letters
# of that one glyph in reverse order, as it does for the PDFs Chromium prints.
LAM_ALEF = re.compile("\u0644[\u0622\u0623\u0625\u0627]")


def readable(text: str) -> str:
    """Text with the invisible ordering marks dropped, every dash a hyphen and every run of
    spaces (no-break ones included) one space, in Unicode's composed form."""
    text = unicodedata.normalize("NFKC", _FORMAT_MARKS.sub("", text))
    return _SPACES.sub(" ", _DASHES.sub("-", text)).strip()


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def _pages_as_png(content: bytes, folder: Path, first: int, last: int) -> list[Path]:
    pdf = folder / "document.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-f", str(first), "-l", str(last), pdf, folder / "page"],
        check=True,
        capture_output=True,
    )
    return sorted(folder.glob("page-*.png"))


def printed_text(
    content: bytes, languages: str = "eng", first: int = 1, last: int = 1, layout: int = 4
) -> str:
    """What OCR reads on the printed pages `first` to `last` (by default the first page).

    `layout` is tesseract's page segmentation mode: 4 (one column of text of varying sizes)
    misreads fewer large digits beside a rule than 3 (automatic), which reads Arabic words best.
    """
    with tempfile.TemporaryDirectory() as folder:
        texts = []
        for png in _pages_as_png(content, Path(folder), first, last):
            result = subprocess.run(
                ["tesseract", png, "-", "-l", languages, "--psm", str(layout)],
                check=True,
                capture_output=True,
            )
            texts.append(result.stdout.decode())
    return readable("\n".join(texts))


def text_layer_pypdf(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return readable(" ".join(page.extract_text() or "" for page in reader.pages))


def text_layer_poppler(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return readable(result.stdout.decode())


def pdf_info(content: bytes) -> dict[str, str]:
    """What `pdfinfo` says of a PDF (Tagged, Title, Pages, ...)."""
    result = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    lines = result.stdout.decode().splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def catalog_language(content: bytes) -> str:
    return str(PdfReader(io.BytesIO(content)).trailer["/Root"].get("/Lang", ""))


def _structure_elements(content: bytes):
    """Every element of a tagged PDF's structure tree (dictionaries with a role /S)."""
    root = PdfReader(io.BytesIO(content)).trailer["/Root"].get("/StructTreeRoot")
    stack = [root] if root else []
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if "/S" in node:
                yield node
            kids = node.get("/K")
            if kids is not None:
                stack.extend(kids if isinstance(kids, list) else [kids])


def structure_roles(content: bytes) -> set[str]:
    """The structure roles (H1, P, Table, Figure, ...) of a tagged PDF."""
    return {str(element["/S"]).lstrip("/") for element in _structure_elements(content)}


def alternative_texts(content: bytes) -> list[str]:
    """The text alternatives (/Alt) given to the elements of a tagged PDF, figures first of all."""
    return [str(element["/Alt"]) for element in _structure_elements(content) if "/Alt" in element]
