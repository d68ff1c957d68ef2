"""The cache on Redis (CACHE_URL=redis://..., config/caches.py) against a redis-server of the
tests' own: shared between processes (values and the scheduler's locks), and, with Redis down,
pages still answer as on cache misses while /readyz says 503 for the cache, until Redis is back.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from common import locks
from common.locks import cache_lock
from config.caches import cache_settings
from tests.conftest import IMMEDIATE_TASKS
from tests.services import REDIS_SERVER, Redis, running_redis, stop, wait_for_port

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis():
    with running_redis() as server:
        yield server


def use(server: Redis, settings) -> None:
    """Django's cache on this server, built as config/settings.py builds it from CACHE_URL."""
    settings.CACHES = {"default": cache_settings(server.url)}


@pytest.fixture
def on_redis(redis, settings):
    use(redis, settings)
    yield redis
    cache.clear()


@pytest.fixture
def redis_to_stop(settings, tmp_path):
    """A redis-server of this test only; the test stops it (and may start it again)."""
    settings.TASKS = IMMEDIATE_TASKS  # /readyz then asks nothing of a background worker
    settings.MEDIA_ROOT = tmp_path / "media"
    with running_redis() as server:
        use(server, settings)
        yield server


def restart(server: Redis, folder: Path) -> None:
    """redis-server again on the same port (empty, like a restarted cache)."""
    server.process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(server.port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(server.port, server.process)


def in_another_process(server: Redis, code: str) -> str:
    """What `manage.py shell -c code` prints in another process, with CACHE_URL on the server."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**os.environ, "CACHE_URL": server.url, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def fr(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def test_the_settings_put_a_redis_url_on_django_redis_with_errors_ignored():
    cache = cache_settings("redis://cache.internal:6379/2")

    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


def test_a_value_cached_in_one_process_is_read_in_another_and_back(on_redis):
    cache.set("manara:test:from-tests", "écrit par les tests", 60)

    printed = in_another_process(
        on_redis,
        "from django.core.cache import cache; print(cache.get('manara:test:from-tests')); "
        "cache.set('manara:test:from-shell', 'écrit par le shell', 60)",
    )

    assert printed == "écrit par les tests"
    assert cache.get("manara:test:from-shell") == "écrit par le shell"


def test_a_scheduler_lock_held_in_one_process_is_refused_in_another(on_redis):
    with cache_lock("manara:scheduler:test-job", 60) as taken_here:
        printed = in_another_process(
            on_redis,
            "from common.locks import cache_lock\n"
            "with cache_lock('manara:scheduler:test-job', 60) as taken: print(taken)",
        )

    assert taken_here is True
    assert printed == "False"
    with cache_lock("manara:scheduler:test-job", 60) as taken_after:
        assert taken_after is True  # released when its holder was done


class NoWaiting:
    """`time` for common.locks, whose every sleep (a wait for another's lock) is an error."""

    monotonic = staticmethod(time.monotonic)

    @staticmethod
    def sleep(seconds):
        raise AssertionError(f"waited {seconds} s for a lock the cache cannot give")


def test_with_redis_down_pages_answer_and_readyz_says_the_cache_is_down(
    client, redis_to_stop, iom_user, facility_a, monkeypatch
):
    client.force_login(iom_user)
    redis_to_stop.stop()

    staff_page = client.get(fr("facilities:list"))
    client.logout()
    # Built at once, not after waiting out the lock the cache cannot give (common/locks.py):
    # any wait for it fails the request.
    monkeypatch.setattr(locks, "time", NoWaiting)
    public_page = client.get(fr("directory:list"))
    ready = client.get("/readyz")

    assert (staff_page.status_code, public_page.status_code) == (200, 200)
    assert ready.status_code == 503
    assert ready.text.startswith("cache: down (ConnectionError)")


def test_once_redis_is_back_on_its_port_the_cache_works_again(
    client, redis_to_stop, facility_a, tmp_path
):
    redis_to_stop.stop()
    assert client.get("/readyz").status_code == 503

    restart(redis_to_stop, tmp_path)
    try:
        cache.set("manara:test:back", "de retour", 60)
        stored = cache.get("manara:test:back")
        ready = client.get("/readyz")
        public_page = client.get(fr("directory:list"))
    finally:
        stop(redis_to_stop.process)

    assert stored == "de retour"
    assert (ready.status_code, ready.text) == (200, "ok")
    assert public_page.status_code == 200
