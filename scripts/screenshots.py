"""Screenshots of the staff and public pages, in French and Arabic, on a desktop and a phone.

Signs in to a running Manara (by default the demo server of `make run`) with headless Chromium
and saves full-page PNGs, the list also with its filter panel open, for people to look at:
layout, right-to-left mirroring, overflow on a 360 px screen. It is not a test and asserts
nothing; it warns when a page scrolls sideways or the map does not load.

    DEBUG=true .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000]
        [--username partner1] [--password manara-demo] [--output test-artifacts/screenshots]
        [--offline] [--pages facility-list,assessment-answers,prioritisation]

The assessment pages open the first draft assessment the user may edit (the demo data has one
for partner1); the actor, case and referral pages open the first one listed for the user (use
--username iom1 for the pages only IOM staff see, such as pathway-edit and the dashboard).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

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
SCREENS = {"1280": {"width": 1280, "height": 800}, "360": {"width": 360, "height": 740}}
LANGUAGES = ("fr", "ar")
# The filter panel starts collapsed; the third shot shows the list with it open.
PAGES = {
    "facility-list": "/{language}/facilities/",
    "facility-list-filters": "/{language}/facilities/",
    "facility-map": "/{language}/facilities/map/",
    "assessment-answers": "/{language}/assessments/{draft}/answers/safety/",
    "assessment-needs": "/{language}/assessments/{draft}/needs/",
    "prioritisation": "/{language}/prioritisation/",
    "needs-planner": "/{language}/needs/?budget=250000",
    "actor-list": "/{language}/actors/",
    "actor-detail": "/{language}/actors/{actor}/",
    "coverage": "/{language}/actors/coverage/",
    "roadmap": "/{language}/roadmap/",
    "pathways": "/{language}/pathways/",
    "pathway-edit": "/{language}/pathways/{oriental}/employment/edit/",
    "case-list": "/{language}/cases/",
    "case-new": "/{language}/cases/new/",
    "case-detail": "/{language}/cases/{case}/",
    "referral-list": "/{language}/referrals/",
    "referral-detail": "/{language}/referrals/{referral}/",
    "referral-dashboard": "/{language}/referrals/dashboard/",
    "kobo-import": "/{language}/assessments/import/",
    "kobo-forms": "/{language}/assessments/kobo/",
    "plan-list": "/{language}/plans/",
    "plan-detail": "/{language}/plans/{plan}/",
    "region-dashboard": "/{language}/dashboard/region/02/",
    "project-list": "/{language}/projects/",
    "project-detail": "/{language}/projects/{project}/",
    "support-list": "/{language}/support/",
    # The public side looks the same signed in or not (no user data on those pages).
    "directory": "/{language}/directory/",
    "directory-women": "/{language}/directory/?group=women",
    "directory-facility": "/{language}/directory/{public_slug}/",
    "help": "/{language}/help/",
}
TIMEOUT_MS = 15_000
# Once the markers are drawn, how long tiles may take before the shot is taken without them.
TILE_GRACE_MS = 5_000
# Resolves once the element has kept the same box for ten animation frames: Leaflet's zoom
# and marker-cluster animations have ended.
WAIT_UNTIL_STILL = """element => new Promise(resolve => {
    let last = "", still = 0;
    (function frame() {
        const box = element.getBoundingClientRect();
        const now = [box.x, box.y, box.width, box.height].join();
        still = now === last ? still + 1 : 0;
        last = now;
        if (still >= 10) { resolve(true); } else { requestAnimationFrame(frame); }
    })();
})"""


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="a running Manara")
    parser.add_argument("--username", default="partner1")
    parser.add_argument(
        "--password",
        default=os.environ.get("DEMO_PASSWORD", "manara-demo"),
        help="default: $DEMO_PASSWORD, else the demo accounts' password",
    )
    parser.add_argument("--output", type=Path, default=Path("test-artifacts/screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help="comma-separated page names (default: all): " + ", ".join(PAGES),
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="abort every request not to --base-url (map tiles included) instead of trying",
    )
    return parser.parse_args()


def log_in(page, username: str, password: str) -> None:
    """Sign in through the form; stop with a clear message if the server refuses."""
    page.goto("/fr/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        sys.exit(f"Could not sign in as {username!r}: check the username and password.")
    if "/accounts/two-factor/code/" in page.url:
        # A demo account with a second factor: its code, from the same database (DEBUG only).
        manage = Path(__file__).resolve().parent.parent / "manage.py"
        answer = subprocess.run(  # noqa: S603 (our own manage.py, a fixed argument list)
            [sys.executable, str(manage), "demo_totp", username],
            capture_output=True,
            text=True,
            check=False,
        )
        if answer.returncode != 0:
            sys.exit(f"{username!r} needs a two-factor code: {answer.stderr.strip()}")
        page.locator("#id_code").fill(answer.stdout.strip())
        page.locator("#id_code").press("Enter")
        page.wait_for_load_state()
        if "/accounts/two-factor/" in page.url:
            sys.exit(f"The two-factor code of {username!r} was refused.")


def first_draft_assessment(page) -> str:
    """The id of the first draft assessment listed for the signed-in user, or "0" if none."""
    page.goto("/fr/assessments/?status=draft")
    link = page.locator("main table a[href*='/assessments/']").first
    if not link.count():
        print("  warning: no draft assessment to show; the assessment pages will be 404")
        return "0"
    return link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]


def first_listed(page, list_path: str, link_selector: str) -> str:
    """The id in the first link of a list page matching the selector, or "0" if there is none."""
    page.goto(list_path)
    link = page.locator(link_selector).first
    if not link.count():
        print(f"  warning: nothing listed at {list_path}; its detail page will be 404")
        return "0"
    return link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]


def detail_ids(page, names: list[str]) -> dict[str, str]:
    """Ids that the chosen pages need, each looked up only when one of the pages uses it."""
    wanted = " ".join(PAGES[name] for name in names)
    ids = {}
    if "{draft}" in wanted:
        ids["draft"] = first_draft_assessment(page)
    if "{actor}" in wanted:
        ids["actor"] = first_listed(page, "/fr/actors/", "main [data-testid=actor-name]")
    if "{case}" in wanted:
        ids["case"] = first_listed(page, "/fr/cases/", "main table a[href*='/cases/']")
    if "{referral}" in wanted:
        ids["referral"] = first_listed(page, "/fr/referrals/", "main table a[href*='/referrals/']")
    if "{plan}" in wanted:
        ids["plan"] = first_listed(page, "/fr/plans/", "main table a[href*='/plans/']")
    if "{project}" in wanted:
        ids["project"] = first_listed(page, "/fr/projects/", "main table a[href*='/projects/']")
    if "{public_slug}" in wanted:
        ids["public_slug"] = first_listed(page, "/fr/directory/", "main ol.results h3 a")
    if "{oriental}" in wanted:
        page.goto("/fr/pathways/")
        ids["oriental"] = page.locator("#region option", has_text="Oriental").first.get_attribute(
            "value"
        )
    return ids


def wait_for_map(page) -> None:
    """Wait for the markers, then give the tiles a bounded chance; missing tiles are fine."""
    try:
        page.locator("#facility-map.is-loaded").wait_for(timeout=TIMEOUT_MS)
    except PlaywrightTimeoutError:
        status = page.locator("#map-status").inner_text()
        print(f"  warning: the map did not load ({status!r}); taking the shot anyway")
        return
    markers = page.locator("#facility-map :is(.leaflet-interactive, .marker-cluster)")
    if markers.count():
        markers.first.evaluate(WAIT_UNTIL_STILL)
    try:
        page.wait_for_load_state("networkidle", timeout=TILE_GRACE_MS)
    except PlaywrightTimeoutError:
        print("  note: some map tiles did not finish loading")


def take_screenshots(arguments: argparse.Namespace) -> list[Path]:
    base_url = arguments.base_url.rstrip("/")
    server = urlsplit(base_url).netloc
    arguments.output.mkdir(parents=True, exist_ok=True)
    saved = []

    def keep_to_server(route, request):
        if urlsplit(request.url).netloc == server:
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=arguments.chromium, headless=True, args=CHROMIUM_ARGS
        )
        for screen, viewport in SCREENS.items():
            phone = viewport["width"] < 576
            context = browser.new_context(
                viewport=viewport, base_url=base_url, is_mobile=phone, has_touch=phone
            )
            context.set_default_timeout(TIMEOUT_MS)
            if arguments.offline:
                context.route("**/*", keep_to_server)
            page = context.new_page()
            page.on("pageerror", lambda error: print(f"  script error: {error}"))
            log_in(page, arguments.username, arguments.password)
            names = [name for name in arguments.pages.split(",") if name in PAGES]
            ids = detail_ids(page, names)
            for language in LANGUAGES:
                for name in names:
                    page.goto(PAGES[name].format(language=language, **ids))
                    if name == "facility-map":
                        wait_for_map(page)
                    elif name == "facility-list-filters":
                        page.locator("details.filter-panel summary").click()
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > viewport["width"] + 1:
                        print(f"  warning: {page.url} is {width} px wide on a {screen} px screen")
                    path = arguments.output / f"{name}_{language}_{screen}.png"
                    page.screenshot(path=path, full_page=True)
                    print(path)
                    saved.append(path)
            context.close()
        browser.close()
    return saved


def main() -> None:
    arguments = parse_arguments()
    try:
        take_screenshots(arguments)
    except PlaywrightError as error:
        sys.exit(f"Screenshots failed: {str(error).strip().splitlines()[0]}")


if __name__ == "__main__":
    main()
