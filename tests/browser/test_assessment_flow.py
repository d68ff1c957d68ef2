"""The assessment flow in a browser: a partner on a phone assesses a facility, records a need and
submits; IOM staff validate on a desktop; the facility's scores and its rank change.

Selectors use addresses, ids, names and data-testid rather than visible words, so the tests
survive the translation of the interface.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from assessments.models import Assessment, Need
from tests.browser.conftest import sign_in
from tests.factories import (
    FacilityFactory,
    OrganisationFactory,
    UserFactory,
    published_framework,
    validated_assessment,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"
MOBILE = {"width": 360, "height": 740}


@pytest.fixture
def people_and_places():
    """partner1 (NGO A) runs Centre Al Amal; a facility of NGO B is already ranked."""
    ngo_a = OrganisationFactory(name="Association Accueil Oriental", acronym="AAO")
    ngo_b = OrganisationFactory(name="Association Solidarité Souss", acronym="ASS")
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    partner = UserFactory(
        username="partner1", role=User.Role.PARTNER, organisation=ngo_a, password=PASSWORD
    )
    staff = UserFactory(
        username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD
    )
    framework = published_framework(per_dimension=2)
    al_amal = FacilityFactory(name="Centre Al Amal", managing_organisation=ngo_a, capacity=60)
    ranked = FacilityFactory(name="Foyer Témoin", managing_organisation=ngo_b, capacity=60)
    validated_assessment(ranked, staff, 2)
    return {"partner": partner, "staff": staff, "facility": al_amal, "framework": framework}


def log_in(page, username):
    sign_in(page, username, PASSWORD)


def ranked_names(page):
    page.goto("/fr/prioritisation/")
    return page.locator("[data-testid=priority-row] [data-testid=facility-name]").all_inner_texts()


def test_a_partner_on_a_phone_assesses_and_submits_then_iom_validates_and_the_rank_changes(
    open_page, browser_log, people_and_places
):
    facility = people_and_places["facility"]
    phone = open_page(MOBILE, is_mobile=True, has_touch=True)
    log_in(phone, "partner1")

    phone.goto(f"/fr/facilities/{facility.pk}/")
    phone.locator(f"a[href$='/facilities/{facility.pk}/assessments/new/']").click()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/fr/assessments/\d+/answers/accessibility/$"))

    # Leaving with an unsaved answer warns; the page stays.
    phone.locator(".score-options label").first.click()
    phone.locator(".assessment-actions a").click()
    expect(phone).to_have_url(re.compile(r"/answers/accessibility/$"))
    assert any(dialog.startswith("beforeunload") for dialog in browser_log.dialogs)

    # Every dimension: the first criterion 0 (SAF-1 is critical), the second 2.
    for dimension in ("accessibility", "safety", "services", "protection"):
        expect(phone).to_have_url(re.compile(rf"/answers/{dimension}/$"))
        groups = phone.locator(".score-options")
        expect(groups).to_have_count(2)
        groups.nth(0).locator("label[for$='choice_0']").click()
        groups.nth(1).locator("label[for$='choice_2']").click()
        progress = phone.locator(f"[data-testid=progress-{dimension}]")
        phone.locator("button[name=save_next]").click()
        expect(progress).to_contain_text("2")
    phone.wait_for_url(re.compile(r"/needs/$"))

    phone.locator("#id_dimension").select_option("safety")
    phone.locator("#id_kind").select_option("equipment")
    phone.locator("#id_description").fill("Extincteurs et signalisation des issues")
    phone.locator("#id_quantity").fill("4")
    phone.locator("#id_unit").fill("unité")
    phone.locator("#id_unit_cost").fill("650")
    phone.locator("#id_urgency").select_option("immediate")
    phone.locator("main form[data-warn-unsaved] button[type=submit]").click()
    expect(phone.locator("[data-testid=needs]")).to_contain_text("Extincteurs")
    # Measure once the stylesheets have loaded, not while the new page is still arriving.
    phone.wait_for_load_state("load")
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    phone.goto(phone.url.removesuffix("needs/"))
    phone.locator("form[action$='/submit/'] button").click()
    expect(phone.locator("[data-testid=assessment-status]")).to_have_text(
        str(Assessment.Status.SUBMITTED.label)
    )
    assessment = Assessment.objects.get(facility=facility)
    assert assessment.status == "submitted"
    assert Need.objects.get(assessment=assessment).total_cost == 2600

    desktop = open_page({"width": 1280, "height": 800})
    log_in(desktop, "iom1")
    assert ranked_names(desktop) == ["Foyer Témoin"]
    desktop.goto(f"/fr/assessments/{assessment.pk}/")
    desktop.locator("form[action$='/validate/'] button").click()
    expect(desktop.locator("[data-testid=assessment-status]")).to_have_text(
        str(Assessment.Status.VALIDATED.label)
    )

    desktop.goto(f"/fr/facilities/{facility.pk}/")
    # Every dimension scores (0 + 2) / 6 = 33; SAF-1 is critical and scored 0: severity 4.
    expect(desktop.locator("[data-testid=overall-score]")).to_have_text("33/100")
    expect(desktop.locator("[data-testid=severity]")).to_contain_text("4/5")
    expect(desktop.locator("[data-testid=critical-gaps]")).to_have_text("1")
    assert ranked_names(desktop) == ["Centre Al Amal", "Foyer Témoin"]
    assert browser_log.page_errors == []
