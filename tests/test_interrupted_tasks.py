"""A worker killed in the middle of a task (SIGKILL, out of memory, a reboot): the scheduler's
`settle_interrupted_tasks` job marks its task result failed and queues the batch again, or fails
it with a message once its runs are spent; a task still making progress is left alone."""

import datetime
import io
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from common import scheduler
from facilities.models import Region
from guides.models import GuideBatch
from guides.tasks import MAX_ATTEMPTS, build_batch
from kobo.models import KoboImport
from tests.factories import FacilityFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOB = "settle_interrupted_tasks"
LONG_AGO = datetime.timedelta(minutes=16)  # past the default TASK_STALE_MINUTES of 15


@pytest.fixture(autouse=True)
def queue(settings, tmp_path):
    """Tasks go through the database; files (the ZIPs, the PDF cache) to a folder of the test."""
    settings.TASKS = DATABASE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The test database as a URL that a worker in another process opens. PostgreSQL's is shared
    as it is; SQLite's lives in this process's memory, so it is copied to a file that this
    process then uses too, until the test ends (the in-memory one is left as it was)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(settings_dict["USER"] or "")
        password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
        host = settings_dict["HOST"] or "127.0.0.1"
        yield (
            f"postgres://{user}{password}@{host}:{settings_dict['PORT'] or 5432}/"
            f"{settings_dict['NAME']}"
        )
        return
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    in_memory, original_name = connection.connection, settings_dict["NAME"]
    with sqlite3.connect(path) as copy:
        in_memory.backup(copy)
    copy.close()
    connection.connection, settings_dict["NAME"] = None, str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.connection, settings_dict["NAME"] = in_memory, original_name


