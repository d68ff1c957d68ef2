"""Project-level views that belong to no app."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from accounts import permissions
from plans.regional import dashboard_regions


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    """A regional council's viewers land on their region's dashboard, other signed-in users on
    the facility list, and everyone else on the public directory for migrants."""
    user = request.user
    if user.is_authenticated:
        if permissions.is_viewer(user) and user.organisation_id:
            regions = dashboard_regions(user)
            if regions is not None and len(regions) == 1:
                return redirect("plans:region_dashboard", code=regions[0].code)
        return redirect("facilities:list")
    return redirect("directory:list")
