"""Drop the referrals' own notifications table: its rows were copied into the one notifications
table by notifications 0002, which must run first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0013_caseloads_progress_notes"),
        ("notifications", "0002_copy_referral_notifications"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Notification",
        ),
    ]
