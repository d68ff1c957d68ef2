"""`manage.py bench_prioritisation` (`make bench`): the prioritisation ranking and the needs
planner, each next to its own bare SQL.

It tops the database up to N facilities, each with a validated assessment (synthetic ones, as
`seed_demo --facilities N` makes), and to M open needs (the assessments bring one to three each;
the rest are entered directly, some of them immediate on a critical criterion), then measures as
IOM staff, with `demo.benchmarking.measure_page`: the ranking, its second page, the open needs
list, and the needs planner with a budget of a quarter of what the open needs cost (so that both
of its tables are long): the number of queries, the HTML size, the first and the median server
time, the time of the same SQL run bare and the ratio of the two. Everything happens in a
transaction that is rolled back: the database is left as it was. The last line reads
`prioritisation: page <ms> ms, sql <ms> ms, ratio <x>, queries <n>` (the ranking's first page).
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse

from accounts.models import User
from assessments.models import Answer, Assessment, Criterion, Need
from demo.benchmarking import analyze, bench_user, measure_page, write_table
from demo.clients import page_conditions, signed_in_client
from demo.facilities import seed_organisations
from demo.synthetic_assessments import (
    NEED_TEMPLATES,
    create_synthetic_assessments,
    synthetic_need,
)
from demo.synthetic_facilities import create_synthetic_facilities
from facilities.models import Facility


class Command(BaseCommand):
    """Benchmark the prioritisation and needs pages against their own SQL, rolled back."""

    help = (
        "Print the queries, HTML size, server times and ratio to their bare SQL of the "
        "prioritisation ranking and of the needs planner, at N facilities with validated "
        "assessments and M open needs (rolled back)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--facilities", type=int, default=10000, metavar="N")
        parser.add_argument("--needs", type=int, default=20000, metavar="M")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, facilities, needs, repeat, **options):
        if facilities < 1 or repeat < 1 or needs < 0:
            raise CommandError("--facilities and --repeat must be at least 1, --needs 0 or more.")
        with page_conditions(), transaction.atomic():
            try:
                ranked = self.top_up(facilities)
                open_needs = self.top_up_needs(needs)
                budget = self.budget()
                client = signed_in_client(self.person())
                measurements = [
                    measure_page(client, "IOM staff", page, address, repeat)
                    for page, address in self.pages(budget)
                ]
            finally:
                transaction.set_rollback(True)
        ranking = measurements[0]
        if ranking.status != 200:
            raise CommandError(f"The prioritisation page answered {ranking.status}, not 200.")
        self.stdout.write(
            f"{ranked} facilities with a validated assessment, {open_needs} open needs, planner "
            f"budget {budget} MAD; {connection.vendor}, first request then median of {repeat}. "
            "The database is unchanged (rolled back).\n"
        )
        write_table(self.stdout, self.style, measurements)
        self.stdout.write(
            f"\nprioritisation: page {ranking.median_ms:.1f} ms, sql {ranking.sql_ms:.1f} ms, "
            f"ratio {ranking.ratio:.1f}, queries {ranking.queries}"
        )

    def top_up(self, size: int) -> int:
        """Add synthetic facilities and assessments until `size` facilities are ranked."""
        seed_organisations()
        missing = size - Facility.objects.count()
        if missing > 0:
            self.stderr.write(f"Adding {missing} synthetic facilities…")
            create_synthetic_facilities(missing)
        unranked = list(
            Facility.objects.exclude(assessments__is_latest_validated=True).values_list(
                "pk", flat=True
            )
        )
        if unranked:
            self.stderr.write(f"Adding {len(unranked)} validated assessments…")
            create_synthetic_assessments(unranked, seed=size)
        analyze(Facility, Assessment, Answer, Need)
        return Assessment.objects.latest_validated().count()

    def top_up_needs(self, size: int) -> int:
        """Enter open needs directly at random facilities until `size` are open; one in twenty
        is immediate on a critical criterion, the needs the planner funds first."""
        missing = size - Need.objects.open().count()
        if missing > 0:
            self.stderr.write(f"Adding {missing} open needs…")
            rng = random.Random(size)  # noqa: S311 (benchmark data, not security)
            facility_ids = list(Facility.objects.values_list("pk", flat=True))
            critical = list(Criterion.objects.filter(is_critical=True).values_list("pk", flat=True))
            rows = []
            for number in range(missing):
                template = rng.choice(NEED_TEMPLATES)
                need = synthetic_need(rng, template, rng.choice(facility_ids))
                if critical and number % 20 == 0:
                    need.criterion_id = rng.choice(critical)
                    need.urgency = "immediate"
                rows.append(need)
            Need.objects.bulk_create(rows, batch_size=5000)
            analyze(Need)
        return Need.objects.open().count()

    def budget(self) -> int:
        """A quarter of what the open needs cost, in whole dirhams."""
        total = Need.objects.open().aggregate(total=Sum("total_cost"))["total"] or 0
        return max(int(total) // 4, 1)

    def person(self) -> User:
        return bench_user(User.Role.IOM_STAFF)

    def pages(self, budget: int) -> list[tuple[str, str]]:
        ranking = reverse("assessments:prioritisation")
        needs = reverse("assessments:need_list")
        return [
            ("prioritisation", ranking),
            ("prioritisation page 2", f"{ranking}?page=2"),
            ("needs list", needs),
            ("needs planner", f"{needs}?budget={budget}"),
            ("needs planner page 3", f"{needs}?budget={budget}&funded_page=3&unfunded_page=3"),
        ]
