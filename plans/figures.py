"""What a project did, counted from Manara's own records, and its results framework.

Every figure is an aggregate computed in the database, in a fixed number of queries whatever the
number of needs, cases, activities or indicators: a project page costs the same with ten funded
needs or ten thousand. Cases are only ever counted, never listed.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import Organisation
from assessments.models import Assessment, Need
from referrals.models import Case, FollowUp, Referral, SustainabilitySettings

from .models import (
    Indicator,
    IndicatorValue,
    NeedFunding,
    Project,
    ProjectResult,
    SupportActivity,
    SupportParticipants,
)

ZERO = Decimal("0")
MONEY_FIELD = DecimalField(max_digits=20, decimal_places=2)


def percent(part, whole) -> int | None:
    """`part` as a whole percentage of `whole`, or None when there is nothing to compare with."""
    if not whole:
        return None
    return round(Decimal(part) * 100 / Decimal(whole))


def annotate_funding(queryset: QuerySet) -> QuerySet:
    """Add to each project its funded needs (`funded_count`, `funded_total` in MAD) and its
    budget in MAD (`budget_in_mad`), each computed by a subquery so that joins made by filters
    (regions, donors) never count a funding twice."""
    fundings = NeedFunding.objects.filter(project=OuterRef("pk")).order_by().values("project")
    return queryset.annotate(
        funded_count=Coalesce(
            Subquery(fundings.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        funded_total=Coalesce(
            Subquery(fundings.annotate(t=Sum("amount")).values("t"), output_field=MONEY_FIELD),
            Value(ZERO),
            output_field=MONEY_FIELD,
        ),
        budget_in_mad=ExpressionWrapper(F("budget") * F("rate_to_mad"), output_field=MONEY_FIELD),
    )


def people_reached(project: Project) -> dict:
    """The project's cases counted by age band (rows) and sex (columns), with the totals."""
    counts = {
        (row["age_band"], row["sex"]): row["n"]
        for row in project.cases.order_by().values("age_band", "sex").annotate(n=Count("pk"))
    }
    sexes = Case.Sex.choices
    rows = []
    for band, label in Case.AgeBand.choices:
        cells = [counts.get((band, sex), 0) for sex, _label in sexes]
        rows.append({"band": band, "label": label, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][index] for row in rows) for index in range(len(sexes))]
    return {
        "sexes": [label for _value, label in sexes],
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
    }


def actors_strengthened(project: Project) -> int:
    """Distinct organisations the project's support activities supported or trained.

    IOM's own staff may sit in a training; IOM does not strengthen its own capacities, so it is
    not counted.
    """
    supported = (
        SupportActivity.objects.filter(project=project)
        .exclude(organisation__kind=Organisation.Kind.IOM)
        .order_by()
        .values_list("organisation_id")
    )
    participating = (
        SupportParticipants.objects.filter(activity__project=project)
        .exclude(organisation__kind=Organisation.Kind.IOM)
        .order_by()
        .values_list("organisation_id")
    )
    return len(supported.union(participating))


def project_figures(project: Project) -> dict:
    """What the project did, counted from Manara's records, beside its budget and its target.

    Needs funded (count, total in MAD, share of the budget), facilities with funded needs and
    those reinforced (a funded need done), cases and their referrals, people reached by sex and
    age band, support activities with their participants, and actors strengthened. Five queries.
    """
    funding = NeedFunding.objects.filter(project=project).aggregate(
        count=Count("pk"),
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY_FIELD),
        facilities=Count("need__facility", distinct=True),
        reinforced=Count("need__facility", distinct=True, filter=Q(need__status=Need.Status.DONE)),
    )
    referrals = Referral.objects.filter(case__projects=project).aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=Referral.Status.COMPLETED)),
    )
    support = SupportActivity.objects.filter(project=project).aggregate(
        count=Count("pk", distinct=True),
        women=Coalesce(Sum("participants__women"), 0),
        men=Coalesce(Sum("participants__men"), 0),
    )
    people = people_reached(project)
    budget_mad = project.budget_mad
    return {
        "needs_funded": funding["count"],
        "funded_total": funding["total"],
        "budget_mad": budget_mad,
        "budget_share": percent(funding["total"], budget_mad),
        "facilities_funded": funding["facilities"],
        "facilities_reinforced": funding["reinforced"],
        "cases": people["total"],
        "referrals": referrals["total"],
        "referrals_completed": referrals["completed"],
        "people": people,
        "people_reached": people["total"],
        "people_to_reach": project.people_to_reach,
        "people_share": percent(people["total"], project.people_to_reach),
        "support_activities": support["count"],
        "participants_women": support["women"],
        "participants_men": support["men"],
        "participants_total": support["women"] + support["men"],
        "actors_strengthened": actors_strengthened(project),
    }


