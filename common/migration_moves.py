"""For data migrations: copy an old per-model log of status moves into activity.StatusChange.

Used by the migrations that retired AssessmentTransition and ReferralEvent. It reads the
migration's historical models only, so replaying it later gives the same rows.
"""


def copy_moves(app_label, old_model, moved_model, reason_field):
    """A RunPython function: every row of `old_model` becomes a StatusChange of `moved_model`."""

    def forwards(apps, schema_editor):
        Old = apps.get_model(app_label, old_model)
        if not Old.objects.exists():
            return
        ContentType = apps.get_model("contenttypes", "ContentType")
        StatusChange = apps.get_model("activity", "StatusChange")
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=moved_model
        )
        parent = Old._meta.get_field(moved_model).attname
        StatusChange.objects.bulk_create(
            StatusChange(
                content_type=content_type,
                object_id=getattr(row, parent),
                from_status=row.from_status,
                to_status=row.to_status,
                by_id=row.by_id,
                at=row.at,
                reason=getattr(row, reason_field),
            )
            for row in Old.objects.order_by("at", "pk").iterator()
        )

    return forwards
