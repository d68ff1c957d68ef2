"""`manage.py check` (and every start): the keys that encrypt cases' names and phones are usable."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from common.encryption import parse_keys


@register(Tags.security)
def identity_keys(app_configs=None, **kwargs):
    try:
        parse_keys(settings.FIELD_ENCRYPTION_KEYS)
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint=(
                    "Make a key with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())' (README “Personal data”)."
                ),
                id="referrals.E001",
            )
        ]
    return []
