"""How figures read on every page and in every language.

Numbers, ranges, coordinates, phone numbers and percentages are isolated left to right, so that
a right-to-left page cannot reorder them: a minus sign stays in front of its number and a range
"2025–2029" does not read "2029–2025". Browsers and WeasyPrint both honour `<bdi dir="ltr">`.
A month is written like the language's short date without its day, so that "03/2026" and
"15/03/2026" read in the same order on the same page.
"""

import re

from django import template
from django.utils.formats import date_format, get_format, localize, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

register = template.Library()

# The day of a short date with the separator that follows it ("d/", "d‏/"), or before it ("/d").
DAY_IN_SHORT_DATE = re.compile(r"[dj][^a-zA-Z]*|[^a-zA-Z]*[dj]")


@register.filter
def ltr(value) -> SafeString | None:
    """The value, localised like `{{ value }}` and escaped, in a left-to-right isolate."""
    if value is None or value == "":
        return value
    if not isinstance(value, str):
        value = localize(template_localtime(value))
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def percent(value) -> SafeString | None:
    """A share out of 100 with its sign after it, isolated: 45 %."""
    if value is None or value == "":
        return value
    return ltr(f"{number_format(value)} %")


@register.filter
def bar_width(value) -> str:
    """The class that draws a bar `value` % wide (0 to 100, rounded; static/css/manara.css).

    A class rather than a style attribute: the Content-Security-Policy refuses inline styles.
    """
    try:
        share = round(float(value))
    except (TypeError, ValueError):
        share = 0
    return f"bar-width-{min(max(share, 0), 100)}"


@register.filter
def short_month(value) -> str:
    """A month as the active language writes its short dates, day left out: 03/2026."""
    if not value:
        return ""
    month_format = DAY_IN_SHORT_DATE.sub("", get_format("SHORT_DATE_FORMAT"), count=1)
    return date_format(value, month_format)
