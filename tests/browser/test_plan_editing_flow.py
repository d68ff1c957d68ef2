"""A regional plan written in a browser: IOM staff create a plan with an axis and an action; the
council's viewer comments on the action; IOM staff see the comment on the plan page.

Selectors use ids, names and data-testid rather than visible words.
"""

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, User
from facilities.models import Region
from plans.models import ActionComment, ActionPlan, PlanAction
from tests.browser.conftest import sign_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


@pytest.fixture
def people():
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM", kind=Organisation.Kind.IOM)
    council = OrganisationFactory(
        name="Conseil de la Région de l'Oriental", acronym="CRO", kind=Organisation.Kind.GOVERNMENT
    )
    council.regions.add(Region.objects.get(code="02"))
    UserFactory(username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD)
    UserFactory(username="council1", role=User.Role.VIEWER, organisation=council, password=PASSWORD)
    return council


def test_iom_writes_a_plan_the_council_comments_and_iom_reads_it(open_page, browser_log, people):
    oriental = Region.objects.get(code="02")
    page = open_page({"width": 1280, "height": 800})
    sign_in(page, "iom1", PASSWORD, language="en")

    page.goto("/en/plans/new/")
    page.locator("#id_region").select_option(str(oriental.pk))
    page.locator("#id_council").select_option(str(people.pk))
    page.locator("#id_title").fill("Plan régional de l'Oriental 2026–2030")
    page.locator("#id_starts_on").fill("2026-01-01")
    page.locator("#id_ends_on").fill("2030-12-31")
    page.locator("#id_axes-0-number").fill("1")
    page.locator("#id_axes-0-title").fill("Accès aux services de base")
    page.locator("[data-testid=editor] button[type=submit]").click()
    page.wait_for_url("**/en/plans/*/")
    plan = ActionPlan.objects.get()

    page.locator(f"a[href='/en/plans/{plan.pk}/actions/new/']").click()
    page.locator("#id_axis").select_option(str(plan.axes.get().pk))
    page.locator("#id_code").fill("1.1")
    page.locator("#id_title").fill("Soins de santé primaires à Oujda")
    page.locator("#id_budget").fill("1200000")
    page.locator("#id_starts_on").fill("2026-03-01")
    page.locator("#id_ends_on").fill("2027-12-31")
    page.locator("[data-testid=editor] button[type=submit]").click()
    page.wait_for_url(f"**/en/plans/{plan.pk}/**")
    action = PlanAction.objects.get()
    expect(page.locator(f"#action-{action.pk}")).to_be_visible()

    council = open_page({"width": 360, "height": 740})
    council.goto("/en/accounts/login/")
    council.locator("#id_username").fill("council1")
    council.locator("#id_password").fill(PASSWORD)
    council.locator("main form button[type=submit]").click()
    council.wait_for_url(lambda url: "/accounts/login/" not in url)
    council.goto(f"/en/plans/{plan.pk}/")
    thread = council.locator(f"#comments-{action.pk}")
    thread.locator("summary").click()
    thread.locator("textarea[name=text]").fill("Quel calendrier pour les centres d'Oujda ?")
    thread.locator("button[type=submit]").click()
    council.wait_for_url(f"**/en/plans/{plan.pk}/**")
    expect(council.locator(f"#comments-{action.pk} [data-testid=comment]")).to_have_count(1)
    assert ActionComment.objects.get().author.username == "council1"

    page.goto(f"/en/plans/{plan.pk}/")
    comment = page.locator(f"#comments-{action.pk} [data-testid=comment]")
    expect(comment).to_contain_text("Quel calendrier pour les centres d'Oujda ?")
    assert not browser_log.page_errors
