"""PDF rendering with WeasyPrint: project files only, bundled fonts, and a file cache.

WeasyPrint fetches what a document refers to (images, stylesheets, fonts). Here it may read only
files under the project's static and media folders: every other file, every network address and
every other scheme is refused, so text that slipped into a document cannot make the server read
its own files or call another machine.
"""

import hashlib
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Bump when the look of the documents changes (CSS, fonts) so cached PDFs are made again.
LAYOUT_VERSION = "1"
FONT_FILES = {
    ("Noto Sans", 400): [
        "vendor/fonts/noto-sans/noto-sans-latin-400-normal.woff2",
        "vendor/fonts/noto-sans/noto-sans-latin-ext-400-normal.woff2",
    ],
    ("Noto Sans", 700): [
        "vendor/fonts/noto-sans/noto-sans-latin-700-normal.woff2",
        "vendor/fonts/noto-sans/noto-sans-latin-ext-700-normal.woff2",
    ],
    ("Noto Sans Arabic", 400): [
        "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff2"
    ],
    ("Noto Sans Arabic", 700): [
        "vendor/fonts/noto-sans-arabic/noto-sans-arabic-arabic-700-normal.woff2"
    ],
}


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
    for (family, weight), paths in FONT_FILES.items():
        sources = ", ".join(
            f'url("{Path(finders.find(path)).resolve().as_uri()}") format("woff2")'
            for path in paths
        )
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: {sources}; }}'
        )
    return "\n".join(rules)


@dataclass
class Document:
    """A PDF to send: its bytes, a file name, and whether it came from the cache."""

    content: bytes
    filename: str
    from_cache: bool


def render_html(template_name: str, context: dict) -> str:
    """The document's HTML in the active language, with the bundled fonts declared."""
    return render_to_string(
        template_name,
        {
            **context,
            "font_faces": font_faces(),
            "language": translation.get_language(),
            "rtl": translation.get_language_bidi(),
        },
    )


def layout(html: str, fetcher: ProjectFilesFetcher | None = None):
    """Lay the HTML out in pages (a WeasyPrint document), reading only the project's files."""
    base = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=fetcher or ProjectFilesFetcher()).render()


def html_to_pdf(html: str, fetcher: ProjectFilesFetcher | None = None) -> bytes:
    """The PDF of the HTML, reading only the project's files."""
    return layout(html, fetcher).write_pdf()


def cached_pdf(
    kind: str, html: str, filename: str, render: Callable[[str], bytes] = html_to_pdf
) -> Document:
    """The PDF of this HTML from the file cache, or rendered and stored there.

    The key is a digest of the HTML itself: the HTML holds every figure and text the document
    shows, so a change in any of them makes a new key, and an unchanged document is never laid
    out twice.
    """
    digest = hashlib.sha256(f"{LAYOUT_VERSION}\n{html}".encode()).hexdigest()
    name = f"guides/{kind}/{digest[:2]}/{digest}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return Document(stored.read(), filename, from_cache=True)
    content = render(html)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return Document(content, filename, from_cache=False)


def pdf_response(document: Document, public: bool = False) -> HttpResponse:
    """The PDF shown in the browser, saying whether it came from the cache (`X-Guide-Cache`);
    only a public document may be kept by shared caches."""
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response["X-Guide-Cache"] = "hit" if document.from_cache else "miss"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-cache"
    return response
