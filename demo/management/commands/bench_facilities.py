"""`manage.py bench_facilities` (`make bench`): SQL queries and response times of facility pages.

For each data size it tops the database up with synthetic facilities, requests the staff pages as
an IOM staff member through Django's test client and prints the number of queries and the median
time of each page, then times `seed_demo --facilities N`. Everything happens in one transaction
that is rolled back at the end, so the database is left exactly as it was. DEBUG is not needed.
"""

import argparse
import io
import statistics
import time
import uuid
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from demo.clients import page_conditions, signed_in_client
from demo.facilities import seed_organisations
from demo.synthetic_facilities import create_synthetic_facilities
from facilities.models import Facility, Region


@dataclass(frozen=True)
class Measurement:
    """What one page cost at one data size."""

    facilities: int
    page: str
    status: int
    queries: int
    median_ms: float
    kilobytes: float


def parse_sizes(value: str) -> list[int]:
    """Turn "100,1000,10000" into [100, 1000, 10000]; argparse reports anything else."""
    try:
        sizes = sorted({int(size) for size in value.split(",") if size.strip()})
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {value!r}") from error
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive numbers: {value!r}")
    return sizes


class Command(BaseCommand):
    """Benchmark the staff facility pages at several data sizes, in a rolled-back transaction."""

    help = (
        "Print SQL query counts and median response times of the facility list, filtered list, "
        "sorted list, map GeoJSON and detail page at several data sizes, and the time of "
        "seed_demo --facilities N. Leaves the database unchanged (rolled back)."
    )

    def add_arguments(self, parser):
        """Declare --sizes, --repeat and --seed-facilities."""
        parser.add_argument(
            "--sizes",
            type=parse_sizes,
            default="100,1000,10000",
            help="Comma-separated numbers of facilities to measure at (default 100,1000,10000).",
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=5,
            help="Timed requests per page and size, after one warm-up (default 5).",
        )
        parser.add_argument(
            "--seed-facilities",
            type=int,
            default=10000,
            metavar="N",
            help="Also time `seed_demo --facilities N` (default 10000; 0 skips it).",
        )

    def handle(self, *args, sizes, repeat, seed_facilities, **options):
        """Measure in a transaction that is always rolled back, then print the figures."""
        if repeat < 1 or seed_facilities < 0:
            raise CommandError("--repeat must be at least 1 and --seed-facilities 0 or more.")
        with page_conditions(), transaction.atomic():
            try:
                measurements = self.measure_pages(sizes, repeat)
                seed_report = self.time_seed_demo(seed_facilities) if seed_facilities else None
            finally:
                transaction.set_rollback(True)
        self.write_table(measurements, repeat)
        if seed_report:
            self.stdout.write(f"\n{seed_report}")
        self.stdout.write(
            "\nAll rows were written in a transaction that was rolled back: the database is "
            "unchanged."
        )

    def measure_pages(self, sizes: list[int], repeat: int) -> list[Measurement]:
        """Top the database up to each size and measure every page there."""
        organisations, _created = seed_organisations()
        user = User(
            username=f"bench-{uuid.uuid4().hex[:12]}",
            role=User.Role.IOM_STAFF,
            organisation=organisations["iom"],
        )
        user.set_unusable_password()
        user.save()
        client = signed_in_client(user)
        oriental = Region.objects.get(code="02")
        measurements = []
        detail_pk = None
        for size in sizes:
            missing = size - Facility.objects.count()
            if missing > 0:
                self.stderr.write(f"Adding {missing} synthetic facilities…")
                create_synthetic_facilities(missing)
                self.refresh_statistics()
            # The same facility at every size; the oldest one is a real one when there is any.
            detail_pk = detail_pk or Facility.objects.order_by("pk").values_list("pk", flat=True)[0]
            total = Facility.objects.count()
            list_url = reverse("facilities:list")
            pages = [
                ("list", list_url),
                ("filtered list", f"{list_url}?region={oriental.pk}&kind=shelter"),
                ("sorted by capacity", f"{list_url}?o=-capacity"),
                ("map GeoJSON", reverse("facilities:geojson")),
                ("detail", reverse("facilities:detail", args=[detail_pk])),
            ]
            for page, url in pages:
                measurements.append(self.measure(client, total, page, url, repeat))
        return measurements

    def measure(self, client: Client, total: int, page: str, url: str, repeat: int) -> Measurement:
        """Request `url` once to warm up, then `repeat` times, counting the queries of each."""
        client.get(url, secure=True)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, secure=True)
                timings.append(time.perf_counter() - started)
        return Measurement(
            facilities=total,
            page=page,
            status=response.status_code,
            queries=len(queries),
            median_ms=1000 * statistics.median(timings),
            kilobytes=len(response.content) / 1024,
        )

    def refresh_statistics(self):
        """Let PostgreSQL's planner see the new rows, as autovacuum would after a real import.

        ANALYZE is transactional there, so the statistics are rolled back with the rows.
        """
        if connection.vendor != "postgresql":
            return
        tables = [
            Facility._meta.db_table,
            Facility.services.through._meta.db_table,
            Facility.target_groups.through._meta.db_table,
        ]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    def time_seed_demo(self, count: int) -> str:
        """Run `seed_demo --facilities count` and say how long it took, in seconds."""
        output = io.StringIO()
        started = time.perf_counter()
        call_command("seed_demo", facilities=count, stdout=output, stderr=io.StringIO())
        elapsed = time.perf_counter() - started
        detail = next(
            (line for line in output.getvalue().splitlines() if line.startswith("Synthetic")), ""
        )
        return f"seed_demo --facilities {count}: {elapsed:.1f} s in all. {detail}"

    def write_table(self, measurements: list[Measurement], repeat: int):
        """Print one row per size and page."""
        self.stdout.write(
            f"Staff facility pages, signed in as IOM staff, {connection.vendor} "
            f"(median of {repeat} request(s) after a warm-up):\n"
        )
        header = f"{'facilities':>10}  {'page':<18}  {'status':>6}  {'queries':>7}  "
        header += f"{'median ms':>9}  {'KB':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for m in measurements:
            line = (
                f"{m.facilities:>10}  {m.page:<18}  {m.status:>6}  {m.queries:>7}  "
                f"{m.median_ms:>9.1f}  {m.kilobytes:>8.1f}"
            )
            self.stdout.write(line if m.status == 200 else self.style.ERROR(line))
