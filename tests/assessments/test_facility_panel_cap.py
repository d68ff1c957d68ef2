"""The facility page's open needs (assessments/templatetags/assessment_tags.py
`facility_assessments`): the most urgent and costly first, at most `PANEL_NEEDS` of them, with
the count and total of all and a link to the needs list filtered on the facility (NeedFilter's
`facility`), which shows nobody the needs of a facility outside their scope."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.models import Need
from assessments.templatetags.assessment_tags import PANEL_NEEDS, mad
from tests.factories import FacilityFactory, NeedFactory

pytestmark = pytest.mark.django_db


def add_needs(facility, count: int, **fields) -> list[Need]:
    """`count` open needs entered directly by IOM (no assessment): they count at once."""
    return [
        NeedFactory(facility=facility, description=f"Besoin {facility.pk}-{n}", **fields)
        for n in range(count)
    ]


def open_needs_table(page: str) -> str:
    return page.split('data-testid="open-needs"')[1].split("</table>")[0]


def listed_needs(page: str) -> int:
    """How many needs the facility page's table lists."""
    return open_needs_table(page).split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def test_the_facility_page_lists_at_most_the_panels_needs_in_the_same_queries_at_two_sizes(
    client, iom_user, ngo_a
):
    few, many = (
        FacilityFactory(managing_organisation=ngo_a),
        FacilityFactory(managing_organisation=ngo_a),
    )
    add_needs(few, 5)
    add_needs(many, 60)
    client.force_login(iom_user)

    few_queries, few_page = queries_of(client, reverse("facilities:detail", args=[few.pk]))
    many_queries, many_page = queries_of(client, reverse("facilities:detail", args=[many.pk]))

    assert listed_needs(few_page) == 5
    assert listed_needs(many_page) == PANEL_NEEDS
    assert many_queries == few_queries
    assert "Les 20 plus urgents des 60 besoins ouverts" in many_page
    assert len(many_page) - len(few_page) < 15 * 1000  # 15 more rows at most, not 55


def queries_of(client, address) -> tuple[int, str]:
    """How many queries the page made, and its text (after a first visit warmed the session)."""
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(address).content.decode()
    return len(captured.captured_queries), page


def test_the_panel_lists_the_most_urgent_then_costliest_needs_and_totals_them_all(
    client, iom_user, facility_a
):
    add_needs(facility_a, PANEL_NEEDS, urgency=Need.Urgency.TWELVE_MONTHS)
    NeedFactory(
        facility=facility_a,
        description="Rampe d’accès",
        urgency=Need.Urgency.IMMEDIATE,
        unit_cost=Decimal("10.00"),
    )
    NeedFactory(
        facility=facility_a,
        description="Groupe électrogène",
        urgency=Need.Urgency.IMMEDIATE,
        unit_cost=Decimal("9000.00"),
    )
    client.force_login(iom_user)

    page = client.get(reverse("facilities:detail", args=[facility_a.pk])).content.decode()

    table = open_needs_table(page)
    assert table.index("Groupe électrogène") < table.index("Rampe d’accès")
    assert listed_needs(page) == PANEL_NEEDS
    # The total is of every open need, not only of those listed: 20 × 900 + 20 + 18,000.
    with translation.override("fr"):
        total = mad(Decimal(PANEL_NEEDS * 900 + 20 + 18000))
    assert total in table


def test_the_see_all_link_opens_the_needs_list_of_that_facility_only(
    client, iom_user, facility_a, published_facility_b
):
    add_needs(facility_a, PANEL_NEEDS + 3)
    add_needs(published_facility_b, 2)
    client.force_login(iom_user)
    page = client.get(reverse("facilities:detail", args=[facility_a.pk])).content.decode()
    link = reverse("assessments:need_list") + f"?facility={facility_a.pk}"
    assert f'href="{link}"' in page

    listed = client.get(link).content.decode()

    assert f"Besoin {facility_a.pk}-0<" in listed
    assert f"Besoin {published_facility_b.pk}-0<" not in listed
    assert f"Besoin {published_facility_b.pk}-1<" not in listed


def test_a_facility_with_few_needs_has_no_see_all_link(client, iom_user, facility_a):
    add_needs(facility_a, 3)
    client.force_login(iom_user)

    page = client.get(reverse("facilities:detail", args=[facility_a.pk])).content.decode()

    assert f"?facility={facility_a.pk}" not in page


def test_a_partner_cannot_read_another_organisations_needs_through_the_filter(
    client, partner_user, facility_a, published_facility_b
):
    add_needs(facility_a, 2)
    add_needs(published_facility_b, 4)
    client.force_login(partner_user)

    response = client.get(reverse("assessments:need_list"), {"facility": published_facility_b.pk})

    assert response.status_code == 200
    listed = response.content.decode()
    assert f"Besoin {published_facility_b.pk}-" not in listed
    assert f"Besoin {facility_a.pk}-" not in listed
    assert list(response.context["page_obj"].object_list) == []


def test_the_filtered_list_names_its_facility_with_the_ways_back(client, iom_user, facility_a):
    add_needs(facility_a, 2)
    client.force_login(iom_user)

    response = client.get(reverse("assessments:need_list"), {"facility": facility_a.pk})

    line = response.content.decode().split('data-testid="needs-of-facility">')[1].split("</p>")[0]
    assert f"Seuls les besoins de {facility_a.name} sont listés." in line
    assert f'href="{reverse("assessments:need_list")}"' in line
    assert f'href="{reverse("facilities:detail", args=[facility_a.pk])}"' in line


def test_a_facility_the_user_may_not_read_is_not_named(
    client, partner_user, unpublished_facility_b
):
    client.force_login(partner_user)

    response = client.get(reverse("assessments:need_list"), {"facility": unpublished_facility_b.pk})

    assert response.status_code == 200
    assert 'data-testid="needs-of-facility"' not in response.content.decode()
    assert unpublished_facility_b.name not in response.content.decode()
