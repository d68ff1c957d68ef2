"""`manage.py bench_prioritisation`: server time of the prioritisation page next to its bare SQL.

It tops the database up to N facilities, each with a validated assessment (synthetic ones, as
`seed_demo --facilities N` makes), renders /fr/prioritisation/ as IOM staff through Django's test
client several times and takes the median; then it runs exactly the SQL statements of one render
directly on a cursor, fetching every row, and takes the median of that too. The ratio between the
two is what Django, the template and Python add to the database's work. Everything happens in a
transaction that is rolled back: the database is left as it was. The last line reads
`prioritisation: page <ms> ms, sql <ms> ms, ratio <x>, queries <n>`.
"""

import statistics
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from assessments.models import Answer, Assessment, Need
from demo.clients import page_conditions, signed_in_client
from demo.facilities import seed_organisations
from demo.synthetic_assessments import create_synthetic_assessments
from demo.synthetic_facilities import create_synthetic_facilities
from facilities.models import Facility


class Command(BaseCommand):
    """Benchmark the prioritisation page against its own SQL, in a rolled-back transaction."""

    help = (
        "Print the median server time of the prioritisation page, the median time of its bare "
        "SQL and their ratio, at N facilities with validated assessments (rolled back)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--facilities", type=int, default=10000, metavar="N")
        parser.add_argument("--repeat", type=int, default=7)

    def handle(self, *args, facilities, repeat, **options):
        if facilities < 1 or repeat < 1:
            raise CommandError("--facilities and --repeat must be at least 1.")
        with page_conditions(), transaction.atomic():
            try:
                ranked = self.top_up(facilities)
                page_ms, queries, status = self.time_page(repeat)
                sql_ms = self.time_sql(queries, repeat)
            finally:
                transaction.set_rollback(True)
        if status != 200:
            raise CommandError(f"The prioritisation page answered {status}, not 200.")
        self.stdout.write(
            f"{ranked} facilities with a validated assessment, {connection.vendor}, median of "
            f"{repeat} run(s) after a warm-up. The database is unchanged (rolled back)."
        )
        self.stdout.write(
            f"prioritisation: page {page_ms:.1f} ms, sql {sql_ms:.1f} ms, "
            f"ratio {page_ms / sql_ms if sql_ms else 0:.1f}, queries {len(queries)}"
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
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (Facility, Assessment, Answer, Need):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return Assessment.objects.latest_validated().count()

    def time_page(self, repeat: int):
        user = User(username=f"bench-{uuid.uuid4().hex[:12]}", role=User.Role.IOM_STAFF)
        user.set_unusable_password()
        user.save()
        client = signed_in_client(user)
        url = reverse("assessments:prioritisation")
        client.get(url, secure=True)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, secure=True)
                timings.append(time.perf_counter() - started)
        return 1000 * statistics.median(timings), captured.captured_queries, response.status_code

    def time_sql(self, queries: list[dict], repeat: int) -> float:
        """Run the page's statements as they were sent, fetching every row; median in ms."""
        statements = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
        timings = []
        with connection.cursor() as cursor:
            for _ in range(repeat + 1):
                started = time.perf_counter()
                for sql in statements:
                    # The logged SQL has its parameters inlined, as the database received them.
                    cursor.execute(sql)
                    cursor.fetchall()
                timings.append(time.perf_counter() - started)
        return 1000 * statistics.median(timings[1:])
