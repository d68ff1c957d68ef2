"""A region's figures for its council's dashboard: aggregates only, never a person's record.

Every figure is a count or a sum read in SQL; the number of queries does not depend on how many
facilities, needs, referrals or cases the region has.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from accounts import permissions
from assessments.models import Assessment, Need
from facilities.models import Facility, Region, ServiceCategory
from referrals.models import ActorService, Referral

from .managers import council_regions
from .models import Indicator, PlanAction, Project
from .summary import indicator_rows

# A service offered by fewer actors than this in the region is thin: one actor, no alternative.
THIN_BELOW = 2


def dashboard_regions(user) -> list[Region] | None:
    """The regions whose dashboard the user may open, or None for every region.

    IOM roles open every region. A viewer opens the regions its organisation covers or plans
    for, or every region when it answers for none (a ministry, a donor). Others open none.
    """
    if user.is_iom:
        return None
    if not permissions.is_viewer(user):
        return []
    regions = council_regions(user)
    return list(Region.objects.filter(pk__in=regions)) if regions else None


def region_figures(region: Region, plans) -> dict:
    """Everything the regional dashboard shows, for one region and the plans the user may read."""
    plan = plans.filter(region=region).order_by("-starts_on").first()
    plan_figures = None
    if plan is not None:
        actions = PlanAction.objects.filter(axis__plan=plan).aggregate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=PlanAction.Status.COMPLETED)),
            in_progress=Count("pk", filter=Q(status=PlanAction.Status.IN_PROGRESS)),
            delayed=Count("pk", filter=Q(status=PlanAction.Status.DELAYED)),
            budget=Sum("budget"),
        )
        indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("values"))
        plan_figures = {
            "plan": plan,
            "actions": actions,
            "completed_share": round(100 * actions["completed"] / actions["total"])
            if actions["total"]
            else 0,
            "indicator_rows": indicator_rows(indicators, [region.pk]),
        }

    facilities = Facility.objects.filter(region=region).exclude(status=Facility.Status.CLOSED)
    facility_count = facilities.count()
    by_severity = dict(
        Assessment.objects.filter(facility__region=region, is_latest_validated=True)
        .values_list("severity")
        .annotate(n=Count("pk"))
    )
    assessed = sum(by_severity.values())
    severities = [{"severity": level, "count": by_severity.get(level, 0)} for level in range(1, 6)]
    open_needs = Need.objects.open().filter(facility__region=region)
    needs = open_needs.aggregate(
        count=Count("pk"),
        cost=Sum("total_cost"),
        funded=Sum("funding__amount"),
        immediate=Count("pk", filter=Q(urgency=Need.Urgency.IMMEDIATE)),
    )
    needs_by_dimension = list(
        open_needs.values("dimension")
        .annotate(count=Count("pk"), cost=Sum("total_cost"))
        .order_by("dimension")
    )
    referral_counts = dict(
        Referral.objects.filter(case__region=region).values_list("status").annotate(n=Count("pk"))
    )
    coverage_counts = dict(
        ActorService.objects.filter(is_active=True, regions=region)
        .values_list("category_id")
        .annotate(actors=Count("actor", distinct=True))
    )
    categories = list(ServiceCategory.objects.all())
    coverage = [
        {"category": category, "actors": coverage_counts.get(category.pk, 0)}
        for category in categories
    ]
    projects = list(
        Project.objects.filter(Q(is_national=True) | Q(regions=region))
        .exclude(status=Project.Status.COMPLETED)
        .distinct()
        .order_by("code")
    )
    return {
        "region": region,
        "plan_figures": plan_figures,
        "facility_count": facility_count,
        "assessed": assessed,
        "not_assessed": max(facility_count - assessed, 0),
        "severities": severities,
        "severity_max": max([row["count"] for row in severities] + [1]),
        "needs": {
            **needs,
            "cost": needs["cost"] or Decimal(0),
            "funded": needs["funded"] or Decimal(0),
        },
        "needs_by_dimension": [
            {**row, "label": Need(dimension=row["dimension"]).get_dimension_display()}
            for row in needs_by_dimension
        ],
        "referrals": {
            "total": sum(referral_counts.values()),
            "open": sum(referral_counts.get(s, 0) for s in Referral.OPEN),
            "completed": referral_counts.get(Referral.Status.COMPLETED, 0),
            "declined": referral_counts.get(Referral.Status.DECLINED, 0),
        },
        "coverage_gaps": [row for row in coverage if row["actors"] == 0],
        "coverage_thin": [row for row in coverage if 0 < row["actors"] < THIN_BELOW],
        "projects": projects,
    }
