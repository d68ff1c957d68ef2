"""The referrals' old notifications are copied into the one table, read or not as they were."""

import importlib

import pytest
from django.apps import apps

from notifications.models import Notification
from referrals.models import Notification as OldNotification

pytestmark = pytest.mark.django_db

copy = importlib.import_module("notifications.migrations.0002_copy_referral_notifications")


def test_old_rows_are_copied_with_their_text_their_reading_and_a_path_without_prefix(
    partner_user, iom_user
):
    OldNotification.objects.create(
        user=partner_user,
        text="الإحالة RET-2026-00001: مرسلة.",
        url="https://manara.test/ar/referrals/4/",
    )
    read = OldNotification.objects.create(
        user=iom_user, text="Orientation RET-2: Acceptée.", url="/fr/referrals/5/"
    )
    OldNotification.objects.filter(pk=read.pk).update(read_at=read.created_at)

    copy.copy_forward(apps, None)

    arabic = Notification.objects.get(recipient=partner_user)
    french = Notification.objects.get(recipient=iom_user)
    assert arabic.kind == "earlier" and arabic.read_at is None
    assert arabic.text_in("en") == "الإحالة RET-2026-00001: مرسلة."
    assert arabic.link_in("fr") == "/fr/referrals/4/"
    assert french.read_at is not None and french.url == "/referrals/5/"
    assert Notification.objects.filter(mailed_at__isnull=False).count() == 0
