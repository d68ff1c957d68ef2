"""How every public response of the directory is served: read-only, cacheable, compressed.

GET/HEAD only; gzipped (a public page holds no secret, so compression cannot leak one);
`Cache-Control: public` for a number of seconds; an ETag so that a revisit answers 304; outside
ATOMIC_REQUESTS' transaction, since nothing is written (no savepoint round trips).
"""

from collections.abc import Callable
from functools import wraps

from django.db import transaction
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def public(max_age: Callable[[], int]):
    """Decorate a public view; `max_age()` is read at each request (settings may change)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age())
            return response

        return transaction.non_atomic_requests(require_safe(gzip_page(conditional_get(wrapped))))

    return decorator
