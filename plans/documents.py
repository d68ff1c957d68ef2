"""What the plan's PDF and a pilot project's PDF proposal show, read in a fixed number of queries.

The plan's figures come from `plans.summary.plan_summary`, the same the plan's page shows; here
they are cut to fit an A4 page (the alignment matrices in blocks of actions) and the pilot
project's proposal is assembled: its timeline by month, its budget by category, its risks.
"""

import datetime
import unicodedata
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from guides.documents import filename_for

from .models import ActionPlan, PilotBudgetLine, PilotProject, SdgTarget
from .summary import plan_summary

# Action columns of one alignment table: more would not fit the width of an A4 page.
MATRIX_COLUMNS = 18
# Months a timeline shows one by one; a longer pilot is shown by quarter.
TIMELINE_MONTHS = 24


def text_direction(*texts: str) -> str:
    """The direction most of these typed texts are written in: "rtl" when they hold more
    right-to-left letters (Arabic) than left-to-right ones (French, English), else "ltr"."""
    left = right = 0
    for text in texts:
        for char in text or "":
            kind = unicodedata.bidirectional(char)
            left += kind == "L"
            right += kind in ("R", "AL")
    return "rtl" if right > left else "ltr"


def plan_filename(plan: ActionPlan) -> str:
    """e.g. plan-02-2025-2029.pdf"""
    return filename_for("plan", plan.region.code, plan.starts_on.year, plan.ends_on.year)


def pilot_filename(pilot: PilotProject) -> str:
    """e.g. pilot-02-7.pdf: the region's code and the pilot's number."""
    return filename_for("pilot", pilot.plan.region.code, pilot.pk)


def plan_document(plan: ActionPlan) -> dict:
    """The plan's summary, with its alignment matrices cut in blocks that fit the page."""
    context = plan_summary(plan)
    actions = context["actions"]
    pilots = context["pilots"]
    context.update(
        {
            "axis_rows": [
                {
                    "axis": axis,
                    "actions": list(axis.actions.all()),
                    "budget": sum((action.budget for action in axis.actions.all()), Decimal(0)),
                }
                for axis in context["axes"]
            ],
            "programme_blocks": matrix_blocks(context["programme_lines"], actions),
            "target_blocks": matrix_blocks(context["target_lines"], actions),
            "pilot_rows": [
                {
                    "pilot": pilot,
                    "budget": sum((line.total for line in pilot.budget_lines.all()), Decimal(0)),
                }
                for pilot in pilots
            ],
            "text_dir": text_direction(
                plan.title, plan.vision, *(action.title for action in actions)
            ),
            "generated_on": timezone.localdate(),
        }
    )
    return context


def matrix_blocks(lines: list[dict], actions: list, size: int = MATRIX_COLUMNS) -> list[dict]:
    """The lines of an alignment matrix (one per programme or target), cut in blocks of at most
    `size` actions' columns, as even as can be; each line keeps its count over all actions."""
    if not actions:
        return []
    count = -(-len(actions) // size)
    width = -(-len(actions) // count)
    return [
        {
            "actions": actions[start : start + width],
            "lines": [{**line, "cells": line["cells"][start : start + width]} for line in lines],
        }
        for start in range(0, len(actions), width)
    ]


def pilot_queryset():
    """Pilot projects with everything their proposal shows, in a fixed number of queries."""
    return PilotProject.objects.select_related(
        "plan__region", "plan__council", "lead_organisation"
    ).prefetch_related(
        "partners",
        "target_groups",
        "programmes",
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
        "activities",
        "budget_lines",
        "risks",
        "indicators",
    )


def pilot_visible_to(user):
    """Pilot projects whose plan the user may read."""
    return pilot_queryset().filter(plan__in=ActionPlan.objects.visible_to(user))


def pilot_document(pilot: PilotProject) -> dict:
    """The proposal of a pilot project fetched with `pilot_queryset`: no further query."""
    budget_groups = budget_by_category(list(pilot.budget_lines.all()))
    return {
        "pilot": pilot,
        "plan": pilot.plan,
        "partners": list(pilot.partners.all()),
        "target_groups": list(pilot.target_groups.all()),
        "programmes": list(pilot.programmes.all()),
        "sdg_targets": list(pilot.sdg_targets.all()),
        "timeline": timeline(pilot),
        "budget_groups": budget_groups,
        "budget_total": sum((group["subtotal"] for group in budget_groups), Decimal(0)),
        "risks": list(pilot.risks.all()),
        "indicators": list(pilot.indicators.all()),
        "ends_on": months_after(pilot.starts_on, pilot.duration_months),
        "text_dir": text_direction(pilot.title, pilot.problem, pilot.objectives),
        "generated_on": timezone.localdate(),
    }


def months_after(day, months: int):
    """The last day of the `months`-th month from `day`'s month (a pilot's last month)."""
    month_index = day.year * 12 + day.month - 1 + months
    first_after = day.replace(year=month_index // 12, month=month_index % 12 + 1, day=1)
    return first_after - datetime.timedelta(days=1)


def timeline(pilot: PilotProject) -> dict:
    """A Gantt-like table: one column per month of the pilot (per quarter past two years),
    grouped under calendar years, and for each activity the columns it is under way."""
    duration = pilot.duration_months
    step = 1 if duration <= TIMELINE_MONTHS else 3
    columns = []
    for first in range(1, duration + 1, step):
        last = min(first + step - 1, duration)
        month_index = pilot.starts_on.year * 12 + pilot.starts_on.month - 1 + first - 1
        columns.append(
            {
                "first": first,
                "last": last,
                "label": str(first) if step == 1 else _("Q%(number)s") % {"number": first // 3 + 1},
                "year": month_index // 12,
            }
        )
    years = []
    for column in columns:
        if years and years[-1]["year"] == column["year"]:
            years[-1]["span"] += 1
        else:
            years.append({"year": column["year"], "span": 1})
    rows = [
        {
            "activity": activity,
            "cells": [
                activity.start_month <= column["last"] and activity.end_month >= column["first"]
                for column in columns
            ],
        }
        for activity in pilot.activities.all()
    ]
    return {"by_quarter": step == 3, "columns": columns, "years": years, "rows": rows}


def budget_by_category(lines: list[PilotBudgetLine]) -> list[dict]:
    """The budget's lines grouped by category, in the categories' order, with subtotals."""
    groups = []
    for category in PilotBudgetLine.Category:
        in_category = [line for line in lines if line.category == category.value]
        if in_category:
            groups.append(
                {
                    "label": category.label,
                    "lines": in_category,
                    "subtotal": sum((line.total for line in in_category), Decimal(0)),
                }
            )
    return groups
