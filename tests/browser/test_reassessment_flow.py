"""A re-assessment in a browser: IOM staff validate this year's assessment of a facility, carry
last year's need on SAF-1 over (still below the standard) and close the one on ACC-1 as
superseded; the planner's total goes from last year's two needs to one gap each.

Selectors use addresses, ids, values and data-testid rather than visible words, so the test
survives the translation of the interface.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from assessments.models import Assessment, Need
from tests.browser.conftest import sign_in
from tests.factories import (
    AssessmentFactory,
    FacilityFactory,
    NeedFactory,
    OrganisationFactory,
    UserFactory,
    answer_all,
    published_framework,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


def _need(assessment, code: str, cost: int) -> Need:
    criterion = assessment.framework.criteria.get(code=code)
    return NeedFactory(
        assessment=assessment,
        criterion=criterion,
        dimension=criterion.dimension,
        quantity=Decimal("1"),
        unit_cost=Decimal(cost),
        description=f"Besoin {code} {cost}",
    )


@pytest.fixture
def reassessment():
    """Bab Charq: last year's validated assessment found needs on SAF-1 (20,000 MAD) and ACC-1
    (1,000 MAD); this year's, submitted, still scores both 1 and records its own need on
    SER-1 (5,000 MAD)."""
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    staff = UserFactory(
        username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD
    )
    framework = published_framework(per_dimension=2)
    facility = FacilityFactory(name="Centre d'accueil Bab Charq")
    today = timezone.localdate()
    earlier = AssessmentFactory(
        facility=facility, framework=framework, assessed_on=today - datetime.timedelta(days=365)
    )
    answer_all(earlier, 1)
    earlier.submit(staff)
    earlier.validate(staff)
    needs = {"saf": _need(earlier, "SAF-1", 20000), "acc": _need(earlier, "ACC-1", 1000)}
    latest = AssessmentFactory(facility=facility, framework=framework, assessed_on=today)
    answer_all(latest, 2, SAF_1=1, ACC_1=1)
    _need(latest, "SER-1", 5000)
    latest.submit(staff)
    return {"assessment": latest, **needs}


def test_iom_carries_one_need_over_and_supersedes_another(page, reassessment):
    assessment, saf, acc = reassessment["assessment"], reassessment["saf"], reassessment["acc"]
    sign_in(page, "iom1", PASSWORD, language="en")
    page.goto(page.url.split("/en/")[0] + "/en/needs/")
    expect(page.get_by_test_id("needs-overall")).to_contain_text("21,000")

    page.goto(page.url.split("/en/")[0] + f"/en/assessments/{assessment.pk}/")
    page.get_by_test_id("settle-needs").locator("a").click()
    page.wait_for_url(f"**/en/assessments/{assessment.pk}/validate/")
    expect(page.get_by_test_id("earlier-need")).to_have_count(2)
    expect(page.locator(f"#id_need-{saf.pk}_0")).to_be_checked()
    page.locator(f"[data-need='{acc.pk}'] input[value='superseded']").check()
    page.locator("main form button[type=submit].btn-success").click()

    page.wait_for_url(f"**/en/assessments/{assessment.pk}/")
    assert Assessment.objects.get(pk=assessment.pk).status == "validated"
    assert Need.objects.get(pk=saf.pk).assessment_id == assessment.pk
    assert Need.objects.get(pk=acc.pk).status == Need.Status.SUPERSEDED
    page.goto(page.url.split("/en/")[0] + "/en/needs/")
    expect(page.get_by_test_id("needs-overall")).to_contain_text("2 open needs, 25,000")
