"""The Kobo forms and imports moved from `assessments` to `kobo` with every row they had, and
fetches queued before the move run after it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string

from kobo.tasks import fetch_kobo_submissions

BEFORE = [("assessments", "0005_need_version"), ("kobo", None)]
AFTER = [("assessments", "0006_kobo_moves_to_its_app"), ("kobo", "0001_initial")]


def applied_state():
    """The models as the database has them now (every app at its applied migration)."""
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(list(executor.recorder.applied_migrations())).apps


# serialized_rollback: the regions and frameworks of the data migrations are back for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_kobo_records_of_a_database_from_before_the_move_are_kept(django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = applied_state()
    frameworks = old.get_model("assessments", "Framework").objects
    framework = frameworks.first() or frameworks.create(name="Cadre Kobo", version="1.0")
    user = old.get_model("accounts", "User").objects.create(username="kobo_t")
    form = old.get_model("assessments", "KoboForm").objects.create(
        framework=framework, asset_uid="aBcD1234eFgH5678", title="Évaluation Oujda"
    )
    old.get_model("assessments", "KoboImport").objects.create(
        source="api",
        status="imported",
        kobo_form=form,
        framework=framework,
        created_by=user,
        submissions=[{"_uuid": "u-1"}],
        created_count=1,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps

    kept = new.get_model("kobo", "KoboImport").objects.get()
    assert kept.kobo_form.asset_uid == "aBcD1234eFgH5678"
    assert kept.submissions == [{"_uuid": "u-1"}] and kept.created_by.username == "kobo_t"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_fetch_queued_under_the_old_module_runs_after_the_upgrade():
    executor = MigrationExecutor(connection)
    executor.migrate([("kobo", "0001_initial")])
    old = applied_state()
    results = old.get_model("django_tasks_database", "DBTaskResult").objects
    common = {
        "args_kwargs": {"args": [7], "kwargs": {}},
        "backend_name": "default",
        "run_after": timezone.now(),
        "exception_class_path": "",
        "traceback": "",
    }
    queued = results.create(
        task_path="assessments.kobo_tasks.fetch_kobo_submissions", status="READY", **common
    )
    done = results.create(
        task_path="assessments.kobo_tasks.fetch_kobo_submissions", status="SUCCESSFUL", **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    queued.refresh_from_db()
    done.refresh_from_db()
    assert import_string(queued.task_path) is fetch_kobo_submissions
    assert done.task_path == "assessments.kobo_tasks.fetch_kobo_submissions"
