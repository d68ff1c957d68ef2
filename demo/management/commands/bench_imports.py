"""`manage.py bench_imports` (`make bench`): spreadsheet imports and exports against their floor.

Inside one transaction that is rolled back at the end (the database is left as it was):

- N synthetic facilities are exported to a spreadsheet, then imported back through
  `FacilityResource` (preview, i.e. dry run, then the real import) as N new facilities, as N
  updates of existing ones (every row changes a column and a relation: capacity and services),
  and as the unchanged file (nothing to write); and through the back office (upload and preview,
  then confirmation).
  Each is set against `bulk_create` of the same rows with their many-to-many rows and one history
  record each (run twice, the faster run counts): seconds, queries per row and the ratio, by the
  clock and by this process's CPU time (which other work on the machine sways less).
- E rows are written through `common.exports.spreadsheet_response` (CSV and XLSX, streamed) and,
  for comparison, the way it was done before (the whole file built in memory): seconds and peak
  Python memory (tracemalloc, in a second run so that tracing does not slow the timed one). The
  back office's export of the N facilities is measured the same way.
"""

import io
import re
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from common.exports import spreadsheet_response
from demo.benchmarking import analyze, size_text
from demo.clients import page_conditions, signed_in_client
from demo.synthetic_facilities import create_synthetic_facilities
from facilities.models import Facility
from facilities.resources import FacilityResource


class Rollback(Exception):
    """Raised to leave the benchmark's transaction without keeping anything."""


@dataclass(frozen=True)
class Timing:
    """One measured operation."""

    label: str
    seconds: float
    queries: int
    rows: int
    # This process's CPU time: less swayed than the clock by other work on the machine.
    cpu_seconds: float = 0.0


def timed(label: str, rows: int, action: Callable) -> tuple[Timing, object]:
    """Run `action` once, counting its queries."""
    with CaptureQueriesContext(connection) as captured:
        started, cpu_started = time.perf_counter(), time.process_time()
        outcome = action()
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    return Timing(label, seconds, len(captured.captured_queries), rows, cpu_seconds), outcome


def drain(response) -> int:
    """Read a response to the end, as the server would send it; its size in bytes."""
    if getattr(response, "streaming", False):
        # Not response.close(): outside the test client it signals the end of a request, which
        # closes the database connection, and the benchmark's transaction with it.
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def peak_memory(action: Callable) -> int:
    """The peak of Python memory allocated while `action` runs, in bytes."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def export_rows(count: int):
    """`count` rows like a facility export's: text in French and Arabic, numbers, a formula."""
    for number in range(count):
        yield [
            f"F02-{number:05d}",
            f"Centre d'accueil {number}",
            "مركز الاستقبال",
            "=HYPERLINK(1)" if number % 1000 == 0 else "shelter",
            Decimal("34.681000"),
            Decimal("-1.908000"),
            number % 150,
            "health;shelter",
            "ar;fr",
            "Lundi au vendredi, 9h-17h",
            None,
        ]


