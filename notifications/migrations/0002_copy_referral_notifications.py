"""Copy the referrals' notifications into the one notifications table, read or not as they were.

Their sentence was written once, in the recipient's language, so it is kept as written (kind
"earlier"); their link loses its host and language prefix and is shown under the reader's. The
old table of `referrals` is left in place, no longer written or read: its owner drops it.
"""

import re
from urllib.parse import urlsplit

from django.db import migrations

# Frozen copies: this migration must not follow later changes of the live code.
LANGUAGES = ("fr", "ar", "en")
PREFIX = re.compile(r"^/(fr|ar|en)(?=/)")


def path_of(url: str) -> str:
    parts = urlsplit(url or "")
    path = PREFIX.sub("", parts.path)
    return path + (f"?{parts.query}" if parts.query else "")


def copy_forward(apps, schema_editor):
    Old = apps.get_model("referrals", "Notification")
    New = apps.get_model("notifications", "Notification")
    New.objects.bulk_create(
        (
            New(
                recipient_id=old.user_id,
                kind="earlier",
                params={language: {"text": old.text} for language in LANGUAGES},
                url=path_of(old.url),
                created_at=old.created_at,
                read_at=old.read_at,
                delivery="in_app",
            )
            for old in Old.objects.order_by("pk").iterator(chunk_size=1000)
        ),
        batch_size=1000,
    )


def copy_backward(apps, schema_editor):
    apps.get_model("notifications", "Notification").objects.filter(kind="earlier").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("referrals", "0012_encrypt_existing_identities"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_backward)]
