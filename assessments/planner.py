"""The budget planner: which open needs to fund first with a given budget in dirhams.

A pure function over plain values, so its rule can be checked by hand:

1. needs that are immediate and tied to a critical criterion come first (most urgent danger),
   cheapest first among them;
2. then every other need, by priority gain per dirham: the priority of its facility (0-100)
   × an urgency factor (immediate 3, within 3 months 2, within 12 months 1) × 2 when its
   criterion is critical, divided by its cost (a need that costs nothing comes first).

Going down that order, a need is funded when it fits in what remains of the budget, and skipped
(left unfunded) otherwise; smaller needs further down may still fit.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

URGENCY_FACTOR = {"immediate": 3, "3_months": 2, "12_months": 1}


@dataclass(frozen=True)
class Candidate:
    """What the planner needs to know of one need."""

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
        factor = URGENCY_FACTOR.get(self.urgency, 1) * (2 if self.is_critical else 1)
        return max(self.facility_priority, 1.0) * factor

    @property
    def gain_per_dirham(self) -> float:
        return float("inf") if self.cost <= 0 else self.gain / float(self.cost)


@dataclass
class Plan:
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


def funding_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Immediate critical needs first (cheapest first), then by gain per dirham, best first."""
    return sorted(
        candidates,
        key=lambda c: (
            not c.is_immediate_danger,
            c.cost if c.is_immediate_danger else Decimal("0"),
            -c.gain_per_dirham,
            c.key,
        ),
    )


def plan_budget(budget: Decimal, candidates: Iterable[Candidate]) -> Plan:
    """Fund needs in `funding_order` while they fit in the budget; the rest stays unfunded."""
    plan = Plan(budget=budget)
    remaining = budget
    for candidate in funding_order(candidates):
        if candidate.cost <= remaining:
            plan.funded.append(candidate)
            remaining -= candidate.cost
        else:
            plan.unfunded.append(candidate)
    return plan
