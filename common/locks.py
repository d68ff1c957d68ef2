"""One build at a time of anything expensive: a lock held in Django's cache.

`cached_build(key, build, timeout)` answers from the cache when it can; otherwise one caller
takes the lock `key + ":lock"` (`cache.add` is atomic on Redis, memcached, the database cache
and, within a process, the local-memory cache) and builds, while the others wait for its result
for up to `wait` seconds before building themselves (a lock whose holder died expires after
`lock_seconds`). With the per-process cache this only protects the threads of one process:
production points CACHE_URL at a cache the processes share.
"""

import contextlib
import time
import uuid
from collections.abc import Callable, Iterator

from django.core.cache import cache

_MISSING = object()


@contextlib.contextmanager
def cache_lock(name: str, lock_seconds: int = 300) -> Iterator[bool | None]:
    """Try to take the lock `name`; yields whether it was taken, releases it afterwards.

    None (falsy, like "not taken") when the cache did not answer: django-redis, ignoring its
    errors while Redis is down, answers None where a working cache says True or False.
    """
    token = uuid.uuid4().hex
    taken = cache.add(name, token, lock_seconds)
    try:
        yield taken
    finally:
        if taken and cache.get(name) == token:
            cache.delete(name)


def cached_build(
    key: str,
    build: Callable[[], object],
    timeout: int,
    *,
    wait: float = 60.0,
    lock_seconds: int = 300,
    poll: float = 0.1,
):
    """The cached value of `key`, built by `build()` by one caller at a time."""
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    deadline = time.monotonic() + wait
    while True:
        with cache_lock(f"{key}:lock", lock_seconds) as taken:
            if taken:
                value = cache.get(key, _MISSING)
                if value is _MISSING:
                    value = build()
                    cache.set(key, value, timeout)
                return value
            if taken is None:
                # The cache is down: nobody holds the lock and no result will ever appear in it.
                return build()
        time.sleep(poll)
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
        if time.monotonic() > deadline:
            # The holder is slow or gone: build without the lock rather than fail the request.
            value = build()
            cache.set(key, value, timeout)
            return value
