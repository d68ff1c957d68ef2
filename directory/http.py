"""How every public response of the directory is served: read-only, cacheable, compressed.

GET/HEAD only; gzipped (a public page holds no secret, so compression cannot leak one);
`Cache-Control: public` for a number of seconds; an ETag so that a revisit answers 304; outside
ATOMIC_REQUESTS' transaction, since nothing is written (no savepoint round trips).

With `cache_rendering=True` the server also keeps what the view rendered (status, body and the
view's own headers) in Django's cache, so the next visitor asking for the same page is answered
with one query, the published-data stamp of `directory.freshness`, instead of the page's
queries and its template:

- the key is `cache_key("public-page", language, scheme, host, path, query)`: the stamp changes
  whenever a published facility is added, edited or removed (for the help page, whenever a help
  section or an emergency number is: `stamp=help_stamp`), so an edit shows on the next
  request without anything to forget; the query is the request's parameters sorted by name (each
  name's values kept in their order, since the view reads the last one), so `?a=1&b=2` and
  `?b=2&a=1` share an entry; scheme and host are in the key because the page's canonical and
  alternate links print them;
- only requests without a session cookie read or fill it: nobody is signed in, so nothing
  personal can be in the page, and a staff member's page (their session read, `Vary: Cookie`)
  is never stored nor served to a visitor;
- only a 200 that sets no cookie and does not vary on Cookie is stored;
- one build at a time per key (`common.locks.cached_build`): a burst of visitors on a page whose
  data just changed renders it once, the others wait for that rendering.

The stored response goes through the same conditional-GET and gzip steps as a fresh one, so its
ETag (computed once, when it is stored) still answers 304 and it is still compressed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from common.locks import cached_build

from .freshness import cache_key, published_stamp

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)

# How long a rendering is kept: its key changes with the published data anyway, so this only
# bounds how long a page nobody asks for again occupies the cache.
RENDERING_SECONDS = 60 * 60


@dataclass(frozen=True)
class Rendering:
    """What a view answered, as the cache keeps it: picklable for any cache backend."""

    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def public(
    max_age: Callable[[], int],
    *,
    cache_rendering: bool = False,
    stamp: Callable[[], str] = published_stamp,
):
    """Decorate a public view; `max_age()` is read at each request (settings may change).

    `cache_rendering=True` keeps the view's rendering on the server for visitors who are not
    signed in (see the module's docstring); only for views whose answer depends on nothing but
    the language, the address and the data `stamp()` follows (the published facilities unless
    said otherwise: the help page follows `freshness.help_stamp`).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if cache_rendering and settings.SESSION_COOKIE_NAME not in request.COOKIES:
                response = _rendered_once(request, view, args, kwargs, stamp)
            else:
                response = view(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age())
            return response

        return transaction.non_atomic_requests(require_safe(gzip_page(conditional_get(wrapped))))

    return decorator


def rendering_key(request, stamp: Callable[[], str] = published_stamp) -> str:
    """The cache key of a public page: language, scheme, host, path and sorted query."""
    query = urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)
    return cache_key(
        "public-page",
        get_language(),
        request.scheme,
        request.get_host(),
        request.path,
        query,
        stamp=stamp,
    )


def _rendered_once(request, view, args, kwargs, stamp) -> HttpResponse:
    """The view's response from the cache, else rendered (by one request at a time) and kept."""
    fresh = None

    def build() -> Rendering | None:
        nonlocal fresh
        fresh = view(request, *args, **kwargs)
        return _storable(fresh)

    stored = cached_build(rendering_key(request, stamp), build, RENDERING_SECONDS)
    if fresh is not None:
        return fresh
    if stored is None:
        # Kept as "not storable" (a cookie, say): render for each request, as without a cache.
        return view(request, *args, **kwargs)
    return stored.response()


def _storable(response) -> Rendering | None:
    """What to keep of a fresh response; None when it must not be shared between visitors."""
    vary = response.get("Vary", "").lower()
    if (
        response.status_code != 200
        or getattr(response, "streaming", False)
        or response.cookies
        or "cookie" in vary
        or "*" in vary
    ):
        return None
    set_response_etag(response)
    return Rendering(response.status_code, response.content, tuple(response.items()))
