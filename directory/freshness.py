"""The one home of "has the published directory changed?": every cache of public data (the
directory's pages, the sitemap, the HSDS document and API) keys on `published_stamp()`, so an
edit of a published facility shows everywhere at once, without a signal to forget.

The stamp is one aggregate query (how many facilities are published and when the last one
changed); a facility leaving the directory lowers the count, one changing raises the date.
"""

import hashlib

from django.db.models import Count, Max

from facilities.models import Facility


def published_stamp() -> str:
    """A short text that changes whenever a published facility is added, edited or removed."""
    stamp = Facility.objects.published().aggregate(count=Count("*"), last=Max("updated_at"))
    return f"{stamp['count']}-{stamp['last'].isoformat() if stamp['last'] else '0'}"


def cache_key(prefix: str, *parts) -> str:
    """A cache key for public data: `prefix` and a digest of the stamp and `parts`."""
    digest = hashlib.sha256("|".join(map(str, (published_stamp(), *parts))).encode()).hexdigest()
    return f"{prefix}:{digest}"
