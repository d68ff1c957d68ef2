"""/healthz (liveness: the process answers) and /readyz (readiness: 200 "ok" while the database,
the cache, the file storage and the worker answer, 503 with a line for each part that is down)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from common.models import Heartbeat
from common.tasks import heartbeat
from mailing.models import OutgoingMail

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def worker_alive(db, queue):
    """The worker ran the heartbeat a moment ago."""
    beat(minutes_ago=0)


def beat(minutes_ago: int) -> None:
    Heartbeat.objects.update_or_create(
        pk=1, defaults={"beat_at": timezone.now() - datetime.timedelta(minutes=minutes_ago)}
    )


def queued(minutes_ago: int) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="mailing.tasks.send_mail_task",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        exception_class_path="",
        traceback="",
    )


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection refused to db.internal:5432 as manara")


def test_healthz_answers_ok_without_asking_anything_else(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert (response.status_code, response.text) == (200, "ok")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_stays_ok_while_the_database_is_down(client, db):
    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")

    assert (response.status_code, response.text) == (200, "ok")


# Committed for real: the worker ends its connection between tasks, as it does in production.
# serialized_rollback: the data of the migrations is back for later tests, and the flush after
# this one creates no content type that the browser tests' restore would then find in its way.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_running_the_heartbeat_makes_readyz_ok(client, queue):
    heartbeat.enqueue()
    call_command("db_worker", "--batch", verbosity=0)
    queued(minutes_ago=2)  # due a moment ago: the worker is on it

    response = client.get("/readyz")

    assert (response.status_code, response.text) == (200, "ok")
    assert "no-cache" in response["Cache-Control"]
    assert Heartbeat.objects.get().ran_by
    assert DBTaskResult.objects.get(task_path="common.tasks.heartbeat").status == (
        TaskResultStatus.SUCCESSFUL
    )


def test_an_old_heartbeat_means_the_worker_is_down(client, db, queue, settings):
    settings.READY_WORKER_MINUTES = 5
    beat(minutes_ago=7)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text == (
        "worker: last heartbeat 7 minutes ago (more than 5; is the worker running? "
        "and the scheduler?)\n"
    )


def test_no_heartbeat_yet_means_the_worker_is_down(client, db, queue):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text.startswith("worker: no heartbeat yet")


def test_without_the_database_queue_no_heartbeat_is_asked_for(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    response = client.get("/readyz")

    assert (response.status_code, response.text) == (200, "ok")


def test_tasks_waiting_long_after_they_were_due_mean_the_worker_is_down(client, db, queue):
    beat(minutes_ago=0)
    queued(minutes_ago=40)
    queued(minutes_ago=20)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text == ("worker: 2 task(s) waiting more than 15 minutes after they were due\n")


def test_a_database_that_does_not_answer_gives_503_and_says_so(client, db):
    with connection.execute_wrapper(refuse):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text == "database: down (OperationalError)\n"


def test_a_database_without_its_tables_gives_503_saying_migrate_has_not_run(client, db, queue):
    """A release started before `migrate`: the load balancer must not send it people."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {Heartbeat._meta.db_table}")

    response = client.get("/readyz")

    assert response.status_code == 503
    kind = "OperationalError" if connection.vendor == "sqlite" else "ProgrammingError"
    assert response.text == (
        f"database: tables missing or different ({kind}); has `manage.py migrate` run?\n"
    )


def test_a_cache_that_keeps_nothing_gives_503(client, worker_alive, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text == "cache: does not keep what is written\n"


def test_a_storage_that_cannot_write_gives_503_without_its_path(
    client, worker_alive, settings, tmp_path
):
    # Root writes through file permissions, so the folder is placed where none can be: in a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.text == "storage: down (NotADirectoryError)\n"


def test_the_storage_check_leaves_no_file_behind(client, worker_alive, media_root):
    assert client.get("/readyz").status_code == 200

    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_several_parts_down_give_a_line_each(client, db, queue, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    beat(minutes_ago=60)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert [line.split(":")[0] for line in response.text.splitlines()] == ["cache", "worker"]


def test_a_part_down_is_logged_as_a_warning_and_not_mailed_at_each_probe(
    client, db, queue, settings, caplog, mailoutbox
):
    settings.DEBUG = False
    settings.ADMINS = [("ops", "ops@example.org")]
    beat(minutes_ago=60)

    for _ in range(3):
        assert client.get("/readyz").status_code == 503

    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    warnings = [r.getMessage() for r in caplog.records if r.name == "manara.readiness"]
    assert warnings == ["not ready: worker"] * 3
    assert not mailoutbox
    assert not OutgoingMail.objects.exists()
