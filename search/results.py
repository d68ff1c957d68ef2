"""The staff search: the typed words looked for in every kind of record, a few results of each.

One query per kind, whatever the number of records: each fetches one row more than it shows, to
know whether there are more without counting them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .kinds import KINDS, Kind, Result
from .matching import matching

# Results shown per kind; the list of that kind shows the rest.
PER_KIND = 5


@dataclass(frozen=True)
class Group:
    """The results of one kind, whether there are more, and the list that shows them all."""

    kind: Kind
    results: list[Result]
    has_more: bool
    list_url: str | None


def find(user, query: str, per_kind: int = PER_KIND) -> list[Group]:
    """The kinds that hold records matching `query` among those `user` may open, in the order of
    `KINDS`, each with at most `per_kind` results."""
    groups = []
    for kind in KINDS:
        found = list(
            matching(
                kind.scope(user),
                query,
                text_fields=kind.text_fields,
                code_fields=kind.code_fields,
                ordering=kind.ordering,
            )[: per_kind + 1]
        )
        if not found:
            continue
        list_url = None
        if kind.list_url:
            list_url = f"{reverse(kind.list_url)}?{urlencode({'q': query})}"
        groups.append(
            Group(
                kind=kind,
                results=[kind.describe(record) for record in found[:per_kind]],
                has_more=len(found) > per_kind,
                list_url=list_url,
            )
        )
    return groups
