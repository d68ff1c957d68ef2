"""The process model (Procfile, gunicorn.conf.py) and the periodic jobs (`run_scheduler`)."""

import datetime
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import timezone

from common import scheduler
from common.locks import cache_lock
from guides.models import GuideBatch

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 8140


def procfile() -> dict[str, str]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = command.strip()
    return processes


def development_environment(**extra) -> dict[str, str]:
    return {**os.environ, "DEBUG": "true", "PATH": f"{BIN}:{os.environ['PATH']}", **extra}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_procfile_names_the_three_processes_and_their_commands_exist():
    processes = procfile()

    assert set(processes) == {"web", "worker", "scheduler"}
    assert processes["web"].split()[0] == "gunicorn"
    assert (BIN / "gunicorn").exists()
    for name in ("worker", "scheduler"):
        python, manage, command = processes[name].split()[:3]
        assert (python, manage) == ("python", "manage.py")
        assert command in get_commands()


def test_gunicorn_loads_its_configuration_as_it_would_at_start():
    web = procfile()["web"].split()

    checked = subprocess.run(
        [web[0], "--check-config", *web[1:]],
        cwd=ROOT,
        env=development_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert checked.returncode == 0, checked.stderr


def test_gunicorn_takes_its_address_and_workers_from_the_environment():
    printed = subprocess.run(
        ["gunicorn", "--print-config", "-c", "gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=development_environment(PORT="8141", WEB_CONCURRENCY="3"),
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    settings = {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in printed.splitlines())
    }

    assert settings["bind"] == "['127.0.0.1:8141']"
    assert settings["workers"] == "3"
    assert settings["timeout"] == "60"
    assert settings["accesslog"] == "-"


def test_every_job_is_a_command_that_exists():
    commands = get_commands()

    for job in scheduler.JOBS:
        assert job.name == "heartbeat" or job.command[0] in commands


def test_the_list_shows_every_job_with_its_next_run(capsys):
    call_command("run_scheduler", "--list")

    printed = capsys.readouterr().out
    for job in scheduler.JOBS:
        assert job.name in printed
    assert "30 7 * * *" in printed
    assert "next " in printed


def test_run_once_all_runs_every_job_and_logs_each(db, caplog, capsys):
    caplog.set_level(logging.INFO, logger="manara.scheduler")

    call_command("run_scheduler", "--run-once", "all")

    logged = [record.getMessage() for record in caplog.records]
    for job in scheduler.JOBS:
        assert f"{job.name}: started" in logged
        assert any(line.startswith(f"{job.name}: done in ") for line in logged), job.name
    printed = capsys.readouterr().out
    assert "0 overdue referral(s) notified." in printed
    assert "0 digest(s) queued." in printed
    assert "0 stuck mail(s) queued again." in printed


def test_a_job_running_in_another_scheduler_is_not_run_again(db, caplog, capsys):
    caplog.set_level(logging.INFO, logger="manara.scheduler")

    with cache_lock("manara:scheduler:notify_overdue_referrals") as taken:
        assert taken
        call_command("run_scheduler", "--run-once", "notify_overdue_referrals")

    assert "skipped, already running elsewhere" in capsys.readouterr().out
    logged = [record.getMessage() for record in caplog.records]
    assert "notify_overdue_referrals: started" not in logged


def test_a_failing_job_is_logged_and_the_run_fails(db, caplog, monkeypatch):
    def broken():
        raise RuntimeError("no mail server")

    job = scheduler.Job("broken", {"minute": "*"}, broken, "fails")
    monkeypatch.setattr(scheduler, "JOBS", [job, *scheduler.JOBS])

    with pytest.raises(CommandError, match="Failed: broken"):
        call_command("run_scheduler", "--run-once", "broken")

    failure = next(r for r in caplog.records if r.getMessage().startswith("broken: failed"))
    assert failure.exc_info is not None


def test_an_unknown_job_is_refused_with_the_known_ones():
    with pytest.raises(CommandError, match="heartbeat"):
        call_command("run_scheduler", "--run-once", "nightly")


def stored(name: str, days_old: float) -> str:
    name = default_storage.save(name, ContentFile(b"%PDF-1.7 test"))
    when = (timezone.now() - datetime.timedelta(days=days_old)).timestamp()
    os.utime(default_storage.path(name), (when, when))
    return name


def test_the_pdf_prune_deletes_only_files_older_than_the_limit(settings, iom_user, capsys):
    settings.PDF_CACHE_DAYS = 30
    old_pdf = stored("guides/sheet/ab/abcdef.pdf", days_old=31)
    new_pdf = stored("guides/facility/cd/cdef01.pdf", days_old=29)
    old_zip = stored("guides/batches/sheets-maroc-fr-1.zip", days_old=40)
    new_zip = stored("guides/batches/sheets-maroc-fr-2.zip", days_old=1)
    other = stored("support/attendance/2026/sheet.pdf", days_old=400)
    old_batch, new_batch = (
        GuideBatch.objects.create(
            kind=GuideBatch.Kind.SHEETS,
            language="fr",
            requested_by=iom_user,
            status=GuideBatch.Status.DONE,
            archive=name,
        )
        for name in (old_zip, new_zip)
    )

    call_command("prune_pdf_cache")

    assert [default_storage.exists(name) for name in (old_pdf, new_pdf, old_zip, new_zip)] == [
        False,
        True,
        False,
        True,
    ]
    assert default_storage.exists(other)
    assert list(GuideBatch.objects.all()) == [new_batch]
    assert not GuideBatch.objects.filter(pk=old_batch.pk).exists()
    printed = capsys.readouterr().out
    assert "1 cached PDF(s) and 1 batch ZIP(s) older than 30 days deleted" in printed


def test_the_pdf_prune_without_a_cache_folder_deletes_nothing(db, capsys):
    call_command("prune_pdf_cache", "--days", "1")

    assert "0 cached PDF(s) and 0 batch ZIP(s)" in capsys.readouterr().out


def test_old_task_results_are_pruned_and_recent_ones_kept(db, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RESULT_DAYS = 30
    for days in (31, 29):
        DBTaskResult.objects.create(
            task_path="common.tasks.heartbeat",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            status=TaskResultStatus.SUCCESSFUL,
            finished_at=timezone.now() - datetime.timedelta(days=days),
            exception_class_path="",
            traceback="",
        )

    outcome = scheduler.run_job(scheduler.job_named("prune_task_results"))

    assert outcome.output == "1 finished task result(s) older than 30 days deleted"
    assert DBTaskResult.objects.count() == 1


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own server)
            return response.status == 200
    except OSError:
        return False


@pytest.mark.skipif(shutil.which("honcho", path=str(BIN)) is None, reason="honcho is missing")
def test_honcho_runs_the_procfile_and_stops_cleanly(tmp_path):
    environment = development_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'procs.sqlite3'}", MEDIA_ROOT=str(tmp_path / "media")
    )
    # The tables the worker and the scheduler need at once (a full migrate takes ~40 s here).
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.core.management import call_command; "
            "call_command('migrate', 'django_tasks_database', verbosity=0); "
            "call_command('migrate', 'common', verbosity=0)",
        ],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
        timeout=60,
    )
    honcho = subprocess.Popen(
        [str(BIN / "honcho"), "start", "--port", str(PORT)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not answers(f"http://127.0.0.1:{PORT}/healthz"):
            assert honcho.poll() is None, honcho.stdout.read()
            assert time.monotonic() < deadline, "the web process did not answer within 30 s"
            time.sleep(0.5)

        honcho.send_signal(signal.SIGTERM)
        output, _ = honcho.communicate(timeout=30)
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()

    for process in ("web.1", "worker.1", "scheduler.1"):
        assert f"{process} started" in output
        assert f"{process} stopped" in output, output
    assert not answers(f"http://127.0.0.1:{PORT}/healthz")


def test_the_heartbeat_queues_its_task_and_keeps_only_the_last_hours_results(db, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for minutes in (90, 30):
        DBTaskResult.objects.create(
            task_path="common.tasks.heartbeat",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            status=TaskResultStatus.SUCCESSFUL,
            finished_at=timezone.now() - datetime.timedelta(minutes=minutes),
            exception_class_path="",
            traceback="",
        )

    outcome = scheduler.run_job(scheduler.job_named("heartbeat"))

    assert outcome.ok and outcome.output.startswith("heartbeat task ")
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        TaskResultStatus.READY,
        TaskResultStatus.SUCCESSFUL,
    ]
