"""What the Content-Security-Policy needs to know from the rest of the configuration."""

from urllib.parse import urlsplit


def tile_origin(tile_url: str) -> str | None:
    """The origin the map's tiles come from, as a CSP source: None for tiles served by Manara.

    Leaflet's `{s}` subdomain placeholder becomes the `*` wildcard, which CSP allows as the
    left-most label: "https://{s}.tile.example.org/{z}/{x}/{y}.png" gives
    "https://*.tile.example.org".
    """
    parts = urlsplit(tile_url)
    if not (parts.scheme and parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
