"""`manage.py bench_directory`: what the public pages weigh and cost, on the current database.

For the directory (French and Arabic, with and without a filter), a facility page, the help page,
the map's points and the HSDS feed, it prints each page's first-load weight (compressed as served,
fonts included, map tiles excluded; see `directory.weight`), then the columns of every `bench_*`
command (`demo.benchmarking`): size, queries, first and median server time, the same SQL run
bare and the ratio of the two. Each page is measured twice, as a visitor without a session gets
it: "no cache" with Django's cache turned off (every request renders), "cached" with the cache
(the first request renders and keeps the page; the next ones answer from it after the one query
of the published-data stamp). It reads only: run it after `seed_demo --facilities 10000` for the
figures of the README. The last line reads `directory: <KB> KB max first load, <ms> ms list`.
"""

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from demo.benchmarking import measure_page, write_table
from demo.clients import page_conditions
from directory.weight import page_weight
from facilities.models import Facility

REPEAT = 10
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


class Command(BaseCommand):
    help = "Print the weight, the queries and the server time of the public directory's pages."

    def handle(self, *args, **options):
        facility = Facility.objects.published().order_by("pk").first()
        if facility is None:
            raise CommandError("No published facility: run `manage.py seed_demo` first.")
        self.stdout.write(f"Published, open facilities: {Facility.objects.published().count()}")
        pages = [
            ("directory (fr)", "/fr/directory/", True),
            ("directory (ar)", "/ar/directory/", True),
            ("search (ar)", "/ar/directory/?group=women&q=Oujda", True),
            (
                "facility (ar)",
                reverse("directory:facility", args=[facility.slug]).replace("/fr/", "/ar/"),
                True,
            ),
            ("help (fr)", "/fr/help/", True),
            ("map points", "/fr/directory/map.json", False),
            ("HSDS document", "/api/directory/hsds/", False),
        ]
        heaviest = 0
        self.stdout.write("First load (compressed as served, fonts included):")
        with page_conditions():
            client = Client()
            for name, address, is_page in pages:
                if is_page:
                    weight = page_weight(address, client).total
                    heaviest = max(heaviest, weight)
                    self.stdout.write(f"  {name:<16} {address[:60]:<60} {weight / 1024:>7.1f} KB")
        measurements = []
        for person, caches in (("no cache", NO_CACHE), ("cached", None)):
            overrides = {"CACHES": caches} if caches else {}
            with page_conditions(**overrides):
                client = Client()
                for name, address, _is_page in pages:
                    cache.clear()
                    measurements.append(measure_page(client, person, name, address, REPEAT))
        write_table(self.stdout, self.style, measurements)
        list_ms = next(
            m.median_ms for m in measurements if m.person == "cached" and m.address == pages[0][1]
        )
        self.stdout.write(
            f"directory: {heaviest / 1024:.1f} KB max first load, {list_ms:.1f} ms list"
        )
