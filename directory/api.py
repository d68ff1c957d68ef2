"""The public directory's open data, for anyone: the HSDS 3.0 JSON and the CSV/XLSX spreadsheet.

GET or HEAD only, no login and no cookie, cacheable by shared caches for ten minutes, with an
ETag for 304 answers and a fixed number of queries whatever the number of facilities. The JSON
may be read by any web page (`Access-Control-Allow-Origin: *`): it holds nothing that the
public pages do not show.
"""

import gzip
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from facilities.models import Facility

from . import opendata
from .http import public

OPEN_DATA_CACHE_SECONDS = 600
HSDS_CACHE_SECONDS = 60 * 60
# <, > and & only ever appear inside JSON strings, so escaping them keeps the document the same
# JSON while making sure that no browser sniffing it as HTML could run a `<script>` in a name.
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}

open_data = public(lambda: OPEN_DATA_CACHE_SECONDS)


def json_text(payload: dict, *, pretty: bool = False) -> str:
    """UTF-8 JSON (Arabic stays readable) with <, > and & escaped."""
    return json.dumps(
        payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2 if pretty else None
    ).translate(JSON_ESCAPES)


def json_response(
    payload: dict | str | bytes, *, status: int = 200, pretty: bool = False
) -> HttpResponse:
    """JSON that any origin may read; `payload` may already be JSON text."""
    text = payload if isinstance(payload, str | bytes) else json_text(payload, pretty=pretty)
    response = HttpResponse(text, content_type="application/json", status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def hsds_gzipped(language: str, site_url: str, pretty: bool) -> bytes:
    """The HSDS document as gzipped JSON, built and compressed once per change of the data.

    With 10,000 facilities the document is tens of megabytes and takes seconds to build; the
    cache key holds how many facilities are published and when the last one changed, so any
    edit of a facility gives a fresh document at once (organisation names follow within
    HSDS_CACHE_SECONDS). One aggregate query decides. It is kept compressed: compressing tens
    of megabytes again for every download would cost a second each time.
    """
    stamp = Facility.objects.published().aggregate(count=Count("pk"), last=Max("updated_at"))
    digest = hashlib.sha256(
        f"{language}|{site_url}|{pretty}|{stamp['count']}|{stamp['last']}".encode()
    ).hexdigest()
    key = f"directory:hsds:{digest}"
    body = cache.get(key)
    if body is None:
        text = json_text(opendata.hsds_document(language, site_url=site_url), pretty=pretty)
        body = gzip.compress(text.encode(), compresslevel=6)
        cache.set(key, body, HSDS_CACHE_SECONDS)
    return body


def requested_language(request) -> str | None:
    """The language asked for with `?lang=` (French when absent), or None when it is unknown."""
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    return language if language in opendata.LANGUAGES else None


def unknown_language() -> HttpResponse:
    """400, in JSON, naming the languages that exist (the value asked for is not echoed)."""
    return json_response(
        {
            "error": _("Unknown language. Use lang=%(languages)s.")
            % {"languages": "|".join(opendata.LANGUAGES)}
        },
        status=400,
    )


@open_data
def hsds(request):
    """Anyone: the published facilities as one Open Referral HSDS 3.0 document, `?lang=fr|ar|en`
    (French by default), indented with `?pretty=1`."""
    language = requested_language(request)
    if language is None:
        return unknown_language()
    body = hsds_gzipped(
        language, request.build_absolute_uri("/"), pretty=request.GET.get("pretty") == "1"
    )
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = json_response(b"")
        response.content = body
        response["Content-Encoding"] = "gzip"
    else:
        response = json_response(gzip.decompress(body).decode())
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Content-Language"] = language
    return response


@open_data
def export(request, file_format):
    """Anyone: the published facilities as a dated CSV or XLSX file with an HXL row,
    `?lang=fr|ar|en` (French by default); any other format is 404."""
    if file_format not in opendata.EXPORT_FORMATS:
        raise Http404
    language = requested_language(request)
    if language is None:
        return unknown_language()
    response = opendata.directory_download(
        file_format, language, site_url=request.build_absolute_uri("/")
    )
    response["Content-Language"] = language
    return response
