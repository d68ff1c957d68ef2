"""Arabic number formats: Django's, with thousands grouped as in French (13 830 000), so that an
amount in dirhams reads the same on every page and in every PDF, whatever the language."""

from django.conf.locale.ar.formats import *  # noqa: F403

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "\u00a0"
