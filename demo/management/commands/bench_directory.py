"""`manage.py bench_directory`: what the public pages weigh and cost, on the current database.

For the directory (French and Arabic, with and without a filter), a facility page, the help page,
the map's points and the HSDS feed, it prints the first-load weight (compressed as served, fonts
included, map tiles excluded; see `directory.weight`), the number of queries, the server time of
a first request with an empty cache and the median of ten more. It reads only: run it after
`seed_demo --facilities 10000` for the figures of the README. The last line reads
`directory: <KB> KB max first load, <ms> ms list`.
"""

import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.weight import page_weight
from facilities.models import Facility

RUNS = 11


class Command(BaseCommand):
    help = "Print the weight, the queries and the server time of the public directory's pages."

    def handle(self, *args, **options):
        facility = Facility.objects.published().order_by("pk").first()
        if facility is None:
            raise CommandError("No published facility: run `manage.py seed_demo` first.")
        count = Facility.objects.published().count()
        self.stdout.write(f"Published, open facilities: {count}")
        client = Client(HTTP_HOST="localhost")
        pages = [
            ("/fr/directory/", True),
            ("/ar/directory/", True),
            ("/ar/directory/?group=women&q=Oujda", True),
            (reverse("directory:facility", args=[facility.slug]).replace("/fr/", "/ar/"), True),
            ("/fr/help/", True),
            ("/fr/directory/map.json", False),
            ("/api/directory/hsds/", False),
        ]
        heaviest, list_ms = 0, 0.0
        self.stdout.write(
            f"{'page':52} {'first load':>11} {'queries':>8} {'uncached':>10} {'median':>9}"
        )
        for address, is_page in pages:
            cache.clear()
            timings = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(address, HTTP_ACCEPT_ENCODING="gzip")
                    timings.append((time.perf_counter() - started) * 1000)
                # Read now: every request empties the connection's query log when it starts.
                query_count = len(queries.captured_queries)
                if response.status_code != 200:
                    raise CommandError(f"{address} answered {response.status_code}")
            # The first request fills Django's cache (the HSDS document); the median is what
            # the next visitors get.
            first, median = timings[0], statistics.median(timings[1:])
            if is_page:
                weight = page_weight(address, client).total
                heaviest = max(heaviest, weight)
                size = f"{weight / 1024:.1f} KB"
            else:
                size = f"{len(response.content) / 1024:.0f} KB gz"  # JSON: the whole answer
            if address == "/fr/directory/":
                list_ms = median
            self.stdout.write(
                f"{address[:52]:52} {size:>11} {query_count:>8} {first:>7.1f} ms {median:>6.1f} ms"
            )
        self.stdout.write(
            f"directory: {heaviest / 1024:.1f} KB max first load, {list_ms:.1f} ms list"
        )