def changed_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of an exported file in which every row changes its capacity and its services."""
    changed = tablib.Dataset(headers=dataset.headers)
    capacity = dataset.headers.index("capacity")
    services = dataset.headers.index("services")
    for index, values in enumerate(dataset):
        values = list(values)
        if index:  # the first row is the HXL row
            values[capacity] = int(values[capacity] or 0) + 1
            values[services] = "health" if values[services] == "legal_aid" else "legal_aid"
        changed.append(values)
    return changed


EXPORT_HEADERS = [
    "code",
    "name",
    "name_ar",
    "kind",
    "latitude",
    "longitude",
    "capacity",
    "services",
    "languages",
    "opening_hours_fr",
    "email",
]
EXPORT_TAGS = ["#loc+code", "#loc+name", "#loc+name+i_ar", "#loc+type", "#geo+lat", "#geo+lon"]
EXPORT_TAGS += [""] * (len(EXPORT_HEADERS) - len(EXPORT_TAGS))


def in_memory_xlsx(rows) -> int:
    """The XLSX as it was written before: a whole workbook in memory, then its bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(EXPORT_HEADERS)
    sheet.append(EXPORT_TAGS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return len(buffer.getvalue())


class Command(BaseCommand):
    """Benchmark the facility import against bulk_create, and the streamed exports."""

    help = (
        "Time the facility import (preview and real, new rows and updates, resource and back "
        "office) against bulk_create of the same rows, and the streamed CSV/XLSX exports with "
        "their peak memory. Leaves the database unchanged (rolled back)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10000, help="Facilities imported.")
        parser.add_argument(
            "--export-rows", type=int, default=50000, help="Rows written by each export."
        )
        parser.add_argument(
            "--skip-admin", action="store_true", help="Leave out the back-office requests."
        )

    def handle(self, *args, rows, export_rows, skip_admin, **options):
        if rows < 1 or export_rows < 1:
            raise CommandError("--rows and --export-rows must be at least 1.")
        self.stdout.write(f"Database: {connection.vendor}; {rows} facilities, {export_rows} rows")
        try:
            with transaction.atomic():
                self.imports(rows, skip_admin)
                self.exports(export_rows)
                raise Rollback
        except Rollback:
            pass

    # Imports

    def imports(self, rows: int, skip_admin: bool) -> None:
        before = transaction.savepoint()
        codes = create_synthetic_facilities(rows)
        analyze(Facility)
        existing = Facility.objects.filter(code__in=codes).with_related()
        dataset = FacilityResource().export(existing)
        models = list(existing)
        relations = {
            facility.code: (list(facility.services.all()), list(facility.target_groups.all()))
            for facility in models
        }
        results = []
        # N updates of the existing facilities, then the same file unchanged.
        results += self.resource_imports("changed", changed_rows(dataset), rows)
        results += self.resource_imports("unchanged", dataset, rows)
        if not skip_admin:
            admin_export = self.admin_export(rows)
        transaction.savepoint_rollback(before)

        # N new facilities: the same rows without their codes (made on import).
        code_at = dataset.headers.index("code")
        new_dataset = tablib.Dataset(headers=dataset.headers)
        for index, values in enumerate(dataset):
            values = list(values)
            if index:  # the first row is the HXL row
                values[code_at] = ""
            new_dataset.append(values)

        # The floor before and after the new rows: the faster run is the one compared with, so
        # that a load spike on the machine cannot flatter the ratios.
        floors = [self.floor(models, relations)]
        results += self.resource_imports("new", new_dataset, rows)
        if not skip_admin:
            results += self.admin_imports(new_dataset, rows)
        floors.append(self.floor(models, relations))
        floor = min(floors, key=lambda timing: timing.seconds)
        floor_cpu = min(timing.cpu_seconds for timing in floors)

        self.stdout.write("")
        self.stdout.write(
            f"{'facility import':<34} {'rows':>6} {'seconds':>8} {'queries':>8} "
            f"{'per row':>8} {'x bulk_create':>13} {'cpu s':>7} {'cpu x':>6}"
        )
        self.stdout.write(
            "(floor: the faster of "
            + " and ".join(f"{timing.seconds:.2f}" for timing in floors)
            + " s)"
        )
        for timing in [floor, *results]:
            self.stdout.write(
                f"{timing.label:<34} {timing.rows:>6} {timing.seconds:>8.2f} {timing.queries:>8} "
                f"{timing.queries / timing.rows:>8.2f} {timing.seconds / floor.seconds:>13.1f} "
                f"{timing.cpu_seconds:>7.2f} {timing.cpu_seconds / floor_cpu:>6.1f}"
            )
        if not skip_admin:
            self.stdout.write("")
            self.write_exports([admin_export])

    def floor(self, models: list[Facility], relations: dict) -> Timing:
        """bulk_create of the same facilities, their many-to-many rows and history records."""
        point = transaction.savepoint()
        for facility in models:
            facility.pk = None
            facility._state.adding = True
            facility._prefetched_objects_cache = {}

        def create():
            created = bulk_create_with_history(models, Facility, batch_size=1000)
            for name, index in (("services", 0), ("target_groups", 1)):
                field = Facility._meta.get_field(name)
                through = field.remote_field.through
                source = f"{field.m2m_field_name()}_id"
                target = f"{field.m2m_reverse_field_name()}_id"
                through.objects.bulk_create(
                    [
                        through(**{source: facility.pk, target: related.pk})
                        for facility in created
                        for related in relations[facility.code][index]
                    ],
                    batch_size=2000,
                )

        timing, _ = timed("bulk_create (+ history), floor", len(models), create)
        transaction.savepoint_rollback(point)
        return timing

    def resource_imports(self, kind: str, dataset, rows: int) -> list[Timing]:
        timings = []
        for label, dry_run in (("preview", True), ("import", False)):
            point = transaction.savepoint()
            timing, result = timed(
                f"resource {label}, {kind} rows",
                rows,
                lambda dry_run=dry_run: FacilityResource().import_data(dataset, dry_run=dry_run),
            )
            if result.has_errors() or result.has_validation_errors():
                raise CommandError(f"The {kind} import failed: {result.invalid_rows[:1]}")
            transaction.savepoint_rollback(point)
            timings.append(timing)
        return timings

    def admin_user(self) -> User:
        return User.objects.create_superuser(
            "bench_imports", "bench@example.org", None, role=User.Role.ADMIN
        )

    def admin_imports(self, dataset, rows: int) -> list[Timing]:
        """Upload and preview, then confirm, through the back office."""
        point = transaction.savepoint()
        content = dataset.export("csv").encode()
        with page_conditions():
            client = signed_in_client(self.admin_user())
            upload = SimpleUploadedFile("facilities.csv", content)
            preview_timing, preview = timed(
                "back office upload + preview, new",
                rows,
                lambda: client.post(
                    reverse("admin:facilities_facility_import"),
                    {"resource": "0", "format": "0", "import_file": upload},
                ),
            )
            page = preview.content.decode()
            if preview.status_code != 200 or "process_import" not in page:
                raise CommandError("The back-office preview did not offer a confirmation.")
            # The confirmation form's hidden fields, as the browser would send them back.
            confirm = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page))
            confirm_timing, response = timed(
                "back office confirm, new",
                rows,
                lambda: client.post(reverse("admin:facilities_facility_process_import"), confirm),
            )
        transaction.savepoint_rollback(point)
        if response.status_code != 302:
            raise CommandError("The back-office confirmation did not redirect.")
        return [preview_timing, confirm_timing]

    def admin_export(self, rows: int) -> tuple:
        """The back office's CSV export of the facilities, streamed."""
        point = transaction.savepoint()
        with page_conditions():
            client = signed_in_client(self.admin_user())
            resource_fields = {
                f"facilityresource_{name}": "on" for name in FacilityResource().get_export_order()
            }

            def export():
                response = client.post(
                    reverse("admin:facilities_facility_export"),
                    {"resource": "0", "format": "0", **resource_fields},
                )
                return drain(response)

            timing, size = timed("back office export, CSV", rows, export)
            peak = peak_memory(export)
        transaction.savepoint_rollback(point)
        return timing, size, peak

    # Exports

    def exports(self, rows: int) -> None:
        measured = []
        for file_format in ("csv", "xlsx"):

            def streamed(file_format=file_format):
                return drain(
                    spreadsheet_response(
                        "bench", file_format, EXPORT_HEADERS, EXPORT_TAGS, export_rows(rows)
                    )
                )

            timing, size = timed(f"spreadsheet_response, {file_format.upper()}", rows, streamed)
            measured.append((timing, size, peak_memory(streamed)))
        timing, size = timed(
            "before: XLSX built in memory", rows, lambda: in_memory_xlsx(export_rows(rows))
        )
        measured.append((timing, size, peak_memory(lambda: in_memory_xlsx(export_rows(rows)))))
        self.stdout.write("")
        self.write_exports(measured)

    def write_exports(self, measured: list[tuple]) -> None:
        self.stdout.write(
            f"{'export':<34} {'rows':>6} {'seconds':>8} {'size':>9} {'peak memory':>12}"
        )
        for timing, size, peak in measured:
            self.stdout.write(
                f"{timing.label:<34} {timing.rows:>6} {timing.seconds:>8.2f} "
                f"{size_text(size):>9} {size_text(peak):>12}"
            )
