"""A small client of KoboToolbox's REST API v2: the submissions of one form, page after page.

Only the standard library: `GET {KOBO_URL}/api/v2/assets/<uid>/data/` with `Authorization: Token
<KOBO_TOKEN>`, following `next` until it is null (facts: ../shared/reference/kobo.md). Every
failure becomes a `KoboError` whose message a person can act on; the token never appears in a
message or a log line, and it is never sent to another server than KOBO_URL's.
"""

import http.client
import json
import math
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .submissions import NEEDS, Submission, bare_name

OnPage = Callable[[int, int], None]
# The most pages a fetch reads, whatever the server says (KOBO_MAX_PAGES overrides it).
DEFAULT_MAX_PAGES = 2000
# What the pull keeps of each of a submission's `_attachments` (kobo/photos.py).
ATTACHMENT_KEYS = ("download_url", "question_xpath", "media_file_basename", "filename")


class KoboError(Exception):
    """The Kobo server could not give the submissions; the message says why, for a person."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class _SameServerRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the configured server: urllib would resend the token anywhere."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if _origin(newurl) != _origin(self.base_url):
            raise KoboError(
                _(
                    "The Kobo server at %(url)s sent Manara to another address (%(target)s); "
                    "set KOBO_URL to the server's own address."
                )
                % {"url": self.base_url, "target": _origin(newurl)[1] or newurl}
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _text(value) -> str | None:
    """A JSON scalar as Kobo's text; None for what is not an answer (null, lists, objects)."""
    if value is None or isinstance(value, list | dict):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _answers(item: dict) -> dict[str, str]:
    answers = {}
    for key, value in item.items():
        text = _text(value)
        if text is not None:
            answers[bare_name(key)] = text
    return answers


def to_submission(result: dict, position: int) -> Submission:
    """One element of the API's `results` as a Submission; `position` counts from 1."""
    uuid = result.get("_uuid") if isinstance(result, dict) else None
    if not isinstance(uuid, str) or not uuid.strip():
        raise KoboError(
            _("Submission %(position)s in the Kobo server's answer has no _uuid.")
            % {"position": position}
        )
    needs = []
    for key, value in result.items():
        if bare_name(key) == NEEDS and isinstance(value, list):
            needs = [_answers(item) for item in value if isinstance(item, dict)]
    attachments = [
        {key: str(item.get(key) or "") for key in ATTACHMENT_KEYS}
        for item in result.get("_attachments") or []
        if isinstance(item, dict) and not item.get("is_deleted")
    ]
    return Submission(
        uuid=uuid.strip(),
        values=_answers(result),
        needs=needs,
        row=position,
        attachments=attachments,
    )


def _format_error() -> KoboError:
    return KoboError(_("The Kobo server's answer is not Kobo's API format."))


