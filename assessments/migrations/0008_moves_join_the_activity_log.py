"""Assessments' status moves join the one log of moves (activity.StatusChange), rows kept."""

from django.db import migrations

from common.migration_moves import copy_moves


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_history"),
        ("activity", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            copy_moves("assessments", "AssessmentTransition", "assessment", "comment"),
            migrations.RunPython.noop,
        ),
        migrations.DeleteModel(name="AssessmentTransition"),
    ]
