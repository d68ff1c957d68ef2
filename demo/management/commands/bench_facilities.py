"""`manage.py bench_facilities` (`make bench`): SQL queries and response times of facility pages.

For each data size it tops the database up with synthetic facilities and measures the staff pages
as an IOM staff member with `demo.benchmarking.measure_page`: the number of queries, the HTML size,
the first and the median server time, the time of the same SQL run bare and the ratio of the two
(the page column names the size); then it times `seed_demo --facilities N`. Everything happens in
one transaction that is rolled back at the end, so the database is left exactly as it was. DEBUG
is not needed.
"""

import argparse
import io
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import reverse

from accounts.models import User
from demo.benchmarking import Measurement, analyze, bench_user, measure_page, write_table
from demo.clients import page_conditions, signed_in_client
from demo.facilities import seed_organisations
from demo.synthetic_facilities import create_synthetic_facilities
from facilities.models import Facility, Region


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
        "Print the queries, HTML size, server times and ratio to their bare SQL of the facility "
        "list, filtered list, sorted list, map GeoJSON, detail page and assessment list at "
        "several data sizes, and the time of seed_demo --facilities N (rolled back)."
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
        user = bench_user(User.Role.IOM_STAFF, organisations["iom"])
        client = signed_in_client(user)
        oriental = Region.objects.get(code="02")
        measurements = []
        detail_pk = None
        for size in sizes:
            missing = size - Facility.objects.count()
            if missing > 0:
                self.stderr.write(f"Adding {missing} synthetic facilities…")
                create_synthetic_facilities(missing)
                analyze(Facility, Facility.services.through, Facility.target_groups.through)
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
                ("assessments", reverse("assessments:list")),
            ]
            for page, url in pages:
                measurements.append(
                    measure_page(client, "IOM staff", f"{total} {page}", url, repeat)
                )
        return measurements

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
        """One row per size and page (the page column starts with the number of facilities)."""
        self.stdout.write(
            f"Staff facility pages, signed in as IOM staff, {connection.vendor} "
            f"(first request then median of {repeat}):\n"
        )
        write_table(self.stdout, self.style, measurements)
