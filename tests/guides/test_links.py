"""Each document is offered on the page it belongs to, to the roles that may download it."""

import pytest
from django.urls import reverse

from facilities.models import Region


@pytest.mark.parametrize(
    ("role", "shown"), [("iom_staff", True), ("viewer", True), ("partner", True), ("admin", True)]
)
def test_the_facility_page_offers_the_guide_to_the_roles_that_may_read_it(
    client, users, role, shown, guided_assessment
):
    client.force_login(users[role])

    page = client.get(reverse("facilities:detail", args=[guided_assessment.facility.pk])).text

    guide = reverse("guides:facility", args=[guided_assessment.facility.pk])
    assert (guide in page) is shown
    assert reverse("guides:sheet", args=[guided_assessment.facility.pk]) in page


def test_another_partner_sees_no_guide_link_on_a_published_facility(
    client, other_partner_user, guided_assessment
):
    client.force_login(other_partner_user)

    page = client.get(reverse("facilities:detail", args=[guided_assessment.facility.pk])).text

    assert reverse("guides:facility", args=[guided_assessment.facility.pk]) not in page
    assert reverse("guides:sheet", args=[guided_assessment.facility.pk]) in page


def test_an_assessment_page_links_its_reference_guide(client, iom_user, guided_assessment):
    client.force_login(iom_user)

    page = client.get(reverse("assessments:detail", args=[guided_assessment.pk])).text

    assert reverse("guides:framework", args=[guided_assessment.framework_id]) in page


@pytest.mark.parametrize(
    ("role", "shown"), [("iom_staff", True), ("viewer", True), ("partner", False)]
)
def test_the_ranking_filtered_on_a_region_offers_its_report(client, users, role, shown, db):
    oriental = Region.objects.get(code="02")
    client.force_login(users[role])

    page = client.get(reverse("assessments:prioritisation"), {"region": oriental.pk}).text

    assert (reverse("guides:region_priorities", args=["02"]) in page) is shown


@pytest.mark.parametrize(
    ("role", "shown"), [("iom_staff", True), ("viewer", False), ("partner", False)]
)
def test_the_pathways_page_offers_the_actors_report_to_iom_only(client, users, role, shown, db):
    oriental = Region.objects.get(code="02")
    client.force_login(users[role])

    page = client.get(reverse("referrals:pathways"), {"region": oriental.pk}).text

    assert (reverse("guides:region_actors", args=["02"]) in page) is shown
