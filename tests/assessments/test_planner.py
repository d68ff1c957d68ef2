"""The budget planner's rule (assessments/planner.py), by hand-worked examples and edge cases."""

from decimal import Decimal

import pytest

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


def test_the_gain_per_dirham_is_priority_times_urgency_doubled_if_critical_over_cost():
    # 40 × 2 (within 3 months) × 2 (critical) / 500 = 0.32
    assert need(1, 500, "3_months", critical=True, priority=40).gain_per_dirham == 0.32
    # 60 × 3 (immediate) / 1000 = 0.18
    assert need(2, 1000, "immediate", priority=60).gain_per_dirham == pytest.approx(0.18)
    # 90 × 1 (within 12 months) / 300 = 0.3
    assert need(3, 300, "12_months", priority=90).gain_per_dirham == pytest.approx(0.3)


def test_immediate_critical_needs_come_first_cheapest_first():
    order = funding_order(
        [
            need(1, 100, "immediate", priority=90),
            need(2, 5000, "immediate", critical=True, priority=10),
            need(3, 800, "immediate", critical=True, priority=10),
        ]
    )

    assert keys(order) == [3, 2, 1]


def test_a_critical_need_that_can_wait_is_not_in_the_first_group():
    order = funding_order(
        [
            need(1, 10, "3_months", critical=True, priority=90),
            need(2, 9000, "immediate", critical=True, priority=5),
        ]
    )

    assert keys(order) == [2, 1]


def test_the_others_follow_by_priority_gain_per_dirham():
    # 1 → 60 × 1 / 1000 = 0.06; 2 → 30 × 3 / 1000 = 0.09; 3 → 90 × 2 / 500 = 0.36
    order = funding_order(
        [
            need(1, 1000, "12_months", priority=60),
            need(2, 1000, "immediate", priority=30),
            need(3, 500, "3_months", priority=90),
        ]
    )

    assert keys(order) == [3, 2, 1]


def test_a_critical_criterion_doubles_the_gain():
    # 1 → 50 × 2 / 1000 = 0.1; 2 → 30 × 2 × 2 / 1000 = 0.12
    order = funding_order(
        [need(1, 1000, "3_months", priority=50), need(2, 1000, "3_months", True, priority=30)]
    )

    assert keys(order) == [2, 1]


def test_a_need_that_costs_nothing_comes_first_among_the_others():
    order = funding_order([need(1, 10, "immediate", priority=100), need(2, 0, "12_months")])

    assert keys(order) == [2, 1]


def test_a_facility_without_a_priority_still_orders_its_needs_by_urgency_and_cost():
    # Priority 0 counts as 1: 1 → 1 × 1 / 100 = 0.01; 2 → 1 × 3 / 100 = 0.03.
    order = funding_order(
        [need(1, 100, "12_months", priority=0), need(2, 100, "immediate", priority=0)]
    )

    assert keys(order) == [2, 1]


def test_equal_needs_keep_the_order_of_their_keys():
    order = funding_order([need(3, 100), need(1, 100), need(2, 100)])

    assert keys(order) == [1, 2, 3]


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


def test_the_rule_is_greedy_and_does_not_search_for_the_fullest_spend():
    # The best need alone (0.1 per dirham) leaves 400 MAD that neither of the others fits in,
    # although those two together would have spent the whole budget.
    plan = plan_budget(
        Decimal("1000"),
        [need(1, 600, priority=60), need(2, 500, priority=40), need(3, 500, priority=40)],
    )

    assert keys(plan.funded) == [1]
    assert keys(plan.unfunded) == [2, 3]
    assert plan.remaining == Decimal("400")


def test_a_budget_of_zero_funds_only_what_costs_nothing():
    plan = plan_budget(Decimal("0"), [need(1, 0), need(2, 10)])

    assert keys(plan.funded) == [1]
    assert keys(plan.unfunded) == [2]
    assert (plan.spent, plan.remaining) == (Decimal("0"), Decimal("0"))


def test_a_budget_exactly_equal_to_a_need_funds_it():
    plan = plan_budget(Decimal("2500.50"), [need(1, "2500.50")])

    assert keys(plan.funded) == [1]
    assert plan.remaining == 0


def test_a_budget_one_centime_short_funds_nothing():
    plan = plan_budget(Decimal("2500.49"), [need(1, "2500.50")])

    assert plan.funded == []
    assert plan.unfunded_cost == Decimal("2500.50")


def test_a_large_budget_funds_everything():
    candidates = [need(n, 100 * n, "3_months") for n in range(1, 6)]

    plan = plan_budget(Decimal("1000000"), candidates)

    assert sorted(keys(plan.funded)) == [1, 2, 3, 4, 5]
    assert plan.unfunded == []
    assert (plan.spent, plan.remaining) == (Decimal("1500"), Decimal("998500"))


def test_no_candidates_make_an_empty_plan():
    plan = plan_budget(Decimal("100"), [])

    assert (plan.funded, plan.unfunded, plan.remaining) == ([], [], Decimal("100"))


def test_a_negative_budget_is_refused():
    with pytest.raises(ValueError):
        plan_budget(Decimal("-1"), [need(1, 0)])
