"""Kobo fetches queued before the Kobo code moved out of `assessments` run after the upgrade.

django-tasks' database queue stores each task by its import path; a fetch queued under the old
path (`assessments.kobo_tasks.…`) would fail once the new code is deployed. This points queued and
running ones at `kobo.tasks.…`; finished ones keep the path they ran under.
"""

from django.db import migrations

OLD = "assessments.kobo_tasks."
NEW = "kobo.tasks."


def follow_the_move(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    waiting = DBTaskResult.objects.filter(
        task_path__startswith=OLD, status__in=["READY", "RUNNING"]
    )
    for result in waiting:
        result.task_path = NEW + result.task_path.removeprefix(OLD)
        result.save(update_fields=["task_path"])


class Migration(migrations.Migration):
    dependencies = [
        ("kobo", "0001_initial"),
        ("django_tasks_database", "0015_correctly_order_run_after"),
    ]

    operations = [migrations.RunPython(follow_the_move, migrations.RunPython.noop)]
