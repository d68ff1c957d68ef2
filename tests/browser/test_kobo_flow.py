"""A partner's assessor back from the field, on a phone: a Kobo export (XLSX with XML names, or
Kobo's CSV with the French labels) uploaded, previewed and imported as draft assessments; the
import and preview pages pass axe-core.

Selectors use ids, names and test ids, not visible words, so the tests survive translation.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from assessments.models import Assessment
from tests.conftest import PASSWORD
from tests.factories import FacilityFactory
from tests.kobo.kobo_files import kobo_export, need, submission
from tests.kobo.kobo_variant_files import variant_csv_files, variant_export

from .conftest import MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}
UUIDS = ["7d0c1e2a-5b6f-4a3c-9d8e-1f2a3b4c5d01", "7d0c1e2a-5b6f-4a3c-9d8e-1f2a3b4c5d02"]


@pytest.fixture
def export_file(tmp_path, framework, facility_a, ngo_a):
    """A Kobo export of two visits to NGO A's facilities, one with a need."""
    second = FacilityFactory(name="Foyer Nour", managing_organisation=ngo_a, kind="shelter")
    path = tmp_path / "kobo-export.xlsx"
    path.write_bytes(
        kobo_export(
            framework,
            [
                submission(framework, facility_a, UUIDS[0], c_SAF_1="0"),
                submission(framework, second, UUIDS[1]),
            ],
            [need(0)],
        )
    )
    return path


def sign_in(page, user):
    page.goto("/fr/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/fr/facilities/")


def blocking_violations(page) -> list:
    results = AXE.run(page)
    assert results.response["passes"], "axe-core did not run"
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_partner_imports_a_kobo_export_on_a_phone(
    open_page, partner_user, export_file, browser_log
):
    page = open_page(MOBILE, is_mobile=True, has_touch=True)
    sign_in(page, partner_user)
    page.goto("/fr/assessments/import/")
    assert blocking_violations(page) == []
    page.locator("input[name=file]").set_input_files(str(export_file))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/fr/assessments/import/*/")

    assert page.locator("[data-testid=import-row]").count() == 2
    assert page.locator("[data-testid=import-row-errors]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    assert blocking_violations(page) == []
    page.locator("[data-testid=import-button]").click()
    page.wait_for_url("**/fr/assessments/")

    drafts = Assessment.objects.filter(kobo_uuid__in=UUIDS)
    assert drafts.count() == 2
    assert {a.status for a in drafts} == {Assessment.Status.DRAFT}
    assert {a.assessor_organisation_id for a in drafts} == {partner_user.organisation_id}
    assert drafts.get(kobo_uuid=UUIDS[0]).needs.count() == 1
    assert browser_log.page_errors == []


@pytest.fixture
def french_labels_csv(tmp_path, framework, facility_a):
    """Kobo's CSV export with the form's French labels (`;`, every cell quoted), one visit."""
    path = tmp_path / "kobo-libelles.csv"
    path.write_bytes(
        variant_export(
            framework,
            [facility_a],
            [submission(framework, facility_a, UUIDS[0], c_SAF_1="0")],
            language="fr",
            file_format="csv",
        )
    )
    return path


def test_partner_imports_a_french_labels_csv_on_a_phone(
    open_page, partner_user, french_labels_csv, browser_log
):
    page = open_page(MOBILE, is_mobile=True, has_touch=True)
    sign_in(page, partner_user)
    page.goto("/fr/assessments/import/")
    page.locator("input[name=file]").set_input_files(str(french_labels_csv))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/fr/assessments/import/*/")

    variant = page.locator("[data-testid=import-variant]")
    assert "(Français), CSV" in variant.inner_text()
    assert variant.is_visible()
    assert page.locator("[data-testid=import-row]").count() == 1
    assert page.locator("[data-testid=import-row-errors]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    assert blocking_violations(page) == []
    page.locator("[data-testid=import-button]").click()
    page.wait_for_url("**/fr/assessments/")

    draft = Assessment.objects.get(kobo_uuid=UUIDS[0])
    assert draft.status == Assessment.Status.DRAFT
    assert draft.answers.get(criterion__code="SAF-1").score == 0
    assert browser_log.page_errors == []


@pytest.fixture
def csv_files_with_needs(tmp_path, framework, facility_a):
    """Kobo's CSV export with the Arabic labels and, beside it, the needs' own CSV file."""
    files = variant_csv_files(
        framework,
        [facility_a],
        [submission(framework, facility_a, UUIDS[0])],
        [need(0), need(0, need_dimension="protection")],
        language="ar",
    )
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(str(path))
    return paths


def test_partner_selects_the_submissions_and_needs_csv_files_together_on_a_phone(
    open_page, partner_user, csv_files_with_needs, browser_log
):
    """Both files chosen in one file picker, the page in Arabic: the preview counts the two
    needs of the visit, and the import brings them."""
    page = open_page(MOBILE, is_mobile=True, has_touch=True)
    sign_in(page, partner_user)
    page.goto("/ar/assessments/import/")
    page.locator("input[name=file]").set_input_files(csv_files_with_needs)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/assessments/import/*/")

    assert "(العربية)" in page.locator("[data-testid=import-variant]").inner_text()
    row = page.locator("[data-testid=import-row]")
    assert row.count() == 1
    assert page.locator("[data-testid=import-row-errors]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    assert blocking_violations(page) == []
    page.locator("[data-testid=import-button]").click()
    page.wait_for_url("**/ar/assessments/")

    assert Assessment.objects.get(kobo_uuid=UUIDS[0]).needs.count() == 2
    assert browser_log.page_errors == []
