"""PDF rendering with WeasyPrint: project files only, bundled fonts, and a file cache.

WeasyPrint fetches what a document refers to (images, stylesheets, fonts). Here it may read only
files under the project's static and media folders: every other file, every network address and
every other scheme is refused, so text that slipped into a document cannot make the server read
its own files or call another machine.
"""

import hashlib
import html as html_escaping
import logging
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from common.storage_errors import is_storage_unavailable

logger = logging.getLogger(__name__)

# Bump when the look of the documents changes (CSS, fonts) so cached PDFs are made again.
LAYOUT_VERSION = "3"
# One whole font file per family and weight. Two faces of one family split by `unicode-range`
# made WeasyPrint draw glyphs from the wrong file (digits and punctuation inside Arabic text
# printed as other letters), so each family here has a single file that holds every character
# its documents print: Noto Sans for French and English, Tajawal for Arabic with its own Latin
# letters, digits and punctuation. Tajawal's Arabic letters are single glyphs, so the text
# copied from a PDF is the text printed (static/vendor/README.md says how they were chosen).
FONT_FILES = {
    ("Noto Sans", 400): "vendor/fonts/noto-sans/NotoSans-Regular.ttf",
    ("Noto Sans", 700): "vendor/fonts/noto-sans/NotoSans-Bold.ttf",
    ("Tajawal", 400): "vendor/fonts/tajawal/Tajawal-Regular.ttf",
    ("Tajawal", 700): "vendor/fonts/tajawal/Tajawal-Bold.ttf",
}
# PDF/UA-1: a tagged PDF (headings, paragraphs, tables, figures with their text alternative as
# structure), with its language and its title shown as the window title.
PDF_VARIANT = "pdf/ua-1"


class RefusedResource(ValueError):
    """A document referred to something outside the project's own static and media files."""


def allowed_roots() -> list[Path]:
    """Folders WeasyPrint may read: the project's static files (sources and collected) and media."""
    roots = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT, settings.MEDIA_ROOT]
    return [Path(root).resolve() for root in roots if root]


class ProjectFilesFetcher(URLFetcher):
    """Reads `file://` addresses inside the allowed folders; refuses and records everything else."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols=("file",))
        self.roots = roots if roots is not None else allowed_roots()
        self.refused: list[str] = []
        self.read: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            self._refuse(url)
        path = Path(unquote(parts.path)).resolve()
        if not path.is_file() or not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url)
        self.read.append(str(path))
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def _refuse(self, url: str):
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise RefusedResource(f"Refused: {url[:200]}")


def font_faces() -> str:
    """@font-face rules for the bundled fonts, pointing at their files on disk."""
    rules = []
    for (family, weight), path in FONT_FILES.items():
        source = f'url("{Path(finders.find(path)).resolve().as_uri()}") format("truetype")'
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: {source}; }}'
        )
    return "\n".join(rules)


# Bidirectional text. In an Arabic document, a number, a date, a phone number, a year range or a
# French name is a left-to-right island in right-to-left text, and the Unicode bidi algorithm
# reorders its neutral characters against the Arabic around it: "2025–2029" printed "2029–2025",
# "-1.91" printed "1.91-", "Conseil (CRO)" printed "(CRO) Conseil". Each island is wrapped in the
# Unicode isolates LRI … PDI (and each Arabic island of a French or English document in RLI …
# PDI), which Pango honours; WeasyPrint applies neither `<bdi>` nor `unicode-bidi: isolate`.
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_ARABIC = "\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc"
_LTR_ISLAND = re.compile(
    rf"[(\[]?(?:[+\-\u2212]?\d|[{_LATIN}])"
    rf"(?:[{_LATIN}\d\s.,:;'’\"/\\\-–—_@&%+#()\[\]*!?=\u2060]*[{_LATIN}\d)\]%])?"
)
_RTL_ISLAND = re.compile(
    rf"[{_ARABIC}](?:[{_ARABIC}\u064b-\u065f\u0670\s،؛]*[{_ARABIC}\u064b-\u065f])?"
)
_LRI, _RLI, _PDI = "\u2066", "\u2067", "\u2069"
# A range of numbers ("2025–2029", "8:30-16:30") is not broken at its dash: word joiners hold it.
_RANGE_DASH = re.compile(r"(?<=\d)([\-–—])(?=\d)")
# Text in these elements is not printed as running text (styles, the title, drawings).
_UNPRINTED = re.compile(r"<(style|title|script|svg)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")


def _balanced(run: str) -> str:
    """The run cut before its first bracket left open: "Bab Charq (ABCAS) (10" gives
    "Bab Charq (ABCAS)", so the "(10/شهر)" that follows keeps both its brackets."""
    opened: list[int] = []
    for index, character in enumerate(run):
        if character in "([":
            opened.append(index)
        elif character in ")]" and opened:
            opened.pop()
    return run[: opened[0]].rstrip() if opened else run


def isolate_islands(html: str, rtl: bool) -> str:
    """The HTML with every opposite-direction run of its printed text wrapped in Unicode
    isolates, so that bidi reordering cannot move its digits, signs and brackets, and every range
    of numbers kept on one line."""
    island, opening = (_LTR_ISLAND, _LRI) if rtl else (_RTL_ISLAND, _RLI)

    def isolate_text(text: str) -> str:
        if not text.strip():
            return text
        plain = _RANGE_DASH.sub("\u2060\\1\u2060", html_escaping.unescape(text))
        out, position = [], 0
        while match := island.search(plain, position):
            run = _balanced(match.group(0))
            if not run:  # an opening bracket alone: it stays with the text around it
                out.append(plain[position : match.start() + 1])
                position = match.start() + 1
                continue
            out.append(f"{plain[position : match.start()]}{opening}{run}{_PDI}")
            position = match.start() + len(run)
        out.append(plain[position:])
        return html_escaping.escape("".join(out), quote=False)

    def isolate_part(part: str) -> str:
        pieces = _TAG.split(part)
        return "".join(p if p.startswith("<") else isolate_text(p) for p in pieces)

    head_end = html.lower().find("</head>")
    head, body = (html[:head_end], html[head_end:]) if head_end >= 0 else ("", html)
    out, position = [head], 0
    for unprinted in _UNPRINTED.finditer(body):
        out.append(isolate_part(body[position : unprinted.start()]))
        out.append(unprinted.group(0))
        position = unprinted.end()
    out.append(isolate_part(body[position:]))
    return "".join(out)


@dataclass
class Document:
    """A PDF to send: its bytes, a file name, and whether it came from the cache."""

    content: bytes
    filename: str
    from_cache: bool


def render_html(template_name: str, context: dict) -> str:
    """The document's HTML in the active language, with the bundled fonts declared and the
    runs of the other writing direction isolated."""
    rtl = translation.get_language_bidi()
    html = render_to_string(
        template_name,
        {
            **context,
            "font_faces": font_faces(),
            "language": translation.get_language(),
            "rtl": rtl,
        },
    )
    return isolate_islands(html, rtl)


def layout(html: str, fetcher: ProjectFilesFetcher | None = None):
    """Lay the HTML out in pages (a WeasyPrint document), reading only the project's files."""
    base = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=fetcher or ProjectFilesFetcher()).render()


