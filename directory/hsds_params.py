"""What a client of the HSDS API may ask, checked: pages, ids, dates; and the ids' index.

Each check raises `ApiError` with the status and the message the client gets (400 for input
that cannot be right, 404 for what is not published or past the last page), so that the views
in `directory.hsds_api` never answer a 500 for bad input.
"""

import datetime
import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from . import hsds
from .hsds_stream import dumps

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class ApiError(Exception):
    """A refusal with its HTTP status and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


# --- Parameters ------------------------------------------------------------------------------


def positive_integer(request, name: str, default: int) -> int:
    text = request.GET.get(name)
    if text in (None, ""):
        return default
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ApiError(400, _("%(name)s must be a whole number from 1.") % {"name": name})
    return int(text)


@dataclass(frozen=True)
class Paging:
    """The page asked for with `page` (from 1) and `per_page` (1 to MAX_PER_PAGE)."""

    number: int
    size: int

    @classmethod
    def of(cls, request) -> "Paging":
        number = positive_integer(request, "page", 1)
        size = positive_integer(request, "per_page", DEFAULT_PER_PAGE)
        if size > MAX_PER_PAGE:
            raise ApiError(
                400, _("per_page may be at most %(maximum)d.") % {"maximum": MAX_PER_PAGE}
            )
        return cls(number, size)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def window(self, total: int) -> slice:
        """The rows of this page; a page after the last one (other than page 1) is a 404."""
        if self.number > 1 and self.offset >= total:
            raise ApiError(
                404,
                _("There is no page %(page)d: the last page is %(last)d.")
                % {"page": self.number, "last": max(1, math.ceil(total / self.size))},
            )
        return slice(self.offset, self.offset + self.size)

    def page_text(self, total: int, contents: list[str]) -> str:
        """`page` as JSON text, around contents that are JSON texts already (escaped)."""
        page = self.page(total, [])
        page["size"] = len(contents)
        return dumps(page).removesuffix("[]}") + "[" + ", ".join(contents) + "]}"

    def page(self, total: int, contents: list) -> dict:
        """HSDS's Page object around `contents`."""
        pages = math.ceil(total / self.size)
        return {
            "total_items": total,
            "total_pages": pages,
            "page_number": self.number,
            "size": len(contents),
            "first_page": self.number == 1,
            "last_page": self.number >= pages,
            "empty": total == 0,
            "contents": contents,
        }


def parse_uuid(value: str, name: str = "id") -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ApiError(400, _("%(name)s must be a UUID.") % {"name": name}) from None


def not_found() -> ApiError:
    return ApiError(404, _("Nothing published has this id."))


def modified_after(request) -> datetime.datetime | None:
    text = request.GET.get("modified_after")
    if not text:
        return None
    try:
        moment = parse_datetime(text)
        day = parse_date(text) if moment is None else None
    except ValueError:  # well formed but impossible: 2026-13-45
        moment = day = None
    if moment is None:
        if day is None:
            raise ApiError(400, _("modified_after must be a date or a date and time (ISO 8601)."))
        moment = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# --- Ids -------------------------------------------------------------------------------------


class IdIndex:
    """Which Manara keys an HSDS id stands for: ids are uuid5 hashes of the keys (`hsds_id`), so
    they cannot be read back; the index remembers every id it has computed, in this process.

    A miss reads the keys of what is published now (one query of numbers) and computes the ids
    of the keys it has not seen; a key's id never changes, so nothing needs forgetting (whether
    the object is still published is checked by the query that reads it).
    """

    def __init__(self, kinds: tuple[str, ...], load: Callable[[], Iterable[tuple]]):
        self.kinds, self.load = kinds, load
        self.seen: set[tuple] = set()
        self.ids: dict[str, tuple] = {}

    def keys(self, kind: str, hsds_id: str) -> tuple | None:
        found = self.ids.get(hsds_id)
        if found is None:
            for keys in self.load():
                if keys not in self.seen:
                    for each_kind in self.kinds:
                        self.ids[hsds.hsds_id(each_kind, *keys)] = (each_kind, keys)
                    self.seen.add(keys)
            found = self.ids.get(hsds_id)
        if found is None or found[0] != kind:
            return None
        return found[1]
