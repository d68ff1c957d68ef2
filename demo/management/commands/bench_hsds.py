"""`manage.py bench_hsds`: the HSDS document's background build and the HSDS API, timed.

The build of the full document in one language runs in a child process (so that its peak memory
is its own): its time, the growth of the process's resident memory up to its peak, and the size
of the JSON and of its gzip file; the same for the document built whole in memory as the view
did before (`hsds_document` + `json_text` + gzip) for comparison. Both are compared with the
floor: reading the same rows with `.values()` (published facilities, their service categories
and target groups, the organisations) and `json.dumps` of them. The child builds into a
temporary media folder and rolls its database writes back.

Then each API address with `demo.benchmarking.measure_page`, with Django's cache turned off
("no cache": every request queries and serialises) and on ("cached"). It reads only: run it
after `seed_demo --facilities 10000` on PostgreSQL for the figures of the README.
"""

import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test import Client

from accounts.models import Organisation
from demo.benchmarking import measure_page, size_text, write_table
from demo.clients import page_conditions
from directory import hsds, hsds_build
from directory.api import json_text
from directory.freshness import published_stamp
from facilities.models import Facility, ServiceCategory

REPEAT = 10
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
SITE_URL = "https://manara.example/"


def resident_bytes() -> int:
    """The resident memory of this process now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_resident_bytes() -> int:
    """The peak resident memory of this program (Linux's VmHWM). Not `getrusage`'s `ru_maxrss`:
    a child started by `subprocess` inherits in it the resident memory of its parent at the
    fork, so it read the bench's own memory (+88 MB) as the build's."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise CommandError("No VmHWM in /proc/self/status: this measure needs Linux.")


def floor_seconds() -> tuple[float, int]:
    """Reading the document's rows with `.values()` and `json.dumps` of them: median of three."""
    timings, size = [], 0
    for _ in range(3):
        started = time.perf_counter()
        published = Facility.objects.published()
        rows = {
            "facilities": list(published.values()),
            "services": list(
                Facility.services.through.objects.filter(facility__in=published).values()
            ),
            "target_groups": list(
                Facility.target_groups.through.objects.filter(facility__in=published).values()
            ),
            "organisations": list(
                Organisation.objects.filter(managed_facilities__in=published).distinct().values()
            ),
        }
        size = len(json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), size


class Command(BaseCommand):
    help = "Time the HSDS document's background build (with its peak memory) and the HSDS API."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="fr", choices=hsds.LANGUAGES)
        parser.add_argument(
            "--child", choices=["build", "in-memory"], help="(internal) build once and report"
        )

    def handle(self, *args, language, child, **options):
        if child:
            self.stdout.write(json.dumps(self.child(child, language)))
            return
        count = Facility.objects.published().count()
        if not count:
            raise CommandError("No published facility: run `manage.py seed_demo` first.")
        self.stdout.write(f"Published, open facilities: {count}")
        floor, floor_size = floor_seconds()
        self.stdout.write(
            f"Floor (.values() of the same rows + json.dumps): {floor:.2f} s, "
            f"{size_text(floor_size)} JSON"
        )
        results = {kind: self.run_child(kind, language) for kind in ("in-memory", "build")}
        self.stdout.write(
            f"{'HSDS document (' + language + ')':<34} {'time':>8} {'x floor':>8} "
            f"{'memory +':>9} {'JSON':>9} {'gzip':>9}"
        )
        for kind, label in (
            ("in-memory", "built whole in memory (before)"),
            ("build", "streamed build (now)"),
        ):
            result = results[kind]
            self.stdout.write(
                f"{label:<34} {result['seconds']:>6.2f} s {result['seconds'] / floor:>8.1f} "
                f"{size_text(result['memory']):>9} {size_text(result['json']):>9} "
                f"{size_text(result['gzip']):>9}"
            )
        self.stdout.write(
            f"json.dumps of the document's dicts alone (no database, no records): "
            f"{results['in-memory']['dumps_seconds']:.2f} s"
        )
        measurements = self.measure_api()
        write_table(self.stdout, self.style, measurements)
        build = results["build"]
        worst = max(m.median_ms for m in measurements if m.person == "cached")
        worst_uncached = max(m.median_ms for m in measurements if m.person == "no cache")
        self.stdout.write(
            f"hsds: build {build['seconds']:.2f} s ({build['seconds'] / floor:.1f}x floor), "
            f"+{build['memory'] / 1024 / 1024:.0f} MB peak; API median max {worst:.1f} ms "
            f"cached, {worst_uncached:.1f} ms uncached"
        )

    def run_child(self, kind: str, language: str) -> dict:
        with tempfile.TemporaryDirectory(prefix="bench-hsds-") as media:
            # Our own interpreter and command, with fixed arguments.
            finished = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "bench_hsds",
                    "--child",
                    kind,
                    "--language",
                    language,
                ],
                cwd=settings.BASE_DIR,
                env={**os.environ, "MEDIA_ROOT": media},
                capture_output=True,
                text=True,
                check=False,
            )
        if finished.returncode:
            raise CommandError(f"The {kind} build failed:\n{finished.stderr[-2000:]}")
        return json.loads(finished.stdout.strip().splitlines()[-1])

    def child(self, kind: str, language: str) -> dict:
        """One build in this fresh process: time, memory growth to the peak, sizes."""
        published_stamp()  # connect and warm up before the baseline
        before = resident_bytes()
        started, dumps_seconds = time.perf_counter(), 0.0
        if kind == "in-memory":
            document = hsds.hsds_document(language, site_url=SITE_URL)
            dumping = time.perf_counter()
            text = json_text(document)
            dumps_seconds = time.perf_counter() - dumping
            body = gzip.compress(text.encode(), compresslevel=6)
            seconds = time.perf_counter() - started
            json_size, gzip_size = len(text.encode()), len(body)
        else:
            with transaction.atomic():
                build = hsds_build.build_one(language, published_stamp(), SITE_URL)
                seconds, gzip_size = time.perf_counter() - started, build.size
                from django.core.files.storage import default_storage

                with default_storage.open(build.file, "rb") as stored:
                    json_size = sum(len(chunk) for chunk in _chunks(gzip.GzipFile(fileobj=stored)))
                transaction.set_rollback(True)
        return {
            "seconds": seconds,
            "dumps_seconds": dumps_seconds,
            "memory": max(0, peak_resident_bytes() - before),
            "json": json_size,
            "gzip": gzip_size,
        }

    def measure_api(self) -> list:
        shelter = Facility.objects.published().order_by("pk").first()
        category = shelter.services.order_by("order").first()
        biggest = hsds.publishing_organisations().order_by("-places", "pk").first()
        food = hsds.term_id(ServiceCategory.objects.get(code="food"))
        pages = [
            ("index", "/api/hsds/"),
            ("services", "/api/hsds/services"),
            ("services p.20 ×200", "/api/hsds/services?per_page=200&page=20"),
            ("services search", "/api/hsds/services?search=Oujda&lang=ar"),
            ("services of a term", f"/api/hsds/services?taxonomy_term_id={food}"),
            ("service", f"/api/hsds/services/{hsds.hsds_id('service', shelter.pk, category.pk)}"),
            ("organizations", "/api/hsds/organizations"),
            (
                f"organization ({biggest.places} places)",
                f"/api/hsds/organizations/{hsds.hsds_id('organization', biggest.pk)}",
            ),
            ("service_at_locations", "/api/hsds/service_at_locations?lang=en"),
            (
                "service_at_location",
                "/api/hsds/service_at_locations/"
                + hsds.hsds_id("service_at_location", shelter.pk, category.pk),
            ),
            ("taxonomies", "/api/hsds/taxonomies"),
            ("taxonomy_terms", "/api/hsds/taxonomy_terms"),
            ("openapi.json", "/api/hsds/openapi.json"),
        ]
        measurements = []
        for person, caches in (("no cache", NO_CACHE), ("cached", None)):
            overrides = {"CACHES": caches} if caches else {}
            with page_conditions(**overrides):
                client = Client()
                for name, address in pages:
                    cache.clear()
                    measurements.append(measure_page(client, person, name, address, REPEAT))
        return measurements


def _chunks(stream: io.BufferedIOBase, size: int = 1 << 20):
    while chunk := stream.read(size):
        yield chunk
