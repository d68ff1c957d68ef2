"""Project-level views that belong to no app."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For the load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    """Staff land on the facility list; everyone else on the public directory for migrants."""
    if request.user.is_authenticated:
        return redirect("facilities:list")
    return redirect("directory:list")
