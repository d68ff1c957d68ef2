"""The names and phones already stored in clear are encrypted with the newest key; back: decrypted.

A frozen copy of what common/encryption.py does (Fernet with FIELD_ENCRYPTION_KEYS, newest first,
empty kept empty), working on the stored text itself: the columns are read through a cast and
written as plain text, so the live field neither decrypts nor encrypts a second time.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Cast

FIELDS = ("full_name", "phone")


def _cipher() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])


def _decrypted(cipher: MultiFernet, text: str) -> str | None:
    try:
        return cipher.decrypt(text.encode()).decode()
    except InvalidToken:
        return None


def _rewrite(apps, change) -> None:
    """Store change(text) in place of every non-empty name and phone that change alters."""
    Case = apps.get_model("referrals", "Case")
    stored = Case.objects.annotate(
        **{f"stored_{name}": Cast(name, models.TextField()) for name in FIELDS}
    ).values_list("pk", *(f"stored_{name}" for name in FIELDS))
    for pk, *texts in stored.iterator(chunk_size=500):
        values = {}
        for name, text in zip(FIELDS, texts, strict=True):
            new = change(text) if text else text
            if new != text:
                values[name] = models.Value(new, output_field=models.TextField())
        if values:
            Case.objects.filter(pk=pk).update(**values)


def encrypt_identities(apps, schema_editor):
    cipher = _cipher()

    def encrypted(text: str) -> str:
        # Already a token of these keys (a migration run again): left as it is.
        if _decrypted(cipher, text) is not None:
            return text
        return cipher.encrypt(text.encode()).decode()

    _rewrite(apps, encrypted)


def decrypt_identities(apps, schema_editor):
    cipher = _cipher()
    _rewrite(apps, lambda text: _decrypted(cipher, text) or text)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0011_case_identity_encrypted"),
    ]

    operations = [
        migrations.RunPython(encrypt_identities, decrypt_identities, elidable=False),
    ]
