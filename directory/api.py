"""The public directory's open data, for anyone: the HSDS 3.0 JSON and the CSV/XLSX spreadsheet.

GET or HEAD only, no login and no cookie, cacheable by shared caches for ten minutes, with an
ETag for 304 answers and a fixed number of queries whatever the number of facilities. The JSON
may be read by any web page (`Access-Control-Allow-Origin: *`): it holds nothing that the
public pages do not show.
"""

import gzip
import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _

from . import hsds_build, opendata
from .freshness import published_stamp
from .hsds import LANGUAGES
from .hsds_stream import escape_json
from .http import public

OPEN_DATA_CACHE_SECONDS = 600
# What a client waits before asking again for a document that is being built.
RETRY_SECONDS = 30
STREAM_CHUNK = 256 * 1024

open_data = public(lambda: OPEN_DATA_CACHE_SECONDS)


def json_text(payload: dict, *, pretty: bool = False) -> str:
    """UTF-8 JSON (Arabic stays readable) with <, > and & escaped (`hsds_stream.escape_json`)."""
    return escape_json(
        json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2 if pretty else None)
    )


def json_response(
    payload: dict | str | bytes, *, status: int = 200, pretty: bool = False
) -> HttpResponse:
    """JSON that any origin may read; `payload` may already be JSON text."""
    text = payload if isinstance(payload, str | bytes) else json_text(payload, pretty=pretty)
    response = HttpResponse(text, content_type="application/json", status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def requested_language(request) -> str | None:
    """The language asked for with `?lang=` (French when absent), or None when it is unknown."""
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    return language if language in LANGUAGES else None


def unknown_language() -> HttpResponse:
    """400, in JSON, naming the languages that exist (the value asked for is not echoed)."""
    return json_response(
        {
            "error": _("Unknown language. Use lang=%(languages)s.")
            % {"languages": "|".join(LANGUAGES)}
        },
        status=400,
    )


@open_data
def hsds(request):
    """Anyone: the published facilities as one Open Referral HSDS 3.0 document, `?lang=fr|ar|en`
    (French by default), as last built in the background (`directory.hsds_build`).

    The file is sent as it is stored, gzipped, to clients that accept it, and decompressed on the
    fly to the others; `Last-Modified` and `X-Built-At` give its build time. A document older
    than the published data is served while a rebuild is queued; before the first build the
    answer is 503 with `Retry-After` (with the immediate task backend the build runs at once).
    """
    language = requested_language(request)
    if language is None:
        return unknown_language()
    build = hsds_build.current(language)
    if build is None or build.stamp != published_stamp():
        hsds_build.schedule_rebuild(site_url=request.build_absolute_uri("/"), after_commit=False)
        build = hsds_build.current(language)
    if build is None:
        response = json_response(
            {"error": _("The document is being built. Please try again in a minute.")},
            status=503,
        )
        response["Retry-After"] = str(RETRY_SECONDS)
        return response
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = FileResponse(
            default_storage.open(build.file, "rb"), content_type="application/json"
        )
        response["Content-Encoding"] = "gzip"
        response["ETag"] = f'"hsds-{build.pk}-gzip"'
    else:
        # Opened here, in the view: a storage that is down is then the 503 of
        # common/storage_errors.py, not a response cut short after its headers were sent.
        stored = default_storage.open(build.file, "rb")
        response = StreamingHttpResponse(_decompressed(stored), content_type="application/json")
        response["ETag"] = f'"hsds-{build.pk}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Last-Modified"] = http_date(build.built_at.timestamp())
    response["X-Built-At"] = build.built_at.isoformat(timespec="seconds")
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _decompressed(stored):
    with stored, gzip.GzipFile(fileobj=stored) as document:
        while chunk := document.read(STREAM_CHUNK):
            yield chunk


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
