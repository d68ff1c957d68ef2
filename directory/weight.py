"""What a first visit to a public page downloads, compressed as Manara serves it.

The HTML is gzipped by the view (`gzip_page`); WhiteNoise serves each static file precompressed
(gzip level 9, as `CompressedManifestStaticFilesStorage` writes it); WOFF2 fonts are already
compressed and are counted as they are. Fonts count when the CSS declares them and the page has a
character in their `unicode-range` (every weight of the family: the worst case). Map tiles and
what loads only after a click (Leaflet, the map's points) are not part of a first load.
"""

import gzip
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

LINKED = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
FONT_FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)
FONT_URL = re.compile(r'url\("?([^")]+\.woff2)"?\)')
UNICODE_RANGE = re.compile(r"unicode-range:\s*([^;]+);")


@dataclass
class PageWeight:
    """Bytes per file of one page's first load, compressed as served."""

    address: str
    files: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.files.values())


def _static_path(url: str) -> str:
    relative = url.removeprefix(settings.STATIC_URL)
    # Manifest names carry a hash (css/public.3f2a….css); the finders know the original name.
    return re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", relative)


def _read_static(url: str) -> bytes:
    path = finders.find(_static_path(url))
    if path is None:
        raise FileNotFoundError(f"{url} is linked from a public page but is not a static file")
    with open(path, "rb") as handle:
        return handle.read()


def _in_ranges(text: str, ranges: str) -> bool:
    """Whether some character of the text falls in a CSS unicode-range list."""
    spans = []
    for part in ranges.split(","):
        part = part.strip().removeprefix("U+").removeprefix("u+")
        low, _, high = part.partition("-")
        spans.append((int(low, 16), int(high or low, 16)))
    return any(low <= ord(character) <= high for character in set(text) for low, high in spans)


def page_weight(address: str, client: Client | None = None) -> PageWeight:
    """Fetch a public page as a browser would and add up what its first load transfers."""
    client = client or Client(HTTP_HOST="localhost")
    response = client.get(address, HTTP_ACCEPT_ENCODING="gzip")
    if response.status_code != 200:
        raise ValueError(f"{address} answered {response.status_code}")
    weight = PageWeight(address)
    body = response.content
    weight.files[address] = len(body)
    html = gzip.decompress(body).decode() if response.get("Content-Encoding") == "gzip" else body
    html = html if isinstance(html, str) else html.decode()
    for url in LINKED.findall(html):
        content = _read_static(url)
        weight.files[url] = len(gzip.compress(content, compresslevel=9))
        if url.endswith(".css"):
            for face in FONT_FACE.findall(content.decode()):
                ranges = UNICODE_RANGE.search(face)
                if ranges and not _in_ranges(html, ranges.group(1)):
                    continue
                for font in FONT_URL.findall(face):
                    font_url = str(PurePosixPath(url).parent / font)
                    font_url = re.sub(r"/[^/]+/\.\./", "/", font_url)
                    weight.files[font_url] = len(_read_static(font_url))
    return weight
