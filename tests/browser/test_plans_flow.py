"""A regional council's viewer on a phone, in Arabic: from the dashboard to the plan, the
priorities it leaves uncovered, and the plan and pilot project PDFs.

Selectors use ids, test ids and addresses, not visible words, so the tests survive translation.
The plans fixtures are imported from tests/plans/conftest.py, hence the redefinitions ruff sees.
"""

# ruff: noqa: F811

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from plans.models import PilotActivity, PilotBudgetLine, PilotProject, SniaProgramme
from tests.conftest import PASSWORD
from tests.plans.conftest import (  # noqa: F401 (fixtures used by name)
    council_user,
    japan,
    oriental,
    oriental_council,
    oriental_plan,
)

from .conftest import MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def pilot(oriental_plan):
    pilot = PilotProject.objects.create(
        plan=oriental_plan,
        title="Unité mobile de santé pour les migrants d’Oujda",
        problem="Les migrants en transit n’ont pas accès aux soins de base.",
        objectives="Offrir des consultations hebdomadaires.",
        lead_organisation=oriental_plan.council,
        starts_on=datetime.date(2026, 1, 1),
        duration_months=12,
    )
    PilotActivity.objects.create(pilot=pilot, title="Achat du véhicule", start_month=1, end_month=2)
    PilotBudgetLine.objects.create(
        pilot=pilot, category="equipment", description="Véhicule", unit_cost=Decimal("350000")
    )
    return pilot


def sign_in(page, user, language):
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_council_viewer_finds_what_its_plan_leaves_uncovered_and_downloads_the_pdfs(
    open_page,
    council_user,
    oriental_plan,
    pilot,
    browser_log,
):
    page = open_page(MOBILE, is_mobile=True, has_touch=True)
    sign_in(page, council_user, "ar")
    page.wait_for_url("**/ar/dashboard/region/02/")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    page.locator("[data-testid=dashboard-plan-link]").click()
    page.wait_for_url(f"**/ar/plans/{oriental_plan.pk}/")
    uncovered = page.locator("[data-testid=uncovered-programmes]")
    housing = SniaProgramme.objects.get(number=4)
    assert housing.name_ar in uncovered.inner_text()
    assert SniaProgramme.objects.get(number=3).name_ar not in uncovered.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    for selector in ("[data-testid=plan-pdf]", f"a[href$='/pilots/{pilot.pk}.pdf']"):
        address = page.locator(selector).get_attribute("href")
        response = page.request.get(address)
        assert response.status == 200, address
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    assert browser_log.page_errors == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_plan_pages_have_no_serious_accessibility_violation(
    open_page,
    council_user,
    oriental_plan,
    pilot,
    language,
):
    page = open_page(MOBILE, is_mobile=True, has_touch=True)
    sign_in(page, council_user, language)
    page.wait_for_url(f"**/{language}/dashboard/region/02/")
    for address in (
        f"/{language}/dashboard/region/02/",
        f"/{language}/plans/",
        f"/{language}/plans/{oriental_plan.pk}/",
        f"/{language}/projects/",
    ):
        page.goto(address)
        results = AXE.run(page)
        assert results.response["passes"], "axe-core did not run"
        blocking = [
            (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        assert blocking == [], (address, blocking)
