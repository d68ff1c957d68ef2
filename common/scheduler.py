"""The periodic jobs: one table of what runs when, run by `manage.py run_scheduler`.

Times are cron-like, in settings.TIME_ZONE (Africa/Casablanca unless set). Each job runs a
management command through `call_command` (or queues the heartbeat task), logs its start, its
end, how long it took and what it printed (logger `manara.scheduler`), and holds a lock in
Django's cache while it runs, so that two schedulers sharing a cache (CACHE_URL) never run the
same job at once. Every job is safe to run again: the commands tell each person once, the
prunes and the open-data rebuild do nothing when there is nothing to do.
"""

import datetime
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import tasks
from .locks import cache_lock

logger = logging.getLogger("manara.scheduler")


def database_tasks() -> bool:
    """Whether background tasks go through the database (and a `db_worker`)."""
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def run_command(name: str, *args: str) -> str:
    """Run a management command in this process; what it printed."""
    output = io.StringIO()
    call_command(name, *args, stdout=output, stderr=output)
    return output.getvalue().strip()


def heartbeat() -> str:
    """Queue the heartbeat task; the worker that runs it records the time (/readyz reads it)."""
    result = tasks.heartbeat.enqueue()
    if database_tasks():
        # A result row a minute would be 43,200 a month: only the last hour's are kept.
        DBTaskResult.objects.filter(
            task_path=tasks.heartbeat.module_path,
            status=TaskResultStatus.SUCCESSFUL,
            finished_at__lt=timezone.now() - datetime.timedelta(hours=1),
        ).delete()
    return f"heartbeat task {result.id} queued"


def prune_task_results() -> str:
    """Delete finished task results older than TASK_RESULT_DAYS (the database backend only)."""
    if not database_tasks():
        return "tasks do not go through the database: nothing to prune"
    before = DBTaskResult.objects.count()
    run_command(
        "prune_db_task_results",
        "--min-age-days",
        str(settings.TASK_RESULT_DAYS),
        "--queue-name",
        "*",
    )
    deleted = before - DBTaskResult.objects.count()
    return f"{deleted} finished task result(s) older than {settings.TASK_RESULT_DAYS} days deleted"


@dataclass(frozen=True)
class Job:
    """A periodic job: its name, when it runs (cron fields) and what it does."""

    name: str
    schedule: dict[str, str]
    action: Callable[[], str]
    description: str
    # The lock outlives a scheduler that died while holding it by this long at most.
    lock_seconds: int = 3600
    command: tuple[str, ...] = field(default=())

    def trigger(self) -> CronTrigger:
        return CronTrigger(timezone=ZoneInfo(settings.TIME_ZONE), **self.schedule)

    def when(self) -> str:
        """The schedule as cron's five fields (minute hour day month weekday)."""
        fields = ("minute", "hour", "day", "month", "day_of_week")
        return " ".join(self.schedule.get(name, "*") for name in fields)


def command_job(name: str, schedule: dict[str, str], description: str, *args: str, **kw) -> Job:
    """A job that runs the management command `name` with `args`."""
    return Job(
        name=name,
        schedule=schedule,
        action=lambda: run_command(name, *args),
        description=description,
        command=(name, *args),
        **kw,
    )


# The order of the day: erasures and prunes at night; the notifications early in the morning,
# the digest last so that it holds what the other jobs just told people who chose the digest.
JOBS: list[Job] = [
    Job(
        "heartbeat",
        {"minute": "*"},
        heartbeat,
        "queue the task that shows the worker runs tasks (/readyz)",
        lock_seconds=50,
    ),
    command_job(
        "build_hsds",
        {"minute": "*/15"},
        "rebuild the open-data (HSDS) file if published data changed",
        lock_seconds=900,
    ),
    command_job(
        "settle_interrupted_tasks",
        {"minute": "*/5"},
        "fail the tasks whose worker stopped mid-run; queue their batch again or fail it",
        lock_seconds=240,
    ),
    command_job(
        "requeue_mails",
        {"minute": "20"},
        "queue again the mails a stopped worker left queued for hours",
    ),
    command_job(
        "erase_expired_identities",
        {"hour": "2", "minute": "30"},
        "erase names and phones of cases closed longer ago than the retention period",
    ),
    Job(
        "prune_task_results",
        {"hour": "3", "minute": "0"},
        prune_task_results,
        "delete finished background task results older than TASK_RESULT_DAYS",
        command=("prune_db_task_results",),
    ),
    command_job(
        "prune_pdf_cache",
        {"hour": "3", "minute": "15"},
        "delete cached guide PDFs and batch ZIPs older than PDF_CACHE_DAYS",
    ),
    command_job(
        "prune_kobo_imports",
        {"hour": "3", "minute": "30"},
        "delete Kobo imports never imported (ready or failed) older than KOBO_IMPORT_KEEP_DAYS",
    ),
    command_job(
        "notify_overdue_referrals",
        {"hour": "7", "minute": "0"},
        "tell senders of referrals whose answer is overdue (once each)",
    ),
    command_job(
        "notify_due_actions",
        {"hour": "7", "minute": "5"},
        "tell people of the roadmap and follow-up actions due today (once each)",
    ),
    command_job(
        "send_notification_digests",
        {"hour": "7", "minute": "30"},
        "mail the daily digest of notifications to those who chose it",
    ),
]


def job_named(name: str) -> Job:
    """The job called `name` (KeyError if there is none)."""
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


def drop_stale_connections() -> None:
    """Jobs run in the scheduler's threads, outside any request: drop connections that the
    database closed or that outlived CONN_MAX_AGE, as a request's start would. Not inside a
    caller's transaction (`--run-once` from a test or a script), whose connection it would end."""
    if not connection.in_atomic_block:
        close_old_connections()


@dataclass
class Outcome:
    """What one run of a job did: ran (or skipped for the lock), its output or error."""

    job: str
    ran: bool
    ok: bool = True
    output: str = ""
    seconds: float = 0.0


def run_job(job: Job) -> Outcome:
    """Run `job` now unless another scheduler is running it; log what happened. Never raises:
    a failing job is logged with its traceback and the scheduler goes on."""
    with cache_lock(f"manara:scheduler:{job.name}", job.lock_seconds) as taken:
        if not taken:
            logger.info("%s: skipped, already running in another scheduler", job.name)
            return Outcome(job.name, ran=False)
        drop_stale_connections()
        logger.info("%s: started", job.name)
        started = time.monotonic()
        try:
            output = job.action()
        except Exception as error:
            seconds = time.monotonic() - started
            logger.exception("%s: failed after %.1f s", job.name, seconds)
            return Outcome(job.name, ran=True, ok=False, output=repr(error), seconds=seconds)
        finally:
            drop_stale_connections()
        seconds = time.monotonic() - started
        logger.info("%s: done in %.1f s: %s", job.name, seconds, output.replace("\n", " | "))
        return Outcome(job.name, ran=True, output=output, seconds=seconds)
