"""Headless Chromium, driven by Playwright, against pytest-django's live server.

The browser starts once per session; each test gets a fresh context (cookies, storage) and a
page. Every request that is not for the live server is aborted, so the tests run offline and
fast: the map's tiles come from an external tile server, but its markers are SVG circles
drawn from the live server's GeoJSON, so the map loads without them.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from accounts import permissions, twofactor
from accounts.models import User
from tests.second_factor import code_of, enrol

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 740}
# Long enough for a slow CI machine, short enough that a broken page fails quickly.
TIMEOUT_MS = 10_000
BROWSER_TESTS = Path(__file__).parent
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
previous_async_unsafe = pytest.StashKey[str | None]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Let Django's ORM run under Playwright's event loop, for the browser tests only.

    Playwright's sync API runs an asyncio event loop in the main thread. Django sees that
    running loop and refuses every ORM call made from this thread (SynchronousOnlyOperation),
    although the calls are plain synchronous ones: arranging data, and pytest-django's
    restore and flush around each test. Nothing here shares a connection between coroutines,
    so the check is safely switched off, from the setup of each browser test to the end of its
    teardown. It is not set for the whole run: the variable would leak into other tests, and
    `manage.py check --deploy` run by them reports it as an error (async.E001).
    """
    item.stash[previous_async_unsafe] = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        previous = item.stash.get(previous_async_unsafe, None)
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def pytest_collection_modifyitems(items):
    """Mark every test of this folder `browser`, so `-m "not browser"` leaves them all out, and
    run them last: once Playwright's event loop runs in the main thread (for the rest of the
    session), Django refuses ORM calls there, which tests of other folders need."""
    browser_tests = [item for item in items if BROWSER_TESTS in item.path.parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    others = [item for item in items if BROWSER_TESTS not in item.path.parents]
    items[:] = others + browser_tests


@dataclass
class BrowserLog:
    """What the pages of one test did: script errors, dialogs, responses, blocked requests."""

    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)

    def status_of(self, path_end: str) -> int | None:
        """The HTTP status of the last response whose address (query excluded) ends so."""
        for url, status in reversed(self.responses.items()):
            if urlsplit(url).path.endswith(path_end):
                return status
        return None


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One headless Chromium for the session; the tests are skipped if it cannot start."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install it with apt-get install -y chromium"
        )
    # Once Playwright's loop runs in this thread, asgiref hands Django other connection objects
    # than before (per async context, not per thread). The test database was made, and its
    # content serialized for `serialized_rollback`, on the old ones: carry that content over,
    # or the tests after the first would find Morocco's regions gone.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    for alias, content in serialized.items():
        connections[alias]._test_serialized_contents = content
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except PlaywrightError as error:
        playwright.stop()
        first_line = str(error).strip().splitlines()[0]
        pytest.skip(f"Chromium at {CHROMIUM} failed to launch: {first_line}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def browser_log():
    return BrowserLog()


@pytest.fixture
def open_page(browser, live_server, browser_log):
    """Open a page of the given size in a fresh context that only reaches the live server."""
    live_origin = urlsplit(live_server.url).netloc
    contexts = []

    def keep_to_live_server(route, request):
        if urlsplit(request.url).netloc == live_origin:
            route.continue_()
        else:
            browser_log.blocked.append(request.url)
            route.abort()

    def on_dialog(dialog):
        browser_log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open_page(viewport, **options):
        context = browser.new_context(
            viewport=viewport, base_url=live_server.url, locale="fr-FR", **options
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", keep_to_live_server)
        page = context.new_page()
        page.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))
        page.on("dialog", on_dialog)
        page.on(
            "response",
            lambda response: browser_log.responses.update({response.url: response.status}),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A desktop page, 1280 × 800: the navbar is expanded."""
    return open_page(DESKTOP)


@pytest.fixture
def mobile_page(open_page):
    """A phone-sized page, 360 × 740 with touch: the navbar collapses behind its toggler."""
    return open_page(MOBILE, is_mobile=True, has_touch=True)


def app_of(username):
    """The authenticator app of someone who signs in with a second factor (enrolled here when
    their role requires one and they have none yet), else None."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    device = twofactor.app_device(user)
    if device is None and permissions.needs_second_factor(user):
        device = enrol(user)
    return device


def sign_in(page, username, password, language="fr"):
    """Sign in through the login form as a person would (with the code of their app when they
    have one), and land on the facility list."""
    device = app_of(username)
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    if device is not None:
        page.wait_for_url("**/accounts/two-factor/code/**")
        page.locator("#id_code").fill(code_of(device))
        page.locator("#id_code").press("Enter")
    page.wait_for_url(f"**/{language}/facilities/")


@pytest.fixture
def log_in():
    """`sign_in`, as a fixture."""
    return sign_in
