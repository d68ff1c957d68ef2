"""A regional council's dashboard: who opens which region, and what the figures count."""

import pytest
from django.urls import reverse

from accounts.models import User
from assessments.models import Need
from referrals.models import Referral
from tests.factories import (
    FacilityFactory,
    NeedFactory,
    ReferralFactory,
    UserFactory,
    validated_assessment,
)

pytestmark = pytest.mark.django_db


def dashboard(code="02"):
    return reverse("plans:region_dashboard", args=[code])


def test_council_viewer_lands_on_its_regions_dashboard(client, council_user, oriental_plan):
    client.force_login(council_user)
    assert client.get("/fr/")["Location"] == dashboard()
    assert client.get(reverse("plans:region_index"))["Location"] == dashboard()
    page = client.get(dashboard()).text
    assert oriental_plan.title in page and 'data-testid="dashboard-plan-link"' in page


def test_council_viewer_cannot_open_another_regions_dashboard(client, council_user):
    client.force_login(council_user)
    assert client.get(dashboard("09")).status_code == 404


@pytest.mark.parametrize("role", ["admin", "iom_staff"])
def test_iom_roles_open_every_region(client, users, role):
    client.force_login(users[role])
    assert client.get(dashboard("09")).status_code == 200
    assert "Souss-Massa" in client.get(reverse("plans:region_index")).text


def test_viewer_of_no_region_opens_every_region(client, viewer_user):
    client.force_login(viewer_user)
    assert client.get(dashboard("01")).status_code == 200


def test_partners_have_no_dashboard(client, partner_user):
    client.force_login(partner_user)
    assert client.get(dashboard()).status_code == 403
    assert client.get(reverse("plans:region_index")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(dashboard()).status_code == 302


def test_unknown_region_is_404(client, iom_user):
    client.force_login(iom_user)
    assert client.get(dashboard("99")).status_code == 404


def test_dashboard_counts_severity_needs_referrals_and_gaps(
    client, council_user, iom_user, framework, oriental_plan
):
    good, bad = FacilityFactory(), FacilityFactory()
    validated_assessment(good, iom_user, 3)
    validated_assessment(bad, iom_user, 0)
    NeedFactory(facility=bad, quantity=2, unit_cost=1000)
    NeedFactory(facility=bad, quantity=1, unit_cost=500, status=Need.Status.DONE)
    completed = ReferralFactory()
    Referral.objects.filter(pk=completed.pk).update(status=Referral.Status.COMPLETED)
    client.force_login(council_user)
    page = client.get(dashboard()).text
    severity = page.split('data-testid="severity-table"')[1].split("</table>")[0]
    assert severity.count(">1</td>") == 2  # one facility at severity 1, one at 5
    needs = page.split('data-testid="open-needs"')[1].split("</p>")[0]
    assert "1 besoin ouvert, 2\u00a0000 MAD" in needs  # the need done is not counted
    referrals = page.split('data-testid="referral-figures"')[1].split("</dl>")[0]
    assert referrals.count(">1</dd>") == 2  # one referral in all, one completed
    # The referral's actor offers one service in the Oriental: every other one is a gap.
    assert 'data-testid="coverage-gaps"' in page


def test_dashboard_shows_no_personal_data(client, council_user, oriental_plan):
    referral = ReferralFactory()
    referral.case.full_name = "Mohamed Exemple"
    referral.case.save()
    client.force_login(council_user)
    page = client.get(dashboard()).text
    assert "Mohamed Exemple" not in page and referral.case.reference not in page


def test_dashboard_runs_a_fixed_number_of_queries(
    client, iom_user, framework, oriental_plan, django_assert_max_num_queries
):
    client.force_login(iom_user)
    validated_assessment(FacilityFactory(), iom_user, 2)
    with django_assert_max_num_queries(40) as small:
        client.get(dashboard())
    for _ in range(5):
        facility = FacilityFactory()
        validated_assessment(facility, iom_user, 1)
        NeedFactory(facility=facility)
        ReferralFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(dashboard())


def test_a_viewer_of_a_council_with_a_plan_but_no_region_still_reaches_it(
    client, oriental_council, oriental_plan
):
    oriental_council.regions.clear()
    user = UserFactory(username="cro2", role=User.Role.VIEWER, organisation=oriental_council)
    client.force_login(user)
    assert client.get(dashboard()).status_code == 200
    assert client.get(dashboard("09")).status_code == 404
