"""Referrals' timeline joins the one log of moves (activity.StatusChange), every event kept;
a referral now records who changed it last, like every other versioned record."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_moves(apps, schema_editor):
    """Every row of the old ReferralEvent becomes a StatusChange of its referral.

    Only this migration's models are read, so replaying it later gives the same rows.
    """
    Old = apps.get_model("referrals", "ReferralEvent")
    if not Old.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    StatusChange = apps.get_model("activity", "StatusChange")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="referrals", model="referral"
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            content_type=content_type,
            object_id=row.referral_id,
            from_status=row.from_status,
            to_status=row.to_status,
            by_id=row.by_id,
            at=row.at,
            reason=row.note,
        )
        for row in Old.objects.order_by("at", "pk").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0007_stale_save_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("activity", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="referral",
            name="changed_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(
            copy_moves,
            migrations.RunPython.noop,
        ),
        migrations.DeleteModel(
            name="ReferralEvent",
        ),
    ]