def start_worker(database_url: str, *options: str) -> subprocess.Popen:
    environment = {key: value for key, value in os.environ.items() if key != "TASKS_IMMEDIATE"}
    environment.update(
        DEBUG="true",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        + ["--interval", "0.1", *options],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def sheets_batch(facilities: int, **fields) -> GuideBatch:
    oriental = Region.objects.get(code="02")
    for number in range(facilities):
        FacilityFactory(name=f"Centre {number:02}")
    return GuideBatch.objects.create(
        kind=GuideBatch.Kind.SHEETS,
        region=oriental,
        language=fields.pop("language", "fr"),
        base_url="http://testserver/",
        requested_by=UserFactory(username="iom_batches"),
        **fields,
    )


def running_result(task, *args, started: datetime.timedelta) -> DBTaskResult:
    """A task result as a worker that claimed it `started` ago and was killed leaves it."""
    return DBTaskResult.objects.create(
        task_path=task.module_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - started,
        worker_ids=["killed-worker"],
        exception_class_path="",
        traceback="",
    )


def run_the_job(caplog) -> str:
    caplog.set_level(logging.INFO, logger="manara.scheduler")
    printed = io.StringIO()
    call_command("run_scheduler", "--run-once", JOB, stdout=printed)
    return printed.getvalue()


def wait_for(condition, seconds: float, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert worker.poll() is None, worker.stdout.read()
        assert time.monotonic() < deadline, "the worker was too slow"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_whose_worker_was_killed_is_queued_again_and_finished(shared_database, caplog):
    batch = sheets_batch(4)
    build_batch.enqueue(batch.pk)
    worker = start_worker(shared_database)
    try:
        wait_for(lambda: GuideBatch.objects.get(pk=batch.pk).done >= 1, 60, worker)
        worker.kill()  # SIGKILL: the worker records nothing more
    finally:
        worker.kill()
        worker.wait(timeout=10)
    killed = GuideBatch.objects.get(pk=batch.pk)
    assert killed.status == GuideBatch.Status.RUNNING and killed.done < killed.total == 4
    first = DBTaskResult.objects.get()
    assert first.status == TaskResultStatus.RUNNING
    # The clock moves past the lease: no progress for longer than TASK_STALE_MINUTES.
    GuideBatch.objects.filter(pk=batch.pk).update(progressed_at=timezone.now() - LONG_AGO)
    DBTaskResult.objects.filter(pk=first.pk).update(started_at=timezone.now() - LONG_AGO)

    printed = run_the_job(caplog)

    first.refresh_from_db()
    assert first.status == TaskResultStatus.FAILED
    assert first.exception_class_path == "common.interrupted.WorkerInterrupted"
    assert "WorkerInterrupted: no news from worker" in first.traceback
    assert f"batch {batch.pk} queued again (run 2 of {MAX_ATTEMPTS})" in printed
    assert "1 interrupted task(s) settled" in printed
    logged = [record.getMessage() for record in caplog.records]
    assert any(line.startswith(f"{JOB}: done in ") and "queued again" in line for line in logged)
    assert GuideBatch.objects.get(pk=batch.pk).status == GuideBatch.Status.QUEUED

    second = start_worker(shared_database, "--batch")
    output, _ = second.communicate(timeout=60)

    batch.refresh_from_db()
    assert second.returncode == 0, output
    assert (batch.status, batch.done, batch.total, batch.attempts) == ("done", 4, 4, 2)
    with batch.archive.open("rb") as archive:
        names = zipfile.ZipFile(archive).namelist()
    assert len(names) == 4 and all(name.endswith(".pdf") for name in names)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_taken_for_dead_that_wakes_up_leaves_the_batch_to_its_next_run(
    shared_database, caplog
):
    batch = sheets_batch(4)
    build_batch.enqueue(batch.pk)
    worker = start_worker(shared_database, "--max-tasks", "2")
    try:
        wait_for(lambda: GuideBatch.objects.get(pk=batch.pk).done >= 1, 60, worker)
        worker.send_signal(signal.SIGSTOP)  # frozen (swapped out, cut off), not dead
        GuideBatch.objects.filter(pk=batch.pk).update(progressed_at=timezone.now() - LONG_AGO)
        DBTaskResult.objects.update(started_at=timezone.now() - LONG_AGO)
        printed = run_the_job(caplog)
        worker.send_signal(signal.SIGCONT)
        output, _ = worker.communicate(timeout=60)
    finally:
        worker.kill()
        worker.wait(timeout=10)

    batch.refresh_from_db()
    assert "queued again (run 2 of 2)" in printed
    assert "run 1 was replaced by a later one; it stops" in output
    assert (batch.status, batch.done, batch.total, batch.attempts) == ("done", 4, 4, 2), output
    with batch.archive.open("rb") as archive:
        assert len(zipfile.ZipFile(archive).namelist()) == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_told_twice_to_stop_queues_its_batch_again_before_it_exits(shared_database):
    batch = sheets_batch(6)
    build_batch.enqueue(batch.pk)
    worker = start_worker(shared_database)
    try:
        wait_for(lambda: GuideBatch.objects.get(pk=batch.pk).done >= 1, 60, worker)
        worker.send_signal(signal.SIGTERM)  # graceful: the worker would finish the batch…
        time.sleep(0.1)  # (two signals at once would be delivered as one)
        worker.send_signal(signal.SIGTERM)  # …the second one ends the task at once
        output, _ = worker.communicate(timeout=20)
    finally:
        worker.kill()
        worker.wait(timeout=10)

    batch.refresh_from_db()
    assert "terminating current task" in output
    assert (batch.status, batch.done, batch.attempts) == ("queued", 0, 1), output
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [result.status for result in results] == [
        TaskResultStatus.FAILED,  # recorded by the worker (SystemExit)
        TaskResultStatus.READY,  # the batch's next run, for the next worker
    ]


def test_a_batch_interrupted_once_more_than_its_runs_allow_fails_with_a_message(db, caplog):
    batch = sheets_batch(
        0,
        language="en",
        status=GuideBatch.Status.RUNNING,
        attempts=MAX_ATTEMPTS,
        total=4,
        done=1,
        progressed_at=timezone.now() - LONG_AGO,
    )
    result = running_result(build_batch, batch.pk, started=datetime.timedelta(hours=1))

    printed = run_the_job(caplog)

    batch.refresh_from_db()
    result.refresh_from_db()
    assert f"batch {batch.pk} failed after {MAX_ATTEMPTS} interrupted run(s)" in printed
    assert batch.status == GuideBatch.Status.FAILED and batch.finished_at
    assert batch.error == "Interrupted: the task server stopped. Start the batch again."
    assert result.status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.count() == 1  # nothing queued again


def test_a_long_batch_still_making_progress_is_left_alone(db, caplog):
    batch = sheets_batch(
        0,
        status=GuideBatch.Status.RUNNING,
        attempts=1,
        total=900,
        done=400,
        progressed_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    result = running_result(build_batch, batch.pk, started=datetime.timedelta(hours=2))

    printed = run_the_job(caplog)

    batch.refresh_from_db()
    result.refresh_from_db()
    assert "0 interrupted task(s) settled" in printed
    assert (batch.status, batch.done, batch.attempts) == ("running", 400, 1)
    assert result.status == TaskResultStatus.RUNNING


def test_a_task_started_within_the_limit_is_left_alone(db, caplog, settings):
    settings.TASK_STALE_MINUTES = 30
    result = running_result(build_batch, 1, started=LONG_AGO)

    printed = run_the_job(caplog)

    result.refresh_from_db()
    assert "0 interrupted task(s) settled (no progress for more than 30 minutes)" in printed
    assert result.status == TaskResultStatus.RUNNING


def test_a_kobo_fetch_whose_worker_was_killed_fails_and_says_so(db, caplog, iom_user):
    kobo_import = KoboImport.objects.create(
        source=KoboImport.Source.API, status=KoboImport.Status.FETCHING, created_by=iom_user
    )
    result = DBTaskResult.objects.create(
        task_path="kobo.tasks.fetch_kobo_submissions",
        args_kwargs={"args": [kobo_import.pk], "kwargs": {"language": "en"}},
        backend_name="default",
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - LONG_AGO,
        exception_class_path="",
        traceback="",
    )

    printed = run_the_job(caplog)

    kobo_import.refresh_from_db()
    result.refresh_from_db()
    assert f"Kobo import {kobo_import.pk} failed" in printed
    assert kobo_import.status == KoboImport.Status.FAILED
    assert kobo_import.error == (
        "Interrupted: the task server stopped. Fetch the submissions again."
    )
    assert result.status == TaskResultStatus.FAILED


def test_a_task_without_an_object_is_only_marked_failed(db, caplog):
    result = DBTaskResult.objects.create(
        task_path="common.tasks.heartbeat",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - LONG_AGO,
        exception_class_path="",
        traceback="",
    )

    printed = run_the_job(caplog)

    result.refresh_from_db()
    assert f"common.tasks.heartbeat {result.id}: interrupted, marked failed\n" in printed
    assert result.status == TaskResultStatus.FAILED


def test_a_second_run_of_a_batch_starts_from_zero_and_replaces_the_zip(db):
    batch = sheets_batch(2)
    build_batch.call(batch.pk)
    batch.refresh_from_db()
    first_zip = batch.archive.name

    build_batch.call(batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total, batch.attempts) == ("done", 2, 2, 2)
    zips = list((Path(settings.MEDIA_ROOT) / "guides" / "batches").iterdir())
    assert [path.name for path in zips] == [Path(first_zip).name]  # the same name, replaced


def test_the_job_is_in_the_schedulers_table_every_five_minutes():
    job = scheduler.job_named(JOB)

    assert job.when() == "*/5 * * * *"
    assert job.command == (JOB,)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Interrupted: the task server stopped. Start the batch again."),
        ("fr", "Interrompu : le serveur de tâches s’est arrêté. Relancez le lot."),
    ],
)
def test_the_progress_page_of_an_interrupted_batch_says_why(
    client, iom_user, caplog, language, message
):
    batch = sheets_batch(
        0,
        language=language,
        status=GuideBatch.Status.RUNNING,
        attempts=MAX_ATTEMPTS,
        progressed_at=timezone.now() - LONG_AGO,
    )
    running_result(build_batch, batch.pk, started=datetime.timedelta(hours=1))
    run_the_job(caplog)
    client.force_login(iom_user)

    page = client.get(reverse("guides:batch_detail", args=[batch.pk]), HTTP_HX_REQUEST="true")

    assert "hx-trigger" not in page.text  # the page stops asking
    assert message in page.text
