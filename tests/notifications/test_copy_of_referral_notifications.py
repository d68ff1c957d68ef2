"""The referrals' old notifications are copied into the one table, read or not as they were, on a
database migrated from before; then the old table is dropped."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("notifications", "0001_initial"), ("referrals", "0013_caseloads_progress_notes")]
AFTER = [
    ("notifications", "0002_copy_referral_notifications"),
    ("referrals", "0014_drop_old_notifications"),
]


# serialized_rollback: the regions and frameworks of the data migrations are back for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_rows_are_copied_with_their_text_their_reading_and_a_path_without_prefix(
    partner_user, iom_user
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldNotification = old.get_model("referrals", "Notification")  # noqa: N806 (a model class)
    OldNotification.objects.create(
        user_id=partner_user.pk,
        text="الإحالة RET-2026-00001: مرسلة.",
        url="https://manara.test/ar/referrals/4/",
    )
    read = OldNotification.objects.create(
        user_id=iom_user.pk, text="Orientation RET-2: Acceptée.", url="/fr/referrals/5/"
    )
    OldNotification.objects.filter(pk=read.pk).update(read_at=read.created_at)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from notifications.models import Notification

    arabic = Notification.objects.get(recipient=partner_user)
    french = Notification.objects.get(recipient=iom_user)
    assert arabic.kind == "earlier" and arabic.read_at is None
    assert arabic.text_in("en") == "الإحالة RET-2026-00001: مرسلة."
    assert arabic.link_in("fr") == "/fr/referrals/4/"
    assert french.read_at is not None and french.url == "/referrals/5/"
    assert Notification.objects.filter(mailed_at__isnull=False).count() == 0
    assert "referrals_notification" not in connection.introspection.table_names()
