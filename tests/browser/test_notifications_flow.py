"""Notifications in a browser: IOM validates a partner's assessment; the partner, on a phone,
sees 1 unread in the menu, opens the notification, lands on the assessment, and the count is 0.

Selectors use addresses, ids and data-testid rather than visible words, so the test survives
the translation of the interface.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from notifications.models import Notification
from tests.browser.conftest import sign_in
from tests.factories import (
    AssessmentFactory,
    FacilityFactory,
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


@pytest.fixture
def validated_for_partner():
    """partner1 (NGO A) submitted an assessment of Centre Al Amal; iom1 validated it."""
    ngo_a = OrganisationFactory(name="Association Accueil Oriental", acronym="AAO")
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    partner = UserFactory(
        username="partner1", role=User.Role.PARTNER, organisation=ngo_a, password=PASSWORD
    )
    staff = UserFactory(
        username="iom1", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD
    )
    published_framework(per_dimension=2)
    facility = FacilityFactory(name="Centre Al Amal", managing_organisation=ngo_a)
    assessment = AssessmentFactory(facility=facility, created_by=partner)
    answer_all(assessment, 2)
    assessment.submit(partner)
    assessment.validate(staff)
    return assessment


def test_a_partner_reads_its_notification_and_the_badge_goes_from_1_to_0(
    mobile_page, validated_for_partner
):
    page = mobile_page
    sign_in(page, "partner1", PASSWORD, language="en")
    link = page.get_by_test_id("notifications-link")

    expect(page.get_by_test_id("toggler-badge")).to_have_text("1")
    page.locator(".navbar-toggler").click()
    expect(page.get_by_test_id("notification-badge")).to_have_text(re.compile(r"^1\b"))
    link.click()
    page.wait_for_url("**/en/notifications/")
    item = page.get_by_test_id("notification")
    expect(item).to_have_count(1)
    expect(item).to_have_attribute("data-read", "no")
    expect(item).to_contain_text("Assessment of Centre Al Amal validated.")
    item.locator("form button").first.click()

    page.wait_for_url(f"**/en/assessments/{validated_for_partner.pk}/")
    expect(page.get_by_test_id("notifications-link")).to_have_attribute("data-unread", "0")
    expect(page.get_by_test_id("notification-badge")).to_have_count(0)
    expect(page.get_by_test_id("toggler-badge")).to_have_count(0)
    assert Notification.objects.get(recipient__username="partner1").read_at is not None
