"""The one table of `common`: when a background worker last proved it runs tasks."""

from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """One row: the last time a worker ran the heartbeat task (common/tasks.py) and which one.

    In the database rather than the cache: every server reads the same database, and the time
    survives a restart of the cache. /readyz reads it (config/views.py).
    """

    beat_at = models.DateTimeField()
    ran_by = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.beat_at:%Y-%m-%d %H:%M:%S} ({self.ran_by})"

    @classmethod
    def record(cls, ran_by: str) -> None:
        """Write now as the last beat (the single row, made at the first beat)."""
        cls.objects.update_or_create(pk=1, defaults={"beat_at": timezone.now(), "ran_by": ran_by})

    @classmethod
    def last(cls):
        """When the last beat was, or None before the first."""
        return cls.objects.filter(pk=1).values_list("beat_at", flat=True).first()
