"""Arabic formats: Django's, with thousands grouped as in French (13 830 000), so that an amount
in dirhams reads the same on every page and in every PDF, whatever the language; and a date
with a time written like the date alone, day first (Django's Arabic locale has no date-and-time
format, so histories fell back to the month-first default)."""

from django.conf.locale.ar.formats import *  # noqa: F403
from django.conf.locale.ar.formats import DATE_FORMAT, SHORT_DATE_FORMAT

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "\u00a0"
# 24-hour clock as in French: "ص"/"م" after the time would be one more word to reorder.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = f"{DATE_FORMAT} {TIME_FORMAT}"
SHORT_DATETIME_FORMAT = f"{SHORT_DATE_FORMAT} {TIME_FORMAT}"
