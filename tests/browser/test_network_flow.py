"""The actor map edited in a browser: IOM staff add an actor with a service in the Oriental, a SWOT
entry and a recommendation; the coverage matrix counts the service, the Oriental's pathway editor
offers it, and IOM refers a case to it from the actor's page.

Selectors use ids, names and data-testid rather than visible words.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from facilities.models import Region, ServiceCategory
from referrals.models import ActorProfile, Case, Recommendation, Referral, SwotEntry
from tests.browser.conftest import sign_in
from tests.factories import CaseFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


@pytest.fixture
def iom_case():
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    UserFactory(username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD)
    return CaseFactory(owner=iom, region=Region.objects.get(code="02"))


def test_iom_adds_an_actor_that_the_coverage_pathways_and_referrals_then_offer(
    open_page, browser_log, iom_case
):
    oriental = Region.objects.get(code="02")
    employment = ServiceCategory.objects.get(code="employment")
    page = open_page({"width": 1280, "height": 800})
    sign_in(page, "iom1", PASSWORD, language="en")

    # The actor, with a new organisation, working in the Oriental.
    page.goto("/en/actors/")
    page.locator("a[href='/en/actors/new/']").first.click()
    page.locator("#id_new_organisation_name").fill("Association Oujda Emploi")
    page.locator("#id_new_organisation_kind").select_option("ngo")
    page.locator("#id_level").select_option("regional")
    page.locator(f"input[name=regions][value='{oriental.pk}']").check()
    page.locator("#id_technical_expertise").fill("4")
    page.locator("[data-testid=actor-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/actors/\d+/$"))
    actor = ActorProfile.objects.get(organisation__name="Association Oujda Emploi")

    # Its employment service in the Oriental.
    page.locator(f"a[href='/en/actors/{actor.pk}/services/new/']").click()
    page.locator("#id_category").select_option(str(employment.pk))
    page.locator(f"input[name=regions][value='{oriental.pk}']").check()
    page.locator("#id_contact_point").fill("Mme Alaoui")
    page.locator("[data-testid=service-form] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/en/actors/{actor.pk}/"))
    expect(page.locator("[data-testid=actor-service]")).to_have_count(1)

    # A SWOT entry, refused first without its source.
    page.locator(f"a[href='/en/actors/{actor.pk}/swot/new/']").click()
    page.locator("#id_quadrant").select_option("S")
    page.locator("#id_text").fill("Réseau d'employeurs à Oujda")
    page.locator("[data-testid=swot-form] button[type=submit]").click()
    expect(page.locator("#id_source.is-invalid")).to_be_visible()
    page.locator("#id_source").select_option("interview")
    page.locator("[data-testid=swot-form] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/en/actors/{actor.pk}/"))
    expect(page.locator("[data-testid=swot]")).to_contain_text("Réseau d'employeurs à Oujda")

    # A recommendation for the actor.
    page.locator(f"a[href='/en/roadmap/new/?actor={actor.pk}']").click()
    page.locator("#id_action").fill("Signer une convention de référencement")
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.locator("#id_due_on").fill(due.isoformat())
    page.locator("#id_priority").select_option("high")
    page.locator("[data-testid=recommendation-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/roadmap/\d+/edit/$"))
    page.locator("[data-testid=recommendation-status] button[value=in_progress]").click()
    expect(page.locator("[data-testid=status-moves]")).to_be_visible()

    # The coverage matrix counts it, the Oriental's pathway editor offers it.
    page.goto("/en/actors/coverage/")
    expect(
        page.locator("[data-testid=coverage] td[data-region='02'][data-service=employment]")
    ).to_contain_text("1")
    page.goto(f"/en/pathways/{oriental.pk}/employment/edit/")
    expect(page.locator("select[name='steps-0-service']")).to_contain_text(
        "Association Oujda Emploi"
    )

    # From its page, IOM refers a case to it.
    page.goto(f"/en/actors/{actor.pk}/")
    page.locator(f"a[href$='/en/referrals/new/?service={actor.services.get().pk}']").click()
    page.locator("[data-testid=cases-to-refer] a").first.click()
    page.wait_for_url(re.compile(rf"/en/cases/{iom_case.pk}/"))
    expect(page.locator("#id_service")).to_have_value(str(actor.services.get().pk))
    page.locator("#id_reason").fill("Recherche d'un premier emploi")
    page.locator("#refer button[name=send]").click()
    page.wait_for_url(re.compile(r"/en/referrals/\d+/$"))

    referral = Referral.objects.get()
    assert (referral.case, referral.service.actor, referral.status) == (iom_case, actor, "sent")
    assert SwotEntry.objects.get().source == "interview"
    assert Recommendation.objects.get().status == "in_progress"
    assert Case.objects.count() == 1
    assert not browser_log.page_errors
