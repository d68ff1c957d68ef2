"""Referrals' timeline joins the one log of moves (activity.StatusChange), every event kept;
a referral now records who changed it last, like every other versioned record."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.migration_moves import copy_moves


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0007_stale_save_versions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("activity", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='changed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='referral',
            name='changed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(
            copy_moves("referrals", "ReferralEvent", "referral", "note"),
            migrations.RunPython.noop,
        ),
        migrations.DeleteModel(
            name='ReferralEvent',
        ),
    ]
