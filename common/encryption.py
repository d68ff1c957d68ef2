"""Text encrypted at rest with the keys of FIELD_ENCRYPTION_KEYS (Fernet: AES-128 and HMAC).

The keys are Fernet keys, newest first: the first encrypts every value written, each of them
decrypts. Rotating is adding a new key in front, re-saving the values
(`manage.py rotate_identity_key` for cases) and only then removing the old key (README
"Personal data").

Why not django-fernet-encrypted-fields (locked as a dependency, 0.4.0): it derives its keys from
SECRET_KEY and SECRET_KEY_FALLBACKS, so rotating SECRET_KEY as Django documents (the old one
dropped from the fallbacks once sessions have expired) makes every value unreadable; and a value
it cannot decrypt is handed back as it is stored, ciphertext shown as a name and encrypted again
on the next save, instead of an error. Its form-cleaning flag also sits on the field shared by
every thread. A missing or wrong key must be a clear error, and the key must be a secret of its
own.

An empty value is stored empty: "has a name or a phone" stays a query on the column (the retention
command needs it), and the only comparison the field accepts is with "" or NULL. Anything else
(exact name, contains…) would compare with a ciphertext made with a fresh random IV and silently
match nothing, so it is refused.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull


class MalformedKey(ImproperlyConfigured):
    """FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key."""


class UndecryptableValue(ImproperlyConfigured):
    """None of the keys opens a stored value: the key that wrote it is missing or lost."""


def parse_keys(keys) -> list[Fernet]:
    """The Fernet keys of the setting, newest first; the message names a key by position only."""
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: no key to encrypt with.")
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            raise MalformedKey(
                f"FIELD_ENCRYPTION_KEYS: key {position} of {len(keys)} is not a Fernet key "
                "(32 bytes in URL-safe base64, as made by Fernet.generate_key())."
            ) from None
    return fernets


@functools.lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet(parse_keys(keys))


def cipher() -> MultiFernet:
    """The keys of the settings as they are now (tests and rotation change them)."""
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def _column(field) -> str:
    return f"{field.model._meta.db_table}.{field.column}"


class EmptyExact(Exact):
    """`field=""`, the only equality an encrypted column can answer."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(
                f"{_column(self.lhs.output_field)} is encrypted: it can only be compared with "
                "an empty value."
            )
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """A CharField stored encrypted in a text column; max_length bounds the clear text."""

    def get_internal_type(self):
        # The ciphertext is longer than the text; the form still checks max_length.
        return "TextField"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return cipher().encrypt(value.encode()).decode()

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return cipher().decrypt(value.encode()).decode()
        except InvalidToken:
            raise UndecryptableValue(
                f"A value of {_column(self)} cannot be decrypted with any key of "
                "FIELD_ENCRYPTION_KEYS: the key that encrypted it is missing from the setting, "
                "or was lost (README “Personal data”)."
            ) from None

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyExact
        if lookup_name == "isnull":
            return IsNull
        if super().get_lookup(lookup_name) is not None:
            raise FieldError(f"{_column(self)} is encrypted: “{lookup_name}” cannot search it.")
        return None
