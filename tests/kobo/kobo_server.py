"""A fake KoboToolbox server for tests: `GET /api/v2/assets/<uid>/data/` on 127.0.0.1.

It answers in the format of Kobo's API v2 (../shared/reference/kobo.md): the envelope `count`,
`next`, `previous`, `results`, paged with `start` and `limit`, `next` built with the server's own
address; results keyed by XPaths ("visit/facility", "accessibility/c_ACC_1"), the repeat "needs"
as a list of objects with full-path keys, and Kobo's system keys. It checks the token, can
misbehave on demand (`mode`), and records every request.

    with FakeKobo(token="secret") as kobo:
        kobo.forms["aBcD1234eFgH5678"] = [kobo_submission(1), kobo_submission(2)]
        fetch_submissions("aBcD1234eFgH5678", base_url=kobo.url, token="secret")
"""

import http.server
import json
import socket
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit

from kobo import submissions as kobo

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
NORMAL, BROKEN_JSON, NOT_KOBO = "normal", "broken_json", "not_kobo"
SERVER_ERROR, SLOW = "server_error", "slow"
ENDLESS = "endless"  # every page, even past the last result, points to a next one


ATTACHMENTS = "/media/attachments/"


class Streamed:
    """A file of `size` bytes the server writes chunk by chunk, never whole in memory."""

    def __init__(self, size: int):
        self.size = size


def with_photo(result: dict, criterion, filename: str, url: str) -> dict:
    """The Kobo result with a photo answered for `criterion`, and its attachment at `url`."""
    xpath = f"{criterion.dimension}/{kobo.photo_field(criterion)}"
    result[xpath] = filename
    result["_attachments"].append(
        {
            "download_url": url,
            "mimetype": "image/jpeg",
            "filename": f"kobo/attachments/f1e2d3/{result['_uuid']}/{filename}",
            "media_file_basename": filename,
            "uid": f"att{len(result['_attachments'])}",
            "question_xpath": xpath,
            "is_deleted": False,
        }
    )
    return result


