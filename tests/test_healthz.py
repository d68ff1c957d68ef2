"""/healthz, for the load balancer and monitoring: 200 "ok" while everything answers, 503 with a
line for each part that is down, so that a dead database or worker is seen, not hidden."""

import datetime

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE


def queued(minutes_ago: int) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="mailing.tasks.send_mail_task",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        exception_class_path="",
        traceback="",
    )


def test_everything_up_answers_ok(client, db, queue):
    queued(minutes_ago=2)  # due a moment ago: the worker is on it

    response = client.get("/healthz")

    assert (response.status_code, response.text) == (200, "ok")
    assert "no-cache" in response["Cache-Control"]


def test_a_database_that_does_not_answer_gives_503_and_says_so(client, db):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.text == "database: down (OperationalError)\n"


def test_tasks_waiting_long_after_they_were_due_mean_the_worker_is_down(client, db, queue):
    queued(minutes_ago=40)
    queued(minutes_ago=20)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.text == ("worker: 2 task(s) waiting more than 15 minutes after they were due\n")


def test_a_cache_that_keeps_nothing_gives_503(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "cache: does not keep what is written" in response.text
