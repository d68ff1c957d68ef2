"""The budget planner at scale: the same plan as the rule says, a bounded page, a complete file.

The page plans over plain values and shows one page of the funded needs and one of the unfunded;
these tests check that the funded set is still the one the rule in `assessments.planner` gives
(built here the way the page built it before, from every need's model instance), that the page
runs the same queries and shows at most a page of each table whatever the number of needs, and
that the download still has every need.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Need, PrioritySettings
from assessments.planner import Candidate, plan_budget
from assessments.prioritisation import ranked_assessments
from assessments.prioritisation_views import PLAN_PAGE_SIZE
from tests.assessments.test_prioritisation import read_csv, read_table
from tests.factories import FacilityFactory, validated_assessment

pytestmark = pytest.mark.django_db

URL = reverse("assessments:need_list", kwargs={}).replace("/fr/", "/en/", 1)
URGENCIES = list(Need.Urgency.values)


def add_needs(facilities, count: int, start: int = 0) -> None:
    """`count` open needs spread over `facilities`, with costs, urgencies and criticality that
    vary (and some ties), entered directly (no assessment: confirmed at once)."""
    Need.objects.bulk_create(
        Need(
            facility=facilities[number % len(facilities)],
            dimension="safety",
            kind=Need.Kind.EQUIPMENT,
            description=f"Need {number:05d}",
            quantity=Decimal(1 + number % 3),
            unit_cost=Decimal(500 + (number * 37) % 4000),
            total_cost=Decimal(1 + number % 3) * Decimal(500 + (number * 37) % 4000),
            urgency=URGENCIES[number % 3],
        )
        for number in range(start, start + count)
    )


@pytest.fixture
def facilities(iom_user, framework):
    """Two facilities with validated assessments (different priorities) and two without."""
    assessed = [FacilityFactory(), FacilityFactory()]
    validated_assessment(assessed[0], iom_user, 0)
    validated_assessment(assessed[1], iom_user, 2)
    return [*assessed, FacilityFactory(), FacilityFactory()]


def plan_from_instances(user, budget: Decimal):
    """The plan as the page computed it before: every open need loaded as a model instance."""
    priorities = dict(
        ranked_assessments(user, PrioritySettings.load()).values_list("facility_id", "priority")
    )
    needs = Need.objects.visible_to(user).open().with_related()
    return plan_budget(
        budget,
        [
            Candidate(
                key=need.pk,
                cost=need.total_cost,
                urgency=need.urgency,
                is_critical=bool(need.criterion_id and need.criterion.is_critical),
                facility_priority=priorities.get(need.facility_id, 0.0),
            )
            for need in needs
        ],
    )


def test_the_page_funds_the_same_needs_in_the_same_order_as_the_rule(
    client, iom_user, facilities, framework
):
    add_needs(facilities, 150)
    critical = framework.criteria.filter(is_critical=True).first()
    # A few immediate needs on a critical criterion: they come first, cheapest first.
    Need.objects.filter(description__in=["Need 00003", "Need 00030", "Need 00060"]).update(
        criterion=critical, urgency="immediate"
    )
    client.force_login(iom_user)

    response = client.get(URL, {"budget": "150000"})

    expected = plan_from_instances(iom_user, Decimal("150000"))
    plan = response.context["plan"]["result"]
    assert [c.key for c in plan.funded] == [c.key for c in expected.funded]
    assert [c.key for c in plan.unfunded] == [c.key for c in expected.unfunded]
    assert 0 < len(plan.funded) < 150
    assert plan.spent == expected.spent
    first = Need.objects.get(pk=plan.funded[0].key)
    assert (first.criterion_id, first.urgency) == (critical.pk, "immediate")


def test_the_page_shows_one_page_of_each_table_with_links_to_the_next(client, iom_user, facilities):
    add_needs(facilities, 4 * PLAN_PAGE_SIZE + 30)
    client.force_login(iom_user)

    response = client.get(URL, {"budget": "100000"})

    plan = response.context["plan"]
    funded, unfunded = plan["funded"], plan["unfunded"]
    assert funded.paginator.count + unfunded.paginator.count == 4 * PLAN_PAGE_SIZE + 30
    assert len(funded) <= PLAN_PAGE_SIZE and len(unfunded) <= PLAN_PAGE_SIZE
    table = read_table(response, "plan-table")
    rows = [row for row in table.rows if len(row) == len(table.headers)]
    assert len(rows) == len(funded) + len(unfunded)
    assert 'data-testid="plan-funded-pages"' in response.text or funded.paginator.num_pages == 1
    assert unfunded.paginator.num_pages > 1
    assert "unfunded_page=2#plan-unfunded" in response.text


def test_the_second_page_of_funded_needs_carries_on_the_order_and_running_total(
    client, iom_user, facilities
):
    add_needs(facilities, 3 * PLAN_PAGE_SIZE)
    client.force_login(iom_user)

    first = client.get(URL, {"budget": "10000000"}).context["plan"]["funded"]
    second = client.get(URL, {"budget": "10000000", "funded_page": "2"}).context["plan"]["funded"]

    assert second.number == 2
    assert second[0]["order"] == PLAN_PAGE_SIZE + 1
    assert second[0]["running_total"] == first[-1]["running_total"] + second[0]["need"].total_cost


@pytest.mark.parametrize("page", ["999", "-1", "0", "abc", "1e9", ""])
def test_a_plan_page_out_of_range_or_not_a_number_never_fails(client, iom_user, facilities, page):
    add_needs(facilities, PLAN_PAGE_SIZE + 5)
    client.force_login(iom_user)

    response = client.get(
        URL, {"budget": "30000", "funded_page": page, "unfunded_page": page, "page": page}
    )

    assert response.status_code == 200
    assert response.context["plan"]["funded"].number >= 1


def test_the_download_has_every_need_of_the_plan(client, iom_user, facilities):
    add_needs(facilities, 2 * PLAN_PAGE_SIZE + 7)
    client.force_login(iom_user)

    response = client.get(URL, {"budget": "100000", "format": "csv"})

    rows = read_csv(response)[2:]
    assert len(rows) == 2 * PLAN_PAGE_SIZE + 7
    expected = plan_from_instances(iom_user, Decimal("100000"))
    funded_rows = [row for row in rows if row[0]]
    assert [int(row[0]) for row in funded_rows] == list(range(1, len(expected.funded) + 1))
    assert [row[7] for row in funded_rows] == [
        Need.objects.get(pk=c.key).description for c in expected.funded
    ]


def test_the_planner_runs_the_same_queries_whatever_the_number_of_needs(
    client, iom_user, facilities, django_assert_max_num_queries
):
    PrioritySettings.load()
    client.force_login(iom_user)
    counts = []
    for size in (PLAN_PAGE_SIZE + 10, 4 * PLAN_PAGE_SIZE):
        add_needs(facilities, size - Need.objects.count(), start=Need.objects.count())
        client.get(URL, {"budget": "80000"})

        # As on the needs page without a plan, plus the priorities, the planner's values and
        # the needs of the two tables shown.
        with django_assert_max_num_queries(19) as captured:
            response = client.get(
                URL, {"budget": "80000", "funded_page": "2", "unfunded_page": "2"}
            )

        assert response.context["totals"]["overall"]["count"] == size
        counts.append(len(captured))

    assert counts[0] == counts[1]
