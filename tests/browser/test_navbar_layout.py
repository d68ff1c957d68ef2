"""The top menu as a signed-in partner (or administrator) sees it, in French and in Arabic
(Bootstrap's RTL build).

On a 1280 px desktop its entries read along a line (an Arabic header once stacked them one per
line, over 400 px tall); between 992 and 1279 px nothing in it overlaps; on a phone the menu opens
from its button, and without JavaScript its entries are shown anyway.
"""

from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import DESKTOP, MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
MAIN_ENTRIES = "#main-menu ul.navbar-nav.me-auto > .nav-item"
# Everything a person reads or clicks in the header, each to be clear of the others.
HEADER_PARTS = (
    ".navbar-brand, #main-menu .nav-link, #main-menu .navbar-text, #main-menu input, "
    "#main-menu button"
)


def boxes(page, selector: str) -> list[dict]:
    """The bounding boxes of the visible elements matched, in page order."""
    return [
        box
        for element in page.locator(selector).all()
        if element.is_visible() and (box := element.bounding_box()) is not None
    ]


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, by rule and first element."""
    results = AXE.run(page).response
    assert results["passes"], "axe-core did not run"
    return [
        f"{violation['id']} ({violation['nodes'][0]['target']})"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def overlapping(first: dict, second: dict) -> bool:
    """Whether two boxes share more than a pixel of area (borders that touch do not count)."""
    return (
        min(first["x"] + first["width"], second["x"] + second["width"])
        - max(first["x"], second["x"])
        > 1
        and min(first["y"] + first["height"], second["y"] + second["height"])
        - max(first["y"], second["y"])
        > 1
    )


@pytest.mark.parametrize("person", ["partner_user", "admin_user"])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_desktop_the_menu_reads_along_a_line(request, open_page, log_in, language, person):
    """The partner's menu, and the administrator's, the longest (plans, back office, users)."""
    user = request.getfixturevalue(person)
    page = open_page(DESKTOP)
    log_in(page, user.username, PASSWORD, language=language)

    entries = boxes(page, MAIN_ENTRIES)
    tops = Counter(round(box["y"]) for box in entries)
    header_height = page.locator("header nav.navbar").bounding_box()["height"]

    assert len(entries) >= 8
    assert tops.most_common(1)[0][1] >= 4, f"entries' tops: {sorted(tops.items())}"
    assert len(tops) <= 2, f"the menu takes {len(tops)} lines"
    assert header_height < 160, f"the header is {header_height} px tall"
    assert blocking_violations(page) == []


@pytest.mark.parametrize("width", [992, 1024, 1180])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_narrow_desktop_nothing_in_the_header_overlaps(
    open_page, log_in, partner_user, language, width
):
    page = open_page({"width": width, "height": 800})
    log_in(page, partner_user.username, PASSWORD, language=language)

    parts = boxes(page, HEADER_PARTS)
    clashes = [
        (first, second)
        for index, first in enumerate(parts)
        for second in parts[index + 1 :]
        if overlapping(first, second)
    ]

    assert len(parts) >= 15
    assert clashes == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_phone_the_menu_opens_from_its_button(open_page, log_in, partner_user, language):
    page = open_page(MOBILE, is_mobile=True, has_touch=True)
    log_in(page, partner_user.username, PASSWORD, language=language)
    guide = page.get_by_test_id("staff-guide-link")
    expect(guide).to_be_hidden()

    page.locator(".navbar-toggler").click()

    expect(guide).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    assert blocking_violations(page) == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_phone_without_javascript_the_menu_is_shown(open_page, log_in, partner_user, language):
    page = open_page(MOBILE, java_script_enabled=False)
    log_in(page, partner_user.username, PASSWORD, language=language)

    expect(page.get_by_test_id("staff-guide-link")).to_be_visible()
    expect(page.locator("nav a[hreflang=ar]")).to_be_visible()
    expect(page.locator(".navbar-toggler")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
