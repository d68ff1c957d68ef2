"""The heartbeat: a task the scheduler queues every minute; the worker that runs it records the
time, so /readyz can tell a worker that takes tasks from one that is gone."""

import os
import socket

from django_tasks import task

from .models import Heartbeat


@task()
def heartbeat() -> None:
    """Record that a worker (this host and process) ran a task just now."""
    Heartbeat.record(f"{socket.gethostname()}:{os.getpid()}")
