"""Background tasks whose worker died in the middle (SIGKILL, out of memory, a reboot): found
and settled, so that nothing stays "in progress" forever.

django_tasks_db marks a task result RUNNING when a worker claims it, and SUCCESSFUL or FAILED
when the task returns or raises. SIGTERM is graceful (the worker lets the task end; a second
signal raises SystemExit inside the task, which is recorded as FAILED). A worker killed outright
records nothing: its result stays RUNNING, and whatever the task showed people as in progress
(a batch of guides, a Kobo fetch) stays so too.

A worker cannot be asked whether it is still alive (it may run on another machine, and its id is
a random string), so this is a lease: a RUNNING result that has shown no progress for
TASK_STALE_MINUTES is taken as interrupted. Progress is the task's start, or later what the task
records on its own object (a batch's `progressed_at`): tasks say how to read it, and what to do
with their object once interrupted, with `register()`. Settling marks the result FAILED with
`WorkerInterrupted` (the admin shows it in the traceback column), then lets the task's owner
queue it again or fail its object with a message for people.

A false alarm (a worker alive but silent for longer than the limit) costs little: the worker
overwrites its result when it ends, and the owners fence their objects (a superseded batch run
stops at its next document instead of writing over the new run).
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from traceback import format_exception

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("manara.tasks")


class WorkerInterrupted(Exception):
    """Recorded as the error of a task whose worker stopped without saying how the task ended."""


@dataclass(frozen=True)
class Interruptible:
    """How to read a task's last progress and how to settle its object once interrupted; both
    are called with the task's own arguments. `settle` returns what it did, for the log."""

    settle: Callable[..., str]
    last_progress: Callable[..., datetime.datetime | None] | None = None


# Filled when a task's module is imported; a stale result's task path imports its module first.
REGISTRY: dict[str, Interruptible] = {}


def register(
    task: Task,
    settle: Callable[..., str],
    last_progress: Callable[..., datetime.datetime | None] | None = None,
) -> None:
    """Declare what settling `task` means when its worker was interrupted (see the module)."""
    REGISTRY[task.module_path] = Interruptible(settle=settle, last_progress=last_progress)


def stale_minutes() -> int:
    """Minutes without progress after which a running task is taken as interrupted."""
    return getattr(settings, "TASK_STALE_MINUTES", 15)


def _owner(result: DBTaskResult) -> Interruptible | None:
    try:
        import_module(result.task_path.rpartition(".")[0])  # the task's module registers it
    except ImportError:  # the task is gone from the code: its result is still settled
        return None
    return REGISTRY.get(result.task_path)


def _interruption(result: DBTaskResult, since: datetime.datetime) -> str:
    error = WorkerInterrupted(
        f"no news from worker {', '.join(result.worker_ids) or '?'} since "
        f"{since:%Y-%m-%d %H:%M:%S %Z} (more than {stale_minutes()} minutes): it was stopped "
        "(killed, out of memory, restarted) during this task"
    )
    return "".join(format_exception(error))


def settle_interrupted(now: datetime.datetime | None = None) -> list[str]:
    """Mark FAILED the running task results with no progress for TASK_STALE_MINUTES and settle
    their objects; a line per settled task, also logged as a warning. Safe to run again and from
    two schedulers: each result is taken with a conditional update, so it is settled once."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=stale_minutes())
    lines = []
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff).order_by("started_at")
    for result in running:
        owner = _owner(result)
        args, kwargs = result.args_kwargs.get("args", []), result.args_kwargs.get("kwargs", {})
        progressed = result.started_at
        if owner is not None and owner.last_progress is not None:
            progressed = max(progressed, owner.last_progress(*args, **kwargs) or progressed)
        if progressed >= cutoff:
            continue
        with transaction.atomic():
            taken = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{__name__}.{WorkerInterrupted.__qualname__}",
                traceback=_interruption(result, progressed),
            )
            if not taken:  # it ended, or another scheduler settled it, meanwhile
                continue
            line = f"{result.task_path} {result.id}: interrupted, marked failed"
            if owner is not None:
                line = f"{line}; {owner.settle(*args, **kwargs)}"
        logger.warning("%s", line)
        lines.append(line)
    return lines
