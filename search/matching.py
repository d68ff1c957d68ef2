"""How typed words find records: PostgreSQL's full-text search where the database is PostgreSQL,
plain `icontains` elsewhere (SQLite), with the same results for the words people type.

Every word must be found in one of a kind's text fields (names in French, Arabic and English,
titles); a code or a reference is found when it starts with what was typed. `icontains` and
`istartswith` escape `%` and `_`, so they match themselves and nothing else. On PostgreSQL the
words are also matched as prefixes of the words of those fields (`to_tsquery('simple', ...)`,
no stemming nor accents removed, as the names are in three languages), which ranks whole-word
matches first and finds "Al-Amal" for "al amal". A query holding anything but letters,
digits and the punctuation of names (`%`, `_`, `<`...) is matched literally only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet

# More words than this add nothing to a name search and only lengthen the query.
MAX_WORDS = 8
# Letters and digits of any script: what PostgreSQL's parser keeps as the words of a text.
_TOKEN = re.compile(r"[^\W_]+")
# What a typed name may hold besides letters and digits: spaces, hyphens, apostrophes, dots.
_PLAIN = re.compile(r"(?:[^\W_]|[\s\-'’.,])+")


def words_of(query: str) -> list[str]:
    """The words typed, as typed (punctuation kept: it must match literally)."""
    return query.split()[:MAX_WORDS]


def _every_word_in_some_field(words: Sequence[str], fields: Sequence[str]) -> Q | None:
    if not words or not fields:
        return None
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words),
    )


def _starts_with(query: str, fields: Sequence[str]) -> Q | None:
    if not fields:
        return None
    return reduce(or_, (Q(**{f"{field}__istartswith": query}) for field in fields))


def prefix_tsquery(query: str) -> str:
    """The words of `query` as a tsquery of prefixes, `amal:* & centre:*`; '' when it has none
    or holds other signs (a `%` typed is looked for as a `%`, not dropped as punctuation).

    Only letters and digits go in, so no tsquery operator or quote typed by someone can: nothing
    is escaped, and the string still travels as a query parameter.
    """
    if not _PLAIN.fullmatch(query):
        return ""
    tokens = _TOKEN.findall(query)[:MAX_WORDS]
    return " & ".join(f"{token}:*" for token in tokens)


def matching(
    queryset: QuerySet,
    query: str,
    text_fields: Sequence[str] = (),
    code_fields: Sequence[str] = (),
    ordering: Sequence[str] = ("pk",),
) -> QuerySet:
    """Rows of `queryset` whose text fields hold every word of `query`, or whose code fields
    start with it; best matches first (by full-text rank on PostgreSQL), then `ordering`."""
    query = query.strip()
    conditions = [
        condition
        for condition in (
            _every_word_in_some_field(words_of(query), text_fields),
            _starts_with(query, code_fields),
        )
        if condition is not None
    ]
    tsquery = prefix_tsquery(query) if text_fields else ""
    if connection.vendor == "postgresql" and tsquery:
        search = SearchQuery(tsquery, search_type="raw", config="simple")
        queryset = queryset.alias(
            search_vector=SearchVector(*text_fields, config="simple")
        ).annotate(search_rank=SearchRank(F("search_vector"), search))
        conditions.append(Q(search_vector=search))
        ordering = ("-search_rank", *ordering)
    if not conditions:
        return queryset.none()
    return queryset.filter(reduce(or_, conditions)).order_by(*ordering)
