"""Django's cache from one URL (`CACHE_URL`), so settings and tests build it the same way.

On Redis (`redis://host:port/db`) the cache goes through django-redis with its errors ignored:
a Redis that is down answers as misses within a second, so pages still answer (slower) and only
/readyz says the cache is down. Every other URL is django-environ's (locmem, filecache, ...).
"""

import environ

# Seconds to wait for Redis to accept a connection and to answer a command: a Redis that is down
# or unreachable costs each request at most this, not a hung worker.
REDIS_TIMEOUT = 1


def cache_settings(url: str) -> dict:
    """The `CACHES["default"]` entry for this URL."""
    cache = environ.Env.cache_url_config(url)
    if cache["BACKEND"].endswith("RedisCache"):
        options = {key.upper(): value for key, value in cache.get("OPTIONS", {}).items()}
        cache["BACKEND"] = "django_redis.cache.RedisCache"
        cache["OPTIONS"] = {
            **options,
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_TIMEOUT,
        }
    return cache
