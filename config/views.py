"""Project-level views that belong to no app."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import permissions
from plans.regional import dashboard_regions

# A task still waiting this long after it was due means the background worker is not running.
WORKER_LATE = timedelta(minutes=15)


def _problems() -> list[str]:
    """What is down, one line each (no secrets: the kind of error, not its text)."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return [f"database: down ({type(error).__name__})"]
    try:
        cache.set("healthz", "ok", 30)
        if cache.get("healthz") != "ok":
            problems.append("cache: does not keep what is written")
    except Exception as error:  # noqa: BLE001 (any backend's failure means the cache is down)
        problems.append(f"cache: down ({type(error).__name__})")
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        late = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, run_after__lt=timezone.now() - WORKER_LATE
        ).count()
        if late:
            minutes = int(WORKER_LATE.total_seconds() // 60)
            problems.append(
                f"worker: {late} task(s) waiting more than {minutes} minutes after they were due"
            )
    return problems


# Outside the request's transaction: with the database down, opening it would fail before the
# view could say so (a 500 instead of the 503 the load balancer reads).
@transaction.non_atomic_requests
@never_cache
def healthz(request):
    """For the load balancer and monitoring: 200 "ok", or 503 with a line for each part that is
    down (the database, the cache, the background worker)."""
    problems = _problems()
    if problems:
        return HttpResponse("\n".join(problems) + "\n", status=503, content_type="text/plain")
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