def down_url() -> str:
    """The address of a Kobo server that is down: a port on 127.0.0.1 that nobody listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def kobo_submission(
    number: int,
    *,
    facility: str = "FAC-001",
    framework=None,
    score: str = "2",
    needs: int = 1,
    uuid: str | None = None,
    root_uuid: str | None = None,
    deprecated_id: str | None = None,
    urgency: str = "high",
) -> dict:
    """One submission as Kobo's API returns it, answering the XLSForm of `framework` (if given).

    An edit made on Kobo is the submission with a new `uuid`, the first version's `root_uuid`
    and the `_uuid` of the version it replaced as `deprecated_id` (`meta/deprecatedID`).
    """
    uuid = uuid or f"00000000-0000-4000-8000-{number:012d}"
    result = {
        "_id": 1000 + number,
        "formhub/uuid": "f1e2d3c4b5a69788",
        "start": "2026-11-20T09:00:00.000+01:00",
        "end": "2026-11-20T10:12:00.000+01:00",
        f"visit/{kobo.FACILITY}": facility,
        f"visit/{kobo.ASSESSOR}": "Amina El Idrissi",
        f"visit/{kobo.ASSESSED_ON}": "2026-11-20",
        f"visit/{kobo.LOCATION}": "34.6814 -1.9086 540 5",
        f"visit/{kobo.FRAMEWORK_CODE}": kobo.form_id(framework) if framework else "manara_test",
        f"visit/{kobo.FRAMEWORK_VERSION}": framework.version if framework else "1",
        "needs_found": "yes" if needs else "no",
        kobo.SUMMARY: f"Visit number {number}",
        "__version__": "vGq3Zs8bYkP2mXhT4nWcLd",
        "meta/instanceID": f"uuid:{uuid}",
        "meta/rootUuid": f"uuid:{root_uuid or uuid}",
        "_xform_id_string": "aBcD1234eFgH5678",
        "_uuid": uuid,
        "_attachments": [],
        "_status": "submitted_via_web",
        "_geolocation": [34.6814, -1.9086],
        "_submission_time": "2026-11-20T10:15:02",
        "_tags": [],
        "_notes": [],
        "_validation_status": {},
        "_submitted_by": None,
    }
    if deprecated_id:
        result["meta/deprecatedID"] = f"uuid:{deprecated_id}"
    if framework is not None:
        for criterion in framework.criteria.all():
            result[f"{criterion.dimension}/{kobo.criterion_field(criterion)}"] = score
            comment = f"{criterion.dimension}/{kobo.comment_field(criterion)}"
            result[comment] = f"Seen on visit {number}"
    if needs:
        result[kobo.NEEDS] = [
            {
                f"{kobo.NEEDS}/{kobo.NEED_DIMENSION}": "safety",
                f"{kobo.NEEDS}/{kobo.NEED_KIND}": "equipment",
                f"{kobo.NEEDS}/{kobo.NEED_DESCRIPTION}": f"Fire extinguisher {item}",
                f"{kobo.NEEDS}/{kobo.NEED_QUANTITY}": "2",
                f"{kobo.NEEDS}/{kobo.NEED_UNIT_COST}": "450",
                f"{kobo.NEEDS}/{kobo.NEED_URGENCY}": urgency,
            }
            for item in range(1, needs + 1)
        ]
    return result


class _KoboHandler(http.server.BaseHTTPRequestHandler):
    server: "_KoboHTTPServer"

    def do_GET(self):  # noqa: N802 (the standard library's name)
        kobo = self.server.kobo
        parts = urlsplit(self.path)
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        kobo.requests.append(
            {
                "path": parts.path,
                "query": query,
                "authorization": self.headers.get("Authorization"),
                "accept": self.headers.get("Accept"),
            }
        )
        if self.headers.get("Authorization") != f"Token {kobo.token}":
            return self._json(401, {"detail": "Invalid token."})
        if parts.path.startswith(ATTACHMENTS):
            return self._attachment(parts.path[len(ATTACHMENTS) :])
        segments = parts.path.strip("/").split("/")
        if len(segments) != 5 or segments[:3] != ["api", "v2", "assets"] or segments[4] != "data":
            return self._json(404, {"detail": "Not found."})
        uid = segments[3]
        if uid not in kobo.forms:
            return self._json(404, {"detail": "Not found."})
        if kobo.mode == SERVER_ERROR:
            return self._send(500, "text/html", b"<h1>Server Error (500)</h1>")
        if kobo.mode == BROKEN_JSON:
            return self._send(200, "application/json", b"{not json")
        if kobo.mode == NOT_KOBO:
            return self._json(200, {"data": kobo.forms[uid]})
        if kobo.mode == SLOW:
            time.sleep(kobo.delay)
        try:
            start = int(query.get("start", 0))
            limit = int(query.get("limit", DEFAULT_LIMIT))
        except ValueError:
            return self._json(400, {"detail": "Invalid limit or start."})
        if limit <= 0 or start < 0:
            return self._json(400, {"detail": "Invalid limit or start."})
        limit = min(limit, MAX_LIMIT)
        results = kobo.forms[uid]
        self._json(
            200,
            {
                "count": len(results),
                "next": kobo.page_url(uid, start + limit, limit)
                if start + limit < len(results) or kobo.mode == ENDLESS
                else None,
                "previous": kobo.page_url(uid, max(start - limit, 0), limit) if start else None,
                "results": results[start : start + limit],
            },
        )

    def _attachment(self, name: str) -> None:
        """A file of `kobo.files`: after `kobo.file_delays[name]` seconds, its bytes, or, for
        a `Streamed` file, chunk after chunk without a Content-Length, counting in `kobo.sent`
        what the client took before it hung up."""
        kobo = self.server.kobo
        if name not in kobo.files:
            return self._json(404, {"detail": "Not found."})
        time.sleep(kobo.file_delays.get(name, 0))
        content_type, body = kobo.files[name]
        if not isinstance(body, Streamed):
            return self._send(200, content_type, body)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Connection", "close")
        self.end_headers()
        kobo.sent[name] = 0
        chunk = b"\xff" * 65536
        try:
            while kobo.sent[name] < body.size:
                self.wfile.write(chunk)
                kobo.sent[name] += len(chunk)
        except OSError:
            pass

    def _json(self, status: int, payload) -> None:
        self._send(status, "application/json", json.dumps(payload).encode())

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _KoboHTTPServer(http.server.ThreadingHTTPServer):
    kobo: "FakeKobo"

    def handle_error(self, request, client_address):
        # A client that gave up waiting (the timeout tests) closed the connection: not news.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeKobo:
    """A Kobo server in a thread. `forms` maps asset uids to their results (Kobo's dicts).

    `mode`: NORMAL, BROKEN_JSON (200 with "{not json"), NOT_KOBO (200 with JSON of another
    shape), SERVER_ERROR (500), SLOW (waits `delay` seconds before answering) or ENDLESS (a `next`
    link on every page, for ever). `next_base` replaces the server's own address in `next` links
    (to play a server that points elsewhere). `requests` records each request's path, query,
    Authorization and Accept headers. `files` are the attachments it serves (`file_url`), each
    after its `file_delays` seconds.
    """

    def __init__(self, token: str = "kobo-test-token"):  # noqa: S107 (a fake server's token)
        self.token = token
        self.forms: dict[str, list[dict]] = {}
        self.mode = NORMAL
        self.delay = 1.0
        self.next_base: str | None = None
        self.requests: list[dict] = []
        # Attachments under ATTACHMENTS: name -> (content type, bytes or Streamed).
        self.files: dict[str, tuple[str, bytes | Streamed]] = {}
        self.file_delays: dict[str, float] = {}
        self.sent: dict[str, int] = {}
        self._server: _KoboHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def file_url(self, name: str) -> str:
        return f"{self.url}{ATTACHMENTS}{name}"

    def page_url(self, uid: str, start: int, limit: int) -> str:
        base = self.next_base or self.url
        return f"{base}/api/v2/assets/{uid}/data/?format=json&limit={limit}&start={start}"

    def start(self) -> "FakeKobo":
        self._server = _KoboHTTPServer(("127.0.0.1", 0), _KoboHandler)
        self._server.kobo = self
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeKobo":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
