"""The strict Content-Security-Policy refuses nothing the pages need: a walk through the staff
pages as IOM staff, the back office as an administrator, and the public directory in French and
Arabic, with its maps opened, failing on any violation the browser reports.

Violations are caught twice: Chromium's console message ("... violates the following Content
Security Policy directive ...") and the `securitypolicyviolation` event, listened to by a script
that Playwright adds to every document before the page's own (the policy does not govern it).
"""

# ruff: noqa: F811

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from referrals.models import FollowUp
from tests.conftest import PASSWORD
from tests.factories import CaseFactory, validated_assessment
from tests.plans.conftest import (  # noqa: F401 (fixtures used by name)
    japan,
    oriental,
    oriental_council,
    oriental_plan,
    project,
)

from .conftest import DESKTOP, MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LISTEN_FOR_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"} in ${event.documentURI}`
  );
});
"""


@pytest.fixture
def violations():
    return []


@pytest.fixture
def watched_page(open_page, violations):
    """A page of the given size that records every violation of the policy it is sent."""

    def watched_page(viewport, **options):
        page = open_page(viewport, **options)
        page.expose_function("reportCspViolation", lambda text: violations.append(text))
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    return watched_page


@pytest.fixture
def records(facility_a, iom_user, oriental_plan, project):
    """A validated assessment, a case with a scored follow-up, a plan and a project."""
    case = CaseFactory(owner=iom_user.organisation)
    follow_up = FollowUp.objects.create(case=case, kind="phone", date=datetime.date(2026, 11, 1))
    follow_up.score_economic = follow_up.score_social = 0.6
    follow_up.score_psychosocial = follow_up.score_composite = 0.7
    follow_up.save()
    return {
        "assessment": validated_assessment(facility_a, iom_user),
        "case": case,
        "plan": oriental_plan,
        "project": project,
    }


def visit(page, address):
    """Open the page, check that it came with the policy, and let its scripts run."""
    response = page.goto(address)
    assert response.status == 200, address
    assert "script-src 'self'" in response.headers["content-security-policy"], address
    page.wait_for_load_state("networkidle")


def test_staff_pages_need_nothing_the_policy_refuses(
    watched_page, log_in, violations, iom_user, records
):
    page = watched_page(DESKTOP)
    log_in(page, iom_user.username, PASSWORD)
    facility = records["assessment"].facility
    addresses = [
        "/fr/facilities/",
        f"/fr/facilities/{facility.pk}/",
        "/fr/assessments/",
        f"/fr/assessments/{records['assessment'].pk}/",
        "/fr/prioritisation/",
        "/fr/prioritisation/weights/",
        "/fr/framework/",
        "/fr/needs/?budget=250000",
        "/fr/actors/",
        "/fr/cases/",
        f"/fr/cases/{records['case'].pk}/",
        "/fr/plans/",
        f"/fr/plans/{records['plan'].pk}/",
        f"/fr/projects/{records['project'].pk}/",
        # The editing pages of issue 20 (their widgets, formsets and status buttons).
        "/fr/actors/new/",
        "/fr/roadmap/new/",
        "/fr/plans/new/",
        f"/fr/plans/{records['plan'].pk}/edit/",
        f"/fr/plans/{records['plan'].pk}/actions/new/",
        f"/fr/projects/{records['project'].pk}/edit/",
        "/fr/actors/coverage/",
        "/fr/dashboard/region/02/",
        "/ar/facilities/",
        f"/ar/assessments/{records['assessment'].pk}/",
        reverse("accounts:two_factor_setup"),
    ]
    for address in addresses:
        visit(page, address)

    visit(page, "/fr/facilities/map/")
    expect(page.locator("#facility-map.is-loaded")).to_be_visible()
    page.locator("#main-menu a[href='/fr/facilities/']").first.click()
    page.wait_for_load_state("networkidle")

    assert violations == []


def test_back_office_needs_nothing_the_policy_refuses(
    watched_page, log_in, violations, admin_user, records
):
    admin_user.is_superuser = True
    admin_user.save()
    page = watched_page(DESKTOP)
    log_in(page, admin_user.username, PASSWORD)
    facility = records["assessment"].facility
    for address in [
        "/admin/",
        "/admin/facilities/facility/",
        f"/admin/facilities/facility/{facility.pk}/change/",
        f"/admin/facilities/facility/{facility.pk}/history/",
        "/admin/facilities/facility/import/",
        "/admin/facilities/facility/export/",
        "/admin/referrals/case/",
        f"/admin/referrals/case/{records['case'].pk}/change/",
        f"/admin/assessments/assessment/{records['assessment'].pk}/change/",
        "/admin/assessments/assessment/",
        "/admin/activity/",
    ]:
        visit(page, address)

    # The widgets' scripts: an autocomplete's dropdown, a two-list chooser, a calendar.
    visit(page, f"/admin/facilities/facility/{facility.pk}/change/")
    page.locator("#id_region + .select2").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("#id_services_add_all").click()
    visit(page, f"/admin/referrals/case/{records['case'].pk}/change/")
    page.locator(".datetimeshortcuts a[id^=calendarlink]").first.click()
    expect(page.locator(".calendarbox").first).to_be_visible()

    # The export form's "select all" box, bound by a static script instead of an onchange.
    visit(page, "/admin/facilities/facility/export/")
    page.locator("#select-all-toggle").uncheck()
    fields = page.locator(".selectable-field-export-row input[type=checkbox]")
    expect(fields.first).not_to_be_checked()

    assert violations == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_public_directory_needs_nothing_the_policy_refuses(
    watched_page, violations, facility_a, language
):
    for viewport, options in ((DESKTOP, {}), (MOBILE, {"is_mobile": True, "has_touch": True})):
        page = watched_page(viewport, **options)
        visit(page, f"/{language}/directory/")
        page.locator("#map-button").click()
        expect(page.locator("#map .leaflet-marker-icon").first).to_be_visible()
        visit(page, f"/{language}/directory/{facility_a.slug}/")
        page.locator("#map-button").click()
        expect(page.locator("#map .leaflet-marker-icon").first).to_be_visible()
        visit(page, f"/{language}/help/")

    assert violations == []
