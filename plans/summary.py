"""What a plan shows, on its page and in its PDF: actions by axis, alignment, budget, indicators.

Everything is read in a fixed number of queries, whatever the number of axes, actions and
indicators, and returned as plain values the templates lay out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .computed import ComputedValue, compute
from .models import (
    ActionPlan,
    Indicator,
    IndicatorValue,
    PilotProject,
    PlanAction,
    SdgTarget,
    SniaProgramme,
    StrategicAxis,
)

# The inline chart of an indicator: its size in SVG user units.
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 160, 48, 4


@dataclass
class IndicatorRow:
    """An indicator with its latest value, how far it is towards its target, and its chart."""

    indicator: Indicator
    latest: IndicatorValue | None = None
    computed: ComputedValue | None = None
    series: list[IndicatorValue] = field(default_factory=list)

    @property
    def current(self) -> Decimal | None:
        if self.computed is not None:
            return self.computed.value
        return self.latest.value if self.latest else None

    @property
    def progress(self) -> int | None:
        """Percent of the way from the baseline to the target (0 when nothing is measured)."""
        current, target = self.current, self.indicator.target
        baseline = self.indicator.baseline or Decimal(0)
        if current is None or target == baseline:
            return None
        share = (current - baseline) / (target - baseline) * 100
        return max(0, min(100, round(share)))

    @property
    def chart(self) -> dict | None:
        """Points of a small line chart of the total values over time, and the target's line."""
        points = [value.value for value in self.series]
        if len(points) < 2:
            return None
        top = max([*points, self.indicator.target]) or Decimal(1)
        width = CHART_WIDTH - 2 * CHART_PAD
        height = CHART_HEIGHT - 2 * CHART_PAD

        def y(value) -> float:
            return round(CHART_PAD + height - float(value / top) * height, 1)

        step = width / (len(points) - 1)
        return {
            "width": CHART_WIDTH,
            "height": CHART_HEIGHT,
            "points": " ".join(
                f"{round(CHART_PAD + i * step, 1)},{y(value)}" for i, value in enumerate(points)
            ),
            "last": (round(CHART_PAD + (len(points) - 1) * step, 1), y(points[-1])),
            "target_y": y(self.indicator.target),
            "left": CHART_PAD,
            "right": CHART_WIDTH - CHART_PAD,
            "description": _("Values from %(first)s (%(first_value)s) to %(last)s (%(last_value)s)")
            % {
                "first": self.series[0].period_end,
                "first_value": self.series[0].value,
                "last": self.series[-1].period_end,
                "last_value": self.series[-1].value,
            },
        }


def indicator_rows(indicators, regions) -> list[IndicatorRow]:
    """Rows for indicators whose `values` were prefetched; computed ones read Manara's records."""
    computed = compute(indicators, regions)
    rows = []
    for indicator in indicators:
        totals = [value for value in indicator.values.all() if value.is_total]
        totals.sort(key=lambda value: (value.period_end, value.pk))
        rows.append(
            IndicatorRow(
                indicator,
                latest=totals[-1] if totals else None,
                computed=computed.get(indicator.pk),
                series=totals,
            )
        )
    return rows


def plan_queryset():
    """Plans with what their page shows, fetched in a fixed number of queries."""
    return ActionPlan.objects.select_related("region", "council", "status_changed_by")


