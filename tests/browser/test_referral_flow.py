"""The referral mechanism in a browser: IOM registers a case with consent and refers it to
partner1's association; partner1 accepts and completes it; IOM sees the same timeline.

Selectors use ids, names and data-testid rather than visible words.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from facilities.models import Region, ServiceCategory
from referrals.models import Case, Referral
from tests.browser.conftest import sign_in
from tests.factories import ActorFactory, ActorServiceFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


@pytest.fixture
def people():
    ngo_a = OrganisationFactory(name="Association Bab Charq", acronym="ABCAS")
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    UserFactory(username="partner1", role=User.Role.PARTNER, organisation=ngo_a, password=PASSWORD)
    UserFactory(username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD)
    service = ActorServiceFactory(
        actor=ActorFactory(organisation=ngo_a), category=ServiceCategory.objects.get(code="mhpss")
    )
    return {"service": service}


def log_in(page, username):
    sign_in(page, username, PASSWORD)


def test_iom_refers_a_consenting_case_and_partner1_accepts_and_completes_it(
    open_page, browser_log, people
):
    desktop = {"width": 1280, "height": 800}
    iom = open_page(desktop)
    log_in(iom, "iom1")
    iom.goto("/fr/cases/new/")
    iom.locator("#id_programme").select_option("avrr")
    iom.locator("#id_sex").select_option("female")
    iom.locator("#id_age_band").select_option("25-34")
    iom.locator("#id_region").select_option(str(Region.objects.get(code="02").pk))
    iom.locator("input[name=vulnerabilities][value=single_parent]").check()
    iom.locator("#id_consent_given").check()
    iom.locator("#id_consent_on").fill("2026-11-20")
    iom.locator("#id_full_name").fill("Nadia Test")
    iom.locator("main form button[type=submit]").click()
    iom.wait_for_url(re.compile(r"/fr/cases/\d+/$"))
    reference = iom.locator("h1[data-testid=case-reference]").inner_text()

    iom.locator("#id_service").select_option(str(people["service"].pk))
    iom.locator("#id_reason").fill("Soutien psychosocial après le retour")
    iom.locator("button[name=send]").click()
    iom.wait_for_url(re.compile(r"/fr/referrals/\d+/$"))
    expect(iom.locator("[data-testid=referral-status]")).to_have_text(
        str(Referral.Status.SENT.label)
    )

    partner = open_page(desktop)
    log_in(partner, "partner1")
    partner.goto("/fr/referrals/")
    waiting = partner.locator("[data-testid=to_answer]")
    expect(waiting).to_contain_text(reference)
    expect(partner.locator("body")).not_to_contain_text("Nadia Test")
    waiting.locator("[data-testid=referral-link]").first.click()
    for status in ("accepted", "in_progress", "completed"):
        partner.locator(f"[data-testid=move-{status}]").click()
        expect(partner.locator("[data-testid=referral-status]")).to_have_text(
            str(Referral.Status(status).label)
        )

    iom.reload()
    timeline = iom.locator("[data-testid=timeline] li")
    expect(timeline).to_have_count(5)
    expect(iom.locator("[data-testid=timeline]")).to_contain_text("partner1")
    case = Case.objects.get(reference=reference)
    assert case.referrals.get().status == "completed"
    assert browser_log.page_errors == []
