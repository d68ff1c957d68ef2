"""`manage.py settle_interrupted_tasks`: settle the tasks whose worker died in the middle.

A running task with no progress for TASK_STALE_MINUTES is marked failed, and its object is
queued again or failed with a message for people (see common/interrupted.py). The scheduler runs
it every five minutes; it prints a line per settled task, or that there was none.
"""

from django.core.management.base import BaseCommand

from common import interrupted


class Command(BaseCommand):
    help = "Mark failed the running tasks whose worker stopped, and settle their objects."

    def handle(self, *args, **options):
        lines = interrupted.settle_interrupted()
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            f"{len(lines)} interrupted task(s) settled "
            f"(no progress for more than {interrupted.stale_minutes()} minutes)."
        )
