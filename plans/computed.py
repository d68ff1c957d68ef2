"""Indicators computed from Manara's own records, at read time, for a set of regions.

Each computation reads stored figures (needs' statuses, the severity stored on the latest
validated assessments, referrals' statuses, follow-ups' composite scores): nothing is recomputed
over answers. Each returns its value with the formula shown to the reader.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from assessments.models import Assessment, Need
from referrals.models import Case, FollowUp, Referral, SustainabilitySettings

from .models import Indicator

Computation = Indicator.Computation


@dataclass(frozen=True)
class ComputedValue:
    """A value computed now, and the formula that produced it, in the reader's language."""

    value: Decimal | None
    formula: str


def _in_regions(field: str, regions) -> Q:
    """All records when `regions` is None (national coverage), else those in the regions."""
    return Q() if regions is None else Q(**{f"{field}__in": regions})


def facilities_reinforced(regions) -> ComputedValue:
    count = (
        Need.objects.confirmed()
        .filter(_in_regions("facility__region", regions), status=Need.Status.DONE)
        .values("facility")
        .distinct()
        .count()
    )
    return ComputedValue(
        Decimal(count),
        _("Facilities of the region with at least one need marked done."),
    )


def share_low_severity(regions) -> ComputedValue:
    figures = Assessment.objects.filter(
        _in_regions("facility__region", regions), is_latest_validated=True
    ).aggregate(assessed=Count("pk"), low=Count("pk", filter=Q(severity__lte=2)))
    value = (
        (Decimal(100) * figures["low"] / figures["assessed"]).quantize(Decimal("0.1"))
        if figures["assessed"]
        else None
    )
    return ComputedValue(
        value,
        _(
            "Facilities whose latest validated assessment has severity 1 or 2, as a share of "
            "the facilities with a validated assessment (%(low)s of %(assessed)s)."
        )
        % figures,
    )


def referrals_completed(regions) -> ComputedValue:
    count = Referral.objects.filter(
        _in_regions("case__region", regions), status=Referral.Status.COMPLETED
    ).count()
    return ComputedValue(
        Decimal(count), _("Referrals of cases of the region whose status is completed.")
    )


def sustainable_cases(regions) -> ComputedValue:
    threshold = SustainabilitySettings.load().threshold
    latest_score = Subquery(
        FollowUp.objects.filter(case=OuterRef("pk"), score_composite__isnull=False)
        .order_by("-date", "-pk")
        .values("score_composite")[:1]
    )
    count = (
        Case.objects.filter(_in_regions("region", regions))
        .annotate(latest_score=latest_score)
        .filter(latest_score__gte=threshold)
        .count()
    )
    return ComputedValue(
        Decimal(count),
        _(
            "Cases of the region whose latest follow-up has a composite reintegration score "
            "of at least %(threshold)s."
        )
        % {"threshold": threshold},
    )


COMPUTATIONS = {
    Computation.FACILITIES_REINFORCED: facilities_reinforced,
    Computation.SHARE_LOW_SEVERITY: share_low_severity,
    Computation.REFERRALS_COMPLETED: referrals_completed,
    Computation.SUSTAINABLE_CASES: sustainable_cases,
}


def compute(indicators, regions) -> dict[int, ComputedValue]:
    """The computed value of each computed indicator in `indicators`, for the regions.

    `regions` is a list of region ids, or None for the whole country. Each computation runs
    once however many indicators use it, so a page's query count does not grow with them.
    """
    results: dict[str, ComputedValue] = {}
    values = {}
    for indicator in indicators:
        if not indicator.computation:
            continue
        if indicator.computation not in results:
            results[indicator.computation] = COMPUTATIONS[indicator.computation](regions)
        values[indicator.pk] = results[indicator.computation]
    return values
