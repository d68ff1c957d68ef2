"""Project-level views that belong to no app."""

import contextlib
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import permissions
from common.models import Heartbeat
from plans.regional import dashboard_regions

logger = logging.getLogger("manara.readiness")

# A task still waiting this long after it was due means the background worker is not running.
WORKER_LATE = timedelta(minutes=15)


def _database() -> list[str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return [f"database: down ({type(error).__name__})"]
    return []


def _cache() -> list[str]:
    try:
        client = getattr(cache, "client", None)
        if hasattr(client, "get_client"):
            # django-redis answers misses while Redis is down (IGNORE_EXCEPTIONS): ask Redis.
            client.get_client(write=True).ping()
        cache.set("readyz", "ok", 30)
        if cache.get("readyz") != "ok":
            return ["cache: does not keep what is written"]
    except Exception as error:  # noqa: BLE001 (any backend's failure means the cache is down)
        return [f"cache: down ({type(error).__name__})"]
    return []


def _storage() -> list[str]:
    """Write, read back and delete a small file where uploads and generated files go."""
    content = b"readyz"
    name = None
    try:
        name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(content))
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                return ["storage: does not keep what is written"]
    except Exception as error:  # noqa: BLE001 (any backend's failure means the storage is down)
        return [f"storage: down ({type(error).__name__})"]
    finally:
        if name is not None:
            with contextlib.suppress(Exception):
                default_storage.delete(name)
    return []


def _worker() -> list[str]:
    """The worker ran the scheduler's heartbeat lately, and no task waits long past its time."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return []
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    problems = []
    beat_at = Heartbeat.last()
    limit = timedelta(minutes=settings.READY_WORKER_MINUTES)
    if beat_at is None:
        problems.append("worker: no heartbeat yet (is the worker running? and the scheduler?)")
    elif timezone.now() - beat_at > limit:
        minutes = int((timezone.now() - beat_at).total_seconds() // 60)
        problems.append(
            f"worker: last heartbeat {minutes} minutes ago (more than "
            f"{settings.READY_WORKER_MINUTES}; is the worker running? and the scheduler?)"
        )
    late = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, run_after__lt=timezone.now() - WORKER_LATE
    ).count()
    if late:
        minutes = int(WORKER_LATE.total_seconds() // 60)
        problems.append(
            f"worker: {late} task(s) waiting more than {minutes} minutes after they were due"
        )
    return problems


def _problems() -> list[str]:
    """What is down, one line each (no secrets: the kind of error, not its text)."""
    problems = _database()
    if problems:
        return problems
    try:
        # In a savepoint, so that a failing query leaves the connection usable (PostgreSQL).
        with transaction.atomic():
            worker = _worker()
    except DatabaseError as error:
        # The database answers but lacks Manara's tables: a release started before `migrate`.
        worker = [
            f"database: tables missing or different ({type(error).__name__}); "
            "has `manage.py migrate` run?"
        ]
    return [*_cache(), *_storage(), *worker]


# Outside the request's transaction: with the database down, opening it would fail before the
# view could say so (a 500 instead of the 503 the load balancer reads).
@transaction.non_atomic_requests
@never_cache
def healthz(request):
    """Liveness, for a process supervisor: 200 "ok" whenever this process answers requests. It
    touches nothing else (a database outage must not get every web process restarted)."""
    return HttpResponse("ok", content_type="text/plain")


@transaction.non_atomic_requests
@never_cache
def readyz(request):
    """Readiness, for the load balancer and monitoring: 200 "ok", or 503 with a line for each
    part that is down (the database, the cache, the file storage, the background worker)."""
    problems = _problems()
    if problems:
        logger.warning("not ready: %s", ", ".join(line.split(":")[0] for line in problems))
        response = HttpResponse("\n".join(problems) + "\n", status=503, content_type="text/plain")
        # Logged above as a warning: Django would log each 503 as an error of the request, and
        # ADMINS would get a mail at every probe of the load balancer while a part is down.
        response._has_been_logged = True
        return response
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
