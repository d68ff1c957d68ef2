"""The staff search in a browser: IOM finds a case by its reference from the menu's search box
and opens it; partner2, of another organisation, searching the same reference on a phone, finds
nothing.

Selectors use ids, names and data-testid rather than visible words.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import sign_in
from tests.factories import CaseFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"
REFERENCE = "RET-2026-00042"


@pytest.fixture
def people():
    ngo_a = OrganisationFactory(name="Association Bab Charq", acronym="ABCAS")
    ngo_b = OrganisationFactory(name="Association Souss Solidarité", acronym="ASSO")
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    UserFactory(username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD)
    UserFactory(username="partner2", role=User.Role.PARTNER, organisation=ngo_b, password=PASSWORD)
    return {"case": CaseFactory(owner=ngo_a, reference=REFERENCE)}


def test_iom_finds_a_case_by_reference_and_partner2_does_not(
    page, mobile_page, browser_log, people
):
    sign_in(page, "iom1", PASSWORD)
    page.locator("[data-testid=menu-search]").fill("RET-2026-0004")
    page.locator("[data-testid=menu-search]").press("Enter")
    page.wait_for_url(re.compile(r"/fr/search/\?q=RET-2026-0004"))
    cases = page.locator("[data-testid=results-cases]")
    expect(cases.locator("[data-testid=result-link]")).to_have_count(1)
    cases.locator("[data-testid=result-link]").click()
    page.wait_for_url(re.compile(rf"/fr/cases/{people['case'].pk}/$"))
    expect(page.locator("h1[data-testid=case-reference]")).to_have_text(REFERENCE)

    sign_in(mobile_page, "partner2", PASSWORD)
    mobile_page.locator(".navbar-toggler").click()
    search_box = mobile_page.locator("[data-testid=menu-search]")
    expect(search_box).to_be_visible()
    search_box.fill(REFERENCE)
    search_box.press("Enter")
    mobile_page.wait_for_url(re.compile(r"/fr/search/\?q="))
    expect(mobile_page.locator("[data-testid=no-results]")).to_be_visible()
    assert mobile_page.locator("[data-testid=result-link]").count() == 0
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert browser_log.page_errors == []


def test_the_search_works_without_javascript(browser, live_server, people):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    try:
        sign_in(page, "partner2", PASSWORD)
        page.goto("/fr/search/?q=Souss")
        expect(page.locator("[data-testid=results-organisations]")).to_be_visible()
        page.locator("main input[name=q]").fill("Bab Charq")
        page.locator("main form[role=search] button[type=submit]").click()
        page.wait_for_url(re.compile(r"q=Bab\+Charq"))
        # Association Bab Charq is another organisation's: partner2 may not open its page.
        expect(page.locator("[data-testid=no-results]")).to_be_visible()
    finally:
        context.close()
