"""The budget planner: which open needs to fund first with a given budget in dirhams.

A pure function over plain values, so that its rule can be checked by hand:

1. needs that are immediate *and* tied to a critical criterion come first (people are in danger
   now), cheapest first among them, so that as many of them as possible are funded;
2. then every other need, by priority gain per dirham, best first:

       gain = facility priority (0-100, at least 1) × urgency factor × (2 if critical, else 1)
       gain per dirham = gain / cost  (a need that costs nothing comes first)

   with the urgency factor 3 for immediate, 2 within 3 months, 1 within 12 months. The priority
   counts as at least 1 so that the needs of a facility without a validated assessment (priority
   0) are still ordered by urgency and cost rather than all tied at zero.

Going down that order greedily, a need is funded when its cost fits in what remains of the budget
and skipped (left unfunded) otherwise; a smaller need further down may still fit. Ties are broken
by the need's key, so the plan is always the same for the same input.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

URGENCY_FACTOR = {"immediate": 3, "3_months": 2, "12_months": 1}
CRITICAL_FACTOR = 2
MINIMUM_PRIORITY = 1.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the planner knows of one need: its cost in MAD, urgency, whether its criterion is
    critical, and the priority (0-100) of its facility."""

    key: int
    cost: Decimal
    urgency: str
    is_critical: bool
    facility_priority: float

    @property
    def is_immediate_danger(self) -> bool:
        return self.is_critical and self.urgency == "immediate"

    @property
    def gain(self) -> float:
        factor = URGENCY_FACTOR.get(self.urgency, 1) * (CRITICAL_FACTOR if self.is_critical else 1)
        return max(self.facility_priority, MINIMUM_PRIORITY) * factor

    @property
    def gain_per_dirham(self) -> float:
        return float("inf") if self.cost <= 0 else self.gain / float(self.cost)


@dataclass
class Plan:
    """The needs to fund, in funding order, those left unfunded, and the money."""

    budget: Decimal
    funded: list[Candidate] = field(default_factory=list)
    unfunded: list[Candidate] = field(default_factory=list)

    @property
    def spent(self) -> Decimal:
        return sum((c.cost for c in self.funded), Decimal("0"))

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def unfunded_cost(self) -> Decimal:
        return sum((c.cost for c in self.unfunded), Decimal("0"))


_NO_COST = Decimal("0")


def _funding_key(c: Candidate) -> tuple:
    """The sort key of `funding_order`: the properties above, spelt out inline because the
    planner sorts tens of thousands of needs per request."""
    is_immediate_danger = c.is_critical and c.urgency == "immediate"
    if c.cost <= 0:
        gain_per_dirham = float("inf")
    else:
        gain = max(c.facility_priority, MINIMUM_PRIORITY) * (
            URGENCY_FACTOR.get(c.urgency, 1) * (CRITICAL_FACTOR if c.is_critical else 1)
        )
        gain_per_dirham = gain / float(c.cost)
    return (
        not is_immediate_danger,
        c.cost if is_immediate_danger else _NO_COST,
        -gain_per_dirham,
        c.key,
    )


def funding_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Immediate critical needs first (cheapest first), then the others by gain per dirham."""
    return sorted(candidates, key=_funding_key)


def plan_budget(budget: Decimal, candidates: Iterable[Candidate]) -> Plan:
    """Fund needs in `funding_order` while each fits in what remains; the rest stays unfunded."""
    if budget < 0:
        raise ValueError("A budget cannot be negative.")
    plan = Plan(budget=budget)
    remaining = budget
    for candidate in funding_order(candidates):
        if candidate.cost <= remaining:
            plan.funded.append(candidate)
            remaining -= candidate.cost
        else:
            plan.unfunded.append(candidate)
    return plan