def _share_low_severity(project: Project) -> Decimal | None:
    """Facilities with needs funded by the project whose latest validated assessment has
    severity 1 or 2, as a percentage of those that have one."""
    counts = Assessment.objects.filter(
        is_latest_validated=True, facility__needs__funding__project=project
    ).aggregate(
        assessed=Count("facility", distinct=True),
        low=Count("facility", distinct=True, filter=Q(severity__lte=2)),
    )
    if not counts["assessed"]:
        return None
    return (Decimal(100) * counts["low"] / counts["assessed"]).quantize(Decimal("0.1"))


def _sustainable_cases(project: Project) -> Decimal:
    """The project's cases whose latest follow-up scores at least the sustainability threshold."""
    latest_score = Subquery(
        FollowUp.objects.filter(case=OuterRef("pk"), score_composite__isnull=False)
        .order_by("-date", "-pk")
        .values("score_composite")[:1]
    )
    threshold = SustainabilitySettings.load().threshold
    count = (
        project.cases.annotate(latest_score=latest_score)
        .filter(latest_score__gte=threshold)
        .count()
    )
    return Decimal(count)


def computed_values(project: Project, indicators, figures: dict) -> dict[str, Decimal | None]:
    """The value of each computation the indicators use, for this project's own records.

    Facilities reinforced and referrals completed are the project's (its funded needs, its
    cases), read from `figures`; the others cost one or two queries each, once per page.
    """
    used = {indicator.computation for indicator in indicators if indicator.computation}
    values: dict[str, Decimal | None] = {}
    computation = Indicator.Computation
    if computation.FACILITIES_REINFORCED in used:
        values[computation.FACILITIES_REINFORCED] = Decimal(figures["facilities_reinforced"])
    if computation.REFERRALS_COMPLETED in used:
        values[computation.REFERRALS_COMPLETED] = Decimal(figures["referrals_completed"])
    if computation.SHARE_LOW_SEVERITY in used:
        values[computation.SHARE_LOW_SEVERITY] = _share_low_severity(project)
    if computation.SUSTAINABLE_CASES in used:
        values[computation.SUSTAINABLE_CASES] = _sustainable_cases(project)
    return values


@dataclass
class IndicatorLine:
    """An indicator of the results framework: its latest total, that period's breakdown by
    group, and how far the total is towards the target."""

    indicator: Indicator
    latest: IndicatorValue | None = None
    breakdown: list[IndicatorValue] = field(default_factory=list)
    computed: Decimal | None = None

    @property
    def current(self) -> Decimal | None:
        if self.indicator.is_computed:
            return self.computed
        return self.latest.value if self.latest else None

    @property
    def percent_of_target(self) -> int | None:
        if self.current is None:
            return None
        return percent(self.current, self.indicator.target)


@dataclass
class ResultBlock:
    """An outcome or an output with its indicators; an outcome also carries its outputs."""

    result: ProjectResult
    indicators: list[IndicatorLine]
    outputs: list["ResultBlock"] = field(default_factory=list)


def _indicator_line(indicator: Indicator) -> IndicatorLine:
    """Pick the latest total value and the latest breakdown from the prefetched values."""
    values = list(indicator.values.all())  # ordered by period_end, pk
    totals = [value for value in values if value.is_total]
    groups = [value for value in values if not value.is_total]
    breakdown = []
    if groups:
        last_period = groups[-1].period_end
        breakdown = [value for value in groups if value.period_end == last_period]
    return IndicatorLine(indicator, latest=totals[-1] if totals else None, breakdown=breakdown)


def results_framework(project: Project, figures: dict | None = None) -> list[ResultBlock]:
    """The project's outcomes, each with its outputs, and every indicator's target and latest
    values, in six queries (plus those of computed indicators, once each)."""
    values = Prefetch("values", queryset=IndicatorValue.objects.order_by("period_end", "pk"))
    indicators = Prefetch("indicators", queryset=Indicator.objects.prefetch_related(values))
    outcomes = list(
        ProjectResult.objects.filter(project=project, level=ProjectResult.Level.OUTCOME)
        .order_by("code")
        .prefetch_related(
            indicators,
            Prefetch(
                "outputs",
                queryset=ProjectResult.objects.order_by("code").prefetch_related(indicators),
            ),
        )
    )
    blocks = [
        ResultBlock(
            outcome,
            [_indicator_line(indicator) for indicator in outcome.indicators.all()],
            [
                ResultBlock(output, [_indicator_line(i) for i in output.indicators.all()])
                for output in outcome.outputs.all()
            ],
        )
        for outcome in outcomes
    ]
    lines = [line for block in blocks for line in block.indicators] + [
        line for block in blocks for output in block.outputs for line in output.indicators
    ]
    if any(line.indicator.is_computed for line in lines):
        computed = computed_values(
            project,
            [line.indicator for line in lines],
            figures if figures is not None else project_figures(project),
        )
        for line in lines:
            if line.indicator.is_computed:
                line.computed = computed.get(line.indicator.computation)
    return blocks
