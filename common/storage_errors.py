"""The file storage being unreachable, in one place: what counts as such an error, and the page
a person gets instead of a server error.

Stored files (photos, attendance sheets, batch ZIPs, the open-data document) live on the local
disk or on S3-compatible object storage (config/settings.py, STORAGES). When the object store is
down, or a network disk fails, a view that must read a file cannot answer with it; the person is
told the document cannot be fetched now (503, `Retry-After`) rather than shown a 500, and every
page that needs no file keeps working. Guide PDFs are the exception: `guides.pdf.cached_pdf`
renders them afresh when their cache cannot be read (`is_storage_unavailable` below).
"""

import errno
import logging
import traceback

from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("manara.storage")

# What a browser or a client waits before asking again.
RETRY_SECONDS = 120

# Local-disk errors that mean "the disk cannot be used now", not "this file does not exist"
# (a missing file is a 404, decided by the views).
UNAVAILABLE_ERRNOS = {
    errno.EIO,
    errno.EACCES,
    errno.ENOSPC,
    errno.EROFS,
    errno.ESTALE,
    errno.ETIMEDOUT,
    errno.ENOTCONN,
    errno.EHOSTDOWN,
    errno.EHOSTUNREACH,
    errno.ECONNREFUSED,
}
# Code reached on the way to the files: Django's storage and File classes, django-storages and
# the AWS libraries. An OSError raised elsewhere (a mail server, Kobo) is not about the files.
STORAGE_MODULES = ("django.core.files.", "storages.", "boto3.", "botocore.", "s3transfer.")


def _network_errors() -> tuple[type[BaseException], ...]:
    """botocore's and urllib3's errors of reaching a server; none when they are not installed
    (a deployment on local disk only)."""
    kinds: list[type[BaseException]] = []
    try:
        from botocore import exceptions as boto
    except ImportError:
        pass
    else:
        kinds += [boto.HTTPClientError, boto.ConnectionError]
    try:
        from urllib3 import exceptions as urllib3
    except ImportError:
        pass
    else:
        kinds.append(urllib3.HTTPError)
    return tuple(kinds)


NETWORK_ERRORS = _network_errors()


def _server_side_client_error(error: BaseException) -> bool:
    """An S3 answer of 5xx (InternalError, ServiceUnavailable, SlowDown): the store's fault, not
    the request's (a 403 or 404 is a real answer about the object)."""
    response = getattr(error, "response", None)
    if type(error).__name__ != "ClientError" or not isinstance(response, dict):
        return False
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return int(status) >= 500


def _raised_by_storage(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return any(
        module.startswith(STORAGE_MODULES)
        for frame in frames
        for module in [_module_of(frame.filename)]
    )


def _module_of(filename: str) -> str:
    """A dotted module name from a file name in site-packages or Django ("" if neither)."""
    parts = filename.replace("\\", "/").split("/")
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            tail = parts[parts.index(anchor) + 1 :]
            return ".".join(tail).removesuffix(".py") + "."
    return ""


def is_storage_unavailable(error: BaseException) -> bool:
    """Whether the error means the file storage cannot be reached or used just now."""
    if isinstance(error, NETWORK_ERRORS) or _server_side_client_error(error):
        return True
    return (
        isinstance(error, OSError)
        and not isinstance(error, FileNotFoundError)
        and error.errno in UNAVAILABLE_ERRNOS
        and _raised_by_storage(error)
    )


def storage_unavailable_response(request):
    """503 with the page saying the document cannot be fetched now (JSON for the open-data API)."""
    message = _("This document cannot be fetched right now. Try again in a few minutes.")
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        response = JsonResponse({"error": message}, status=503)
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = render(request, "storage_unavailable.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class StorageUnavailableMiddleware:
    """Turns a view's storage outage into the 503 page, logged once (not mailed per request:
    /readyz tells the monitoring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_unavailable(exception):
            return None
        logger.error(
            "file storage unavailable for %s %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exc_info=exception,
        )
        response = storage_unavailable_response(request)
        response._has_been_logged = True
        return response
