"""A regional council's dashboard: its plan's progress and its region's figures, aggregates only.

IOM roles open any region; a council's viewers open their own region (see
`regional.dashboard_regions`); partners have no dashboard.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from accounts import permissions
from facilities.models import Region

from .models import ActionPlan
from .regional import dashboard_regions, region_figures

PROJECTS_SHOWN = 20


def _regions_for(user):
    if not permissions.reads_everything(user):
        raise PermissionDenied
    regions = dashboard_regions(user)
    return list(Region.objects.all()) if regions is None else regions


@login_required
@require_GET
@transaction.non_atomic_requests
def region_index(request):
    """A viewer who answers for one region goes straight to it; others choose a region."""
    regions = _regions_for(request.user)
    if len(regions) == 1:
        return redirect("plans:region_dashboard", code=regions[0].code)
    return render(request, "plans/region_index.html", {"regions": regions})


@login_required
@require_GET
@transaction.non_atomic_requests
def region_dashboard(request, code):
    """A region the user may open (404 for another): plan, facilities, needs, referrals, gaps."""
    regions = _regions_for(request.user)
    region = get_object_or_404(Region, code=code)
    if region not in regions:
        raise Http404
    plans = ActionPlan.objects.visible_to(request.user).select_related("region", "council")
    figures = region_figures(region, plans)
    # Every other figure is an aggregate; the projects are a list, capped here, with a link to
    # the project list filtered on the region for the rest.
    projects = figures["projects"]
    figures.update(projects=projects[:PROJECTS_SHOWN], project_count=len(projects))
    return render(
        request,
        "plans/region_dashboard.html",
        {**figures, "regions": regions, "projects_shown": PROJECTS_SHOWN},
    )
