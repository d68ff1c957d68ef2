"""`{% facility_connections facility %}`: the facility page's links to the rest of Manara.

The facility registry comes before the referral network and the plans (facilities cannot import
them), so, as the assessments add their panel with `{% facility_assessments %}`, the plans add
this one: the managing organisation's page and actor profile, the referrals to or from it, the
pathways of the region, the projects funding the facility's needs, the support given to its
organisation, the actions of the regional plans that concern the facility and, while needs are
open, the active projects of the region that could fund them.
Each link is shown only to a user who may open its target; the panel costs a fixed number of
queries whatever the number of fundings, activities or projects.
"""

from django import template
from django.db.models import Count, F, Q, Sum

from accounts import permissions
from assessments.models import Need
from referrals.models import ActorProfile, Referral

from ..figures import annotate_funding
from ..models import ActionPlan, NeedFunding, PlanAction, Project, SupportActivity

register = template.Library()

# The panel names the first few; the filtered lists it links to hold them all.
SHOWN = 5


def projects_that_could_fund(user, region, limit: int = SHOWN):
    """Projects that could fund a need in `region`: active (a completed project funds no new
    need, a pipeline one has no money yet), working in the region or nationally, with budget
    left (its budget in MAD above what its fundings already commit), the most left first."""
    working_here = Q(is_national=True) | Q(
        pk__in=Project.regions.through.objects.filter(region=region).values("project_id")
    )
    projects = annotate_funding(
        Project.objects.visible_to(user).filter(working_here, status=Project.Status.ACTIVE)
    ).annotate(budget_left=F("budget_in_mad") - F("funded_total"))
    return list(projects.filter(budget_left__gt=0).order_by("-budget_left", "code")[:limit])


@register.inclusion_tag("plans/_facility_connections.html", takes_context=True)
def facility_connections(context, facility):
    """The facility's organisation, actor profile, referrals, pathways, projects and support."""
    user = context["request"].user
    organisation = facility.managing_organisation
    fundings = (
        NeedFunding.objects.filter(
            need__in=Need.objects.visible_to(user).filter(facility=facility),
            project__in=Project.objects.visible_to(user),
        )
        .values("project_id", "project__code", "project__short_name", "project__title")
        .annotate(needs=Count("pk"), amount=Sum("amount"))
        .order_by("project__code")
    )
    unfunded = (
        Need.objects.visible_to(user)
        .open()
        .filter(facility=facility, funding__isnull=True)
        .aggregate(count=Count("pk"), cost=Sum("total_cost"))
    )
    support = None
    if permissions.sees_support(user):
        activities = SupportActivity.objects.visible_to(user)
        support = activities.aggregate(
            organisation=Count("pk", filter=Q(organisation=organisation)),
            facility=Count("pk", filter=Q(facility=facility)),
        )
        support["latest"] = list(
            activities.filter(facility=facility).order_by("-date", "-pk")[:SHOWN]
        )
    plan_actions = None
    if permissions.reads_everything(user):  # who reads plans (each one's own scope below)
        plan_actions = list(
            PlanAction.objects.filter(
                facilities=facility, axis__plan__in=ActionPlan.objects.visible_to(user)
            )
            .select_related("axis__plan")
            .order_by("-axis__plan__starts_on", "axis__plan_id", "axis__number", "code", "pk")
        )
    return {
        "facility": facility,
        "organisation": organisation,
        "plan_actions": plan_actions,
        "actor": ActorProfile.objects.visible_to(user).filter(organisation=organisation).first(),
        "referrals": Referral.objects.visible_to(user).sent_and_received(organisation)
        if permissions.does_field_work(user)
        else None,
        "fundings": list(fundings),
        "unfunded": unfunded,
        "candidates": projects_that_could_fund(user, facility.region) if unfunded["count"] else [],
        "support": support,
    }
