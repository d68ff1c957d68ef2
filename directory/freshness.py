"""The one home of "has the published directory changed?": every cache of public data (the
directory's pages, the sitemap, the HSDS document and API) keys on `published_stamp()`, so an
edit of a published facility shows everywhere at once, without a signal to forget.

The stamp is one aggregate query (how many facilities are published and when the last one
changed); a facility leaving the directory lowers the count, one changing raises the date.

The help page holds no facility: it keys on `help_stamp()` instead, one query over the admin's
help sections and emergency numbers (a few dozen rows at most).
"""

import hashlib
from collections.abc import Callable

from django.db.models import CharField, Count, Max, Value
from django.db.models.functions import Cast

from facilities.models import Facility

from .models import EmergencyNumber, HelpSection


def published_stamp() -> str:
    """A short text that changes whenever a published facility is added, edited or removed."""
    stamp = Facility.objects.published().aggregate(count=Count("*"), last=Max("updated_at"))
    return f"{stamp['count']}-{stamp['last'].isoformat() if stamp['last'] else '0'}"


def help_stamp() -> str:
    """A short text that changes whenever a help section or an emergency number changes.

    A section says when it was last saved; a number has no such date, so its fields are read
    themselves (an edit of the digits keeps their length). One query: the union of both.
    """
    sections = _as_text(HelpSection, "section", ("pk", "updated_at", "order", "is_shown"))
    numbers = _as_text(EmergencyNumber, "number", NUMBER_FIELDS)
    rows = sorted("|".join(row) for row in sections.union(numbers, all=True))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


NUMBER_FIELDS = (
    *("pk", "number", "name_fr", "name_ar", "name_en"),
    *("when_fr", "when_ar", "when_en", "order", "is_shown"),
)


def _as_text(model, kind: str, fields: tuple[str, ...]):
    """Rows of `model` as texts, padded to the columns of a number, for `help_stamp`'s union."""
    columns = [Cast(field, CharField()) for field in fields]
    columns += [Value("", output_field=CharField())] * (len(NUMBER_FIELDS) - len(fields))
    return model.objects.order_by().values_list(Value(kind, output_field=CharField()), *columns)


def cache_key(prefix: str, *parts, stamp: Callable[[], str] = published_stamp) -> str:
    """A cache key for public data: `prefix` and a digest of the stamp and `parts`.

    `stamp` is what the data behind the key is: the published facilities unless said otherwise.
    """
    digest = hashlib.sha256("|".join(map(str, (stamp(), *parts))).encode()).hexdigest()
    return f"{prefix}:{digest}"