def plan_summary(plan: ActionPlan) -> dict:
    """Everything the plan page and the plan PDF show."""
    actions_qs = PlanAction.objects.select_related("lead_organisation", "funder").prefetch_related(
        "programmes", "sdg_targets", "partners"
    )
    axes = list(
        StrategicAxis.objects.filter(plan=plan).prefetch_related(
            Prefetch("actions", queryset=actions_qs)
        )
    )
    actions = [action for axis in axes for action in axis.actions.all()]
    programmes = list(SniaProgramme.objects.prefetch_related("suggested_targets"))
    targets = list(SdgTarget.objects.select_related("goal"))
    indicators = list(
        Indicator.objects.filter(plan=plan).select_related("action").prefetch_related("values")
    )
    pilots = list(
        PilotProject.objects.filter(plan=plan)
        .select_related("lead_organisation")
        .prefetch_related("budget_lines")
    )

    aligned = {
        action.pk: (
            {p.pk for p in action.programmes.all()},
            {t.pk for t in action.sdg_targets.all()},
        )
        for action in actions
    }
    covered_programmes = set().union(*(pair[0] for pair in aligned.values()))
    covered_targets = set().union(*(pair[1] for pair in aligned.values()))
    programme_matrix = [
        {"action": action, "cells": [p.pk in aligned[action.pk][0] for p in programmes]}
        for action in actions
    ]
    target_matrix = [
        {"action": action, "cells": [t.pk in aligned[action.pk][1] for t in targets]}
        for action in actions
    ]
    programme_counts = [
        sum(row["cells"][i] for row in programme_matrix) for i in range(len(programmes))
    ]
    target_counts = [sum(row["cells"][i] for row in target_matrix) for i in range(len(targets))]

    programme_lines = [
        {
            "item": programme,
            "label": str(programme),
            "count": programme_counts[i],
            "cells": [row["cells"][i] for row in programme_matrix],
        }
        for i, programme in enumerate(programmes)
    ]
    target_lines = [
        {
            "item": target,
            "label": f"{target.code} {target.label}",
            "count": target_counts[i],
            "cells": [row["cells"][i] for row in target_matrix],
        }
        for i, target in enumerate(targets)
    ]

    return {
        "plan": plan,
        "axes": axes,
        "actions": actions,
        "programmes": programmes,
        "targets": targets,
        "programme_matrix": programme_matrix,
        "target_matrix": target_matrix,
        "programme_counts": programme_counts,
        "target_counts": target_counts,
        # The same matrices the other way round: one line per programme or target.
        "programme_lines": programme_lines,
        "target_lines": target_lines,
        "programmes_covered": len(covered_programmes),
        "targets_covered": len(covered_targets),
        "uncovered_programmes": [p for p in programmes if p.pk not in covered_programmes],
        "uncovered_targets": [t for t in targets if t.pk not in covered_targets],
        "budget_total": sum((action.budget for action in actions), Decimal(0)),
        "budget_by_programme": budget_by_programme(actions, programmes),
        "budget_by_funder": budget_by_funder(actions),
        "indicator_rows": indicator_rows(indicators, [plan.region_id]),
        "pilots": pilots,
    }


def budget_by_programme(actions, programmes) -> list[dict]:
    """Each programme's share of the plan's budget.

    An action aligned with several programmes has its budget shared equally between them, so the
    shares add up to the plan's total; actions aligned with none are shown apart.
    """
    amounts: dict[int | None, Decimal] = defaultdict(Decimal)
    for action in actions:
        aligned = list(action.programmes.all())
        if not aligned:
            amounts[None] += action.budget
            continue
        share = action.budget / len(aligned)
        for programme in aligned:
            amounts[programme.pk] += share
    total = sum(amounts.values(), Decimal(0))
    rows = [
        {"label": str(p), "amount": amounts[p.pk], "share": _share(amounts[p.pk], total)}
        for p in programmes
        if amounts.get(p.pk)
    ]
    if amounts.get(None):
        rows.append(
            {
                "label": _("Not aligned with a programme"),
                "amount": amounts[None],
                "share": _share(amounts[None], total),
            }
        )
    return rows


def budget_by_funder(actions) -> list[dict]:
    """The plan's budget by funding source, largest first; unfunded actions shown apart."""
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for action in actions:
        label = action.funder.name if action.funder else _("Funding not yet found")
        amounts[label] += action.budget
    total = sum(amounts.values(), Decimal(0))
    return [
        {"label": label, "amount": amount, "share": _share(amount, total)}
        for label, amount in sorted(amounts.items(), key=lambda item: -item[1])
    ]


def _share(amount: Decimal, total: Decimal) -> int:
    return round(100 * amount / total) if total else 0
