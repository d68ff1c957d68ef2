"""One build at a time: `common.locks.cached_build` under concurrent callers."""

import threading
import time

import pytest
from django.core.cache import cache

from common.locks import cache_lock, cached_build


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_concurrent_callers_build_once_and_all_get_the_value():
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.3)
        return "document"

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cached_build("doc", build, 60)))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["document"] * 5
    assert len(builds) == 1


def test_a_cached_value_is_not_built_again():
    cache.set("doc", "kept", 60)
    assert cached_build("doc", lambda: pytest.fail("built again"), 60) == "kept"


def test_a_lock_is_released_after_use_and_refused_while_held():
    with cache_lock("job") as first:
        assert first
        with cache_lock("job") as second:
            assert not second
    with cache_lock("job") as again:
        assert again


def test_a_caller_waits_no_longer_than_told_then_builds_itself():
    with cache_lock("doc:lock") as taken:
        assert taken
        assert cached_build("doc", lambda: "built", 60, wait=0.2) == "built"