def _get_page(opener, url: str, *, base_url: str, token: str, asset_uid: str) -> dict:
    # Only http(s) on KOBO_URL's server gets here: _settings and fetch_submissions check it.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    try:
        with opener.open(request, timeout=settings.KOBO_TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        error.close()
        if error.code in (401, 403):
            raise KoboError(
                _("The Kobo server refused the token (HTTP %(status)s): check KOBO_TOKEN.")
                % {"status": error.code}
            ) from None
        if error.code == 404:
            raise KoboError(
                _("The Kobo server does not know the form %(uid)s.") % {"uid": asset_uid}
            ) from None
        raise KoboError(
            _("The Kobo server at %(url)s answered with an error (HTTP %(status)s); try later.")
            % {"url": base_url, "status": error.code}
        ) from None
    except urllib.error.URLError as error:
        raise KoboError(
            _("The Kobo server at %(url)s cannot be reached: %(reason)s.")
            % {"url": base_url, "reason": error.reason}
        ) from None
    except (OSError, http.client.HTTPException) as error:
        # Timeouts while reading, connections dropped halfway, garbled HTTP.
        raise KoboError(
            _("The Kobo server at %(url)s cannot be reached: %(reason)s.")
            % {"url": base_url, "reason": str(error) or error.__class__.__name__}
        ) from None
    try:
        page = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        raise _format_error() from None
    if (
        not isinstance(page, dict)
        or not isinstance(page.get("results"), list)
        or not isinstance(page.get("count"), int)
        or isinstance(page.get("count"), bool)
        or not isinstance(page.get("next"), str | None)
    ):
        raise _format_error()
    return page


def _settings(base_url: str | None, token: str | None) -> tuple[str, str]:
    base_url = (settings.KOBO_URL if base_url is None else base_url).rstrip("/")
    token = settings.KOBO_TOKEN if token is None else token
    missing = [name for name, value in (("KOBO_URL", base_url), ("KOBO_TOKEN", token)) if not value]
    if missing:
        raise KoboError(
            _("Fetching from Kobo is not configured: set %(names)s in the environment.")
            % {"names": ", ".join(missing)}
        )
    scheme, host = _origin(base_url)
    if scheme not in ("http", "https") or not host:
        raise KoboError(
            _("KOBO_URL must be the server's http(s) address, such as %(example)s; it is %(url)s.")
            % {"example": "https://kf.kobotoolbox.org", "url": base_url}
        )
    return base_url, token


class AttachmentRefused(Exception):
    """One attachment was not taken (another server, an HTTP error, too large); the others may
    be. The message, for a person, says why."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def fetch_attachment(
    url: str, *, limit: int, base_url: str | None = None, token: str | None = None
) -> bytes:
    """The bytes of a submission's attachment at `url`, at most `limit` of them read.

    The token goes only to KOBO_URL's server: an attachment elsewhere is refused unasked.
    Raises AttachmentRefused for this attachment alone, KoboError when the server stops
    answering (a timeout, a dropped connection): the pull then fails as a whole.
    """
    base_url, token = _settings(base_url, token)
    if _origin(url) != _origin(base_url):
        raise AttachmentRefused(
            _("it is on another server (%(target)s), where Manara does not send the token.")
            % {"target": _origin(url)[1] or url}
        )
    opener = urllib.request.build_opener(_SameServerRedirects(base_url))
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})  # noqa: S310
    too_large = AttachmentRefused(
        _("it is larger than %(max)s, the most a photo may be.") % {"max": filesizeformat(limit)}
    )
    try:
        with opener.open(request, timeout=settings.KOBO_TIMEOUT) as response:
            declared = response.headers.get("Content-Length") or ""
            if declared.isdigit() and int(declared) > limit:
                raise too_large
            # Never more than the limit and one byte: a huge file is not read whole.
            body = response.read(limit + 1)
    except KoboError as error:  # a redirect to another server
        raise AttachmentRefused(error.message) from None
    except urllib.error.HTTPError as error:
        error.close()
        raise AttachmentRefused(
            _("the Kobo server answered with an error (HTTP %(status)s).") % {"status": error.code}
        ) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", None) or str(error) or error.__class__.__name__
        raise KoboError(
            _(
                "The Kobo server at %(url)s stopped answering while the photos were fetched "
                "(%(reason)s); nothing was imported. Fetch the submissions again."
            )
            % {"url": base_url, "reason": reason}
        ) from None
    if len(body) > limit:
        raise too_large
    return body


def fetch_submissions(
    asset_uid: str,
    *,
    base_url: str | None = None,
    token: str | None = None,
    page_size: int = 300,
    on_page: OnPage | None = None,
) -> list[Submission]:
    """Every submission of the Kobo form `asset_uid`, in the server's order.

    `base_url` and `token` default to settings.KOBO_URL and KOBO_TOKEN. After each page,
    `on_page(fetched so far, count)` reports progress. Raises KoboError.
    """
    base_url, token = _settings(base_url, token)
    opener = urllib.request.build_opener(_SameServerRedirects(base_url))
    uid = quote(asset_uid, safe="")
    url = f"{base_url}/api/v2/assets/{uid}/data/?format=json&limit={page_size}"
    submissions: list[Submission] = []
    visited = set()
    # A server that keeps sending `next` links is stopped: after the pages its first answer's
    # count calls for, plus one, and never after KOBO_MAX_PAGES.
    most_pages = getattr(settings, "KOBO_MAX_PAGES", DEFAULT_MAX_PAGES)
    pages = announced = 0
    while url:
        if _origin(url) != _origin(base_url):
            raise KoboError(
                _(
                    "The Kobo server at %(url)s pointed to the next page on another server "
                    "(%(target)s); Manara does not send the token there."
                )
                % {"url": base_url, "target": _origin(url)[1] or url}
            )
        if url in visited:
            raise _format_error()
        visited.add(url)
        if pages >= most_pages:
            raise KoboError(
                _(
                    "The Kobo server at %(url)s kept pointing to more pages than the %(count)s "
                    "submissions it counted (%(pages)s pages read); the fetch was stopped and "
                    "nothing was imported."
                )
                % {"url": base_url, "count": announced, "pages": pages}
            )
        page = _get_page(opener, url, base_url=base_url, token=token, asset_uid=asset_uid)
        pages += 1
        if pages == 1:
            announced = page["count"]
            size = len(page["results"]) or page_size
            most_pages = min(most_pages, math.ceil(announced / size) + 1)
        for result in page["results"]:
            submissions.append(to_submission(result, len(submissions) + 1))
        if on_page is not None:
            on_page(len(submissions), page["count"])
        url = page["next"]
    return submissions
