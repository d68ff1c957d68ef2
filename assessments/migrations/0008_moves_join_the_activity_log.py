"""Assessments' status moves join the one log of moves (activity.StatusChange), rows kept."""

from django.db import migrations


def copy_moves(apps, schema_editor):
    """Every row of the old AssessmentTransition becomes a StatusChange of its assessment.

    Only this migration's models are read, so replaying it later gives the same rows.
    """
    Old = apps.get_model("assessments", "AssessmentTransition")
    if not Old.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("activity", "StatusChange")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="assessments", model="assessment"
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            content_type=content_type,
            object_id=row.assessment_id,
            from_status=row.from_status,
            to_status=row.to_status,
            by_id=row.by_id,
            at=row.at,
            reason=row.comment,
        )
        for row in Old.objects.order_by("at", "pk").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_history"),
        ("activity", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            copy_moves,
            migrations.RunPython.noop,
        ),
        migrations.DeleteModel(name="AssessmentTransition"),
    ]