def html_to_pdf(html: str, fetcher: ProjectFilesFetcher | None = None) -> bytes:
    """The PDF of the HTML, reading only the project's files."""
    return layout(html, fetcher).write_pdf(pdf_variant=PDF_VARIANT)


def cached_pdf(
    kind: str, html: str, filename: str, render: Callable[[str], bytes] = html_to_pdf
) -> Document:
    """The PDF of this HTML from the file cache, or rendered and stored there; rendered without
    the cache while the storage is unavailable.

    The key is a digest of the HTML itself: the HTML holds every figure and text the document
    shows, so a change in any of them makes a new key, and an unchanged document is never laid
    out twice.
    """
    digest = hashlib.sha256(f"{LAYOUT_VERSION}\n{html}".encode()).hexdigest()
    name = f"guides/{kind}/{digest[:2]}/{digest}.pdf"
    cache_usable = True
    try:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stored:
                return Document(stored.read(), filename, from_cache=True)
    except Exception as error:
        if not is_storage_unavailable(error):
            raise
        _cache_unavailable(error, "read", name)
        cache_usable = False  # not asked again for the write
    content = render(html)
    try:
        if cache_usable and not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
    except Exception as error:
        if not is_storage_unavailable(error):
            raise
        _cache_unavailable(error, "write", name)
    return Document(content, filename, from_cache=False)


def _cache_unavailable(error: Exception, action: str, name: str) -> None:
    """A cache that cannot be used costs a rendering, not the document: the partner gets the PDF
    anyway, and the log says why it was slow."""
    logger.warning(
        "PDF cache unavailable (%s on %s of %s): the document is rendered without it",
        type(error).__name__,
        action,
        name,
    )


# Chrome shows a PDF in its own viewer, inside a page the PDF's response governs: the site's
# Content-Security-Policy (object-src 'none', no inline style) would block it, "This content is
# blocked" (crbug.com/271452). A PDF runs no script of Manara's, so it goes without the policy.
@csp_exempt()
def pdf_response(document: Document, public: bool = False) -> HttpResponse:
    """The PDF shown in the browser, saying whether it came from the cache (`X-Guide-Cache`);
    only a public document may be kept by shared caches."""
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response["X-Guide-Cache"] = "hit" if document.from_cache else "miss"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-cache"
    return response
