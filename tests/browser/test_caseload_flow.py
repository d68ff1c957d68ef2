"""A partner's caseload in a browser: partner1 finds a referral under "to answer", accepts it,
finds it under "in progress with us", adds a progress note, completes it and finds it under
"closed". Then IOM reads the note on the same timeline.

Selectors use ids, names and data-testid rather than visible words.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from facilities.models import ServiceCategory
from referrals.models import Referral, ReferralNote
from tests.browser.conftest import sign_in
from tests.factories import (
    ActorFactory,
    ActorServiceFactory,
    CaseFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"
NOTE = "Premier rendez-vous tenu, deuxième séance fixée."


@pytest.fixture
def sent_referral():
    abcas = OrganisationFactory(name="Association Bab Charq", acronym="ABCAS")
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    UserFactory(username="partner1", role=User.Role.PARTNER, organisation=abcas, password=PASSWORD)
    iom_staff = UserFactory(
        username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD
    )
    service = ActorServiceFactory(
        actor=ActorFactory(organisation=abcas), category=ServiceCategory.objects.get(code="mhpss")
    )
    referral = ReferralFactory(case=CaseFactory(owner=iom), service=service)
    referral.move(Referral.Status.SENT, iom_staff)
    return referral


@pytest.mark.parametrize("viewport", [{"width": 360, "height": 740}])
def test_partner1_accepts_works_notes_completes_and_finds_the_referral_closed(
    open_page, browser_log, sent_referral, viewport
):
    reference = sent_referral.case.reference
    partner = open_page(viewport)
    sign_in(partner, "partner1", PASSWORD)

    partner.goto("/fr/referrals/")
    expect(partner.locator("[data-testid=to_answer]")).to_contain_text(reference)
    expect(partner.locator("[data-testid=count-to_answer]")).to_have_text("1")
    partner.locator("[data-testid=to_answer] [data-testid=referral-link]").first.click()
    partner.locator("[data-testid=move-accepted]").click()
    expect(partner.locator("[data-testid=referral-status]")).to_have_text(
        str(Referral.Status.ACCEPTED.label)
    )

    partner.goto("/fr/referrals/")
    partner.locator("[data-testid=tab-in_progress]").click()
    partner.wait_for_url(re.compile(r"tab=in_progress"))
    in_progress = partner.locator("[data-testid=in_progress]")
    expect(in_progress).to_contain_text(reference)
    in_progress.locator("[data-testid=referral-link]").first.click()

    partner.locator("[data-testid=move-in_progress]").click()
    partner.locator("form[action$='/notes/'] >> xpath=ancestor::details/summary").click()
    partner.locator("#id_text").fill(NOTE)
    partner.locator("[data-testid=add-note]").click()
    expect(partner.locator("[data-testid=progress-note]")).to_have_text(NOTE)
    partner.locator("[data-testid=move-completed]").click()
    expect(partner.locator("[data-testid=referral-status]")).to_have_text(
        str(Referral.Status.COMPLETED.label)
    )

    partner.goto("/fr/referrals/?tab=closed")
    expect(partner.locator("[data-testid=closed]")).to_contain_text(reference)
    expect(partner.locator("[data-testid=count-in_progress]")).to_have_text("0")

    iom = open_page({"width": 1280, "height": 800})
    sign_in(iom, "iom1", PASSWORD)
    iom.goto(f"/fr/referrals/{sent_referral.pk}/")
    expect(iom.locator("[data-testid=timeline]")).to_contain_text(NOTE)
    assert ReferralNote.objects.get().referral_id == sent_referral.pk
    assert browser_log.page_errors == []
