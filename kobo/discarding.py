"""Imports never imported, deleted: by the person who made them, or by the scheduler once old.

An import left ready or failed keeps the submissions it read (personal data of the visits) and
the photos waiting for it under kobo/pending/<import id>/ for good. Discarding deletes the row;
photos.py's post_delete receiver deletes the photos. Each deletion locks the import's row and
checks its status again, as the import (importing.import_submissions) does, so an import and a
discard of the same row never both happen: whichever comes second finds it imported or gone.
A pull still fetching is never discarded (its task would write to a deleted row), nor an import
done (it is the record of what created the drafts).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import KoboImport


@dataclass(frozen=True)
class Discarded:
    """What was deleted, for the message or the command's output (the row is gone by then)."""

    pk: int
    status: str
    source: str
    origin: str
    created_by: str
    created_at: datetime.datetime

    def __str__(self) -> str:
        return (
            f"Kobo import {self.pk} ({self.status}, {self.source}: {self.origin or '-'}, "
            f"by {self.created_by}, created {self.created_at:%Y-%m-%d %H:%M %Z})"
        )


def discard(pk: int, created_before: datetime.datetime | None = None) -> Discarded | None:
    """Delete the import `pk` if it is still ready or failed (and created before
    `created_before`, when given); what was deleted, or None if it is imported, running, newer or
    gone."""
    with transaction.atomic():
        imports = KoboImport.objects.discardable().select_for_update().filter(pk=pk)
        if created_before is not None:
            imports = imports.filter(created_at__lt=created_before)
        # The row alone is locked: FOR UPDATE refuses the outer join to a nullable kobo_form.
        kobo_import = imports.first()
        if kobo_import is None:
            return None
        form = kobo_import.kobo_form
        discarded = Discarded(
            pk=kobo_import.pk,
            status=kobo_import.status,
            source=kobo_import.source,
            origin=kobo_import.filename or (str(form) if form else ""),
            created_by=kobo_import.created_by.username,
            created_at=kobo_import.created_at,
        )
        kobo_import.delete()
    return discarded


def prune(keep_days: int, now: datetime.datetime | None = None) -> list[Discarded]:
    """Delete the imports ready or failed that were created more than `keep_days` ago."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=keep_days)
    old = KoboImport.objects.discardable().filter(created_at__lt=cutoff).order_by("created_at")
    deleted = (discard(pk, created_before=cutoff) for pk in old.values_list("pk", flat=True))
    return [discarded for discarded in deleted if discarded is not None]
