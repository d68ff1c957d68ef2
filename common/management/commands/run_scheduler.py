"""`manage.py run_scheduler`: the Procfile's `scheduler` process, which runs the periodic jobs.

The jobs and their times are in common/scheduler.py. `--list` shows them with their next run;
`--run-once NAME` (or `all`) runs jobs now and exits, failing if one failed. Without options it
runs until SIGTERM or SIGINT, then lets a running job finish.
"""

import signal

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common import scheduler


class Command(BaseCommand):
    help = "Run the periodic jobs (common/scheduler.py) on their schedule, or list or run them now."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_jobs",
            help="Print each job, its schedule and its next run.",
        )
        parser.add_argument(
            "--run-once",
            metavar="NAME",
            help="Run the job NAME now (or every job: all) and exit.",
        )

    def handle(self, *args, list_jobs, run_once, **options):
        if list_jobs:
            self.print_jobs()
        elif run_once:
            self.run_now(run_once)
        else:
            self.run_forever()

    def print_jobs(self):
        now = timezone.now()
        for job in scheduler.JOBS:
            next_run = job.trigger().get_next_fire_time(None, now)
            self.stdout.write(
                f"{job.name:<26} {job.when():<14} next {next_run:%Y-%m-%d %H:%M %Z}  "
                f"{job.description}"
            )

    def run_now(self, name: str):
        if name == "all":
            jobs = scheduler.JOBS
        else:
            try:
                jobs = [scheduler.job_named(name)]
            except KeyError:
                known = ", ".join(job.name for job in scheduler.JOBS)
                raise CommandError(f"No job {name!r}; the jobs are: {known}, all.") from None
        failed = []
        for job in jobs:
            outcome = scheduler.run_job(job)
            if not outcome.ran:
                self.stdout.write(f"{job.name}: skipped, already running elsewhere")
            elif outcome.ok:
                self.stdout.write(f"{job.name}: {outcome.output}")
            else:
                self.stdout.write(f"{job.name}: FAILED {outcome.output}")
                failed.append(job.name)
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}")

    def run_forever(self):
        clock = BlockingScheduler(
            timezone=settings.TIME_ZONE,
            # Several threads: a long open-data build does not hold up the minute's heartbeat.
            executors={"default": ThreadPoolExecutor(4)},
            # A run missed while the process was busy happens once, late, rather than never or
            # several times; the lock keeps it single across schedulers.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        )
        for job in scheduler.JOBS:
            clock.add_job(scheduler.run_job, job.trigger(), args=[job], id=job.name, name=job.name)

        def stop(signum, frame):
            scheduler.logger.info("%s: stopping", signal.strsignal(signum))
            clock.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        scheduler.logger.info("scheduler started with %d jobs", len(scheduler.JOBS))
        clock.start()
