"""The budget planner's rule, by hand-worked examples and edge cases."""

from decimal import Decimal

from assessments.planner import Candidate, funding_order, plan_budget


def need(key, cost, urgency="12_months", critical=False, priority=50.0):
    return Candidate(
        key=key,
        cost=Decimal(cost),
        urgency=urgency,
        is_critical=critical,
        facility_priority=priority,
    )


def keys(candidates):
    return [c.key for c in candidates]


def test_immediate_critical_needs_come_first_cheapest_first():
    order = funding_order(
        [
            need(1, 100, "immediate", priority=90),
            need(2, 5000, "immediate", critical=True, priority=10),
            need(3, 800, "immediate", critical=True, priority=10),
        ]
    )

    assert keys(order) == [3, 2, 1]


def test_the_others_follow_by_priority_gain_per_dirham():
    # gains: 1 → 60 × 1 / 1000 = 0.06; 2 → 30 × 3 / 1000 = 0.09; 3 → 90 × 2 / 500 = 0.36
    order = funding_order(
        [
            need(1, 1000, "12_months", priority=60),
            need(2, 1000, "immediate", priority=30),
            need(3, 500, "3_months", priority=90),
        ]
    )

    assert keys(order) == [3, 2, 1]


def test_a_critical_criterion_doubles_the_gain():
    order = funding_order(
        [need(1, 1000, "3_months", priority=50), need(2, 1000, "3_months", True, priority=30)]
    )

    assert keys(order) == [2, 1]


def test_needs_that_do_not_fit_are_skipped_and_smaller_ones_still_funded():
    plan = plan_budget(
        Decimal("1500"),
        [
            need(1, 1000, "immediate", critical=True),
            need(2, 900, "immediate", priority=90),
            need(3, 400, "12_months", priority=10),
        ],
    )

    assert keys(plan.funded) == [1, 3]
    assert keys(plan.unfunded) == [2]
    assert (plan.spent, plan.remaining, plan.unfunded_cost) == (
        Decimal("1400"),
        Decimal("100"),
        Decimal("900"),
    )


def test_a_budget_of_zero_funds_only_what_costs_nothing():
    plan = plan_budget(Decimal("0"), [need(1, 0), need(2, 10)])

    assert keys(plan.funded) == [1]
    assert keys(plan.unfunded) == [2]


def test_a_budget_exactly_equal_to_a_need_funds_it():
    plan = plan_budget(Decimal("2500.50"), [need(1, "2500.50")])

    assert keys(plan.funded) == [1]
    assert plan.remaining == 0


def test_a_large_budget_funds_everything():
    candidates = [need(n, 100 * n, "3_months") for n in range(1, 6)]

    plan = plan_budget(Decimal("1000000"), candidates)

    assert sorted(keys(plan.funded)) == [1, 2, 3, 4, 5]
    assert plan.unfunded == []
    assert plan.spent == Decimal("1500")
