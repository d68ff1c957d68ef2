"""`manage.py bench_maps` (`make bench`): what the three maps' data weigh and cost.

The public directory's map, the staff facility map and the actor map answer for the box in view
and its zoom (common/maps.py). For each, it measures with `demo.benchmarking.measure_page` the
whole of Morocco far out (zoom 6, the server's groups), a city close up (zoom 15, the points),
and the two worst answers a client can ask for: a box of the whole world at the last grouped
zoom (the most cells) and all of Morocco at the first zoom of points (the cap on points). It
reads the current database only: run it after `seed_demo --facilities 10000` for the README's
figures. The last line reads `maps: <KB> KB largest answer`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from accounts.models import User
from common import maps
from demo.benchmarking import measure_page, write_table
from demo.clients import page_conditions, signed_in_client
from facilities.models import Facility

REPEAT = 10
MOROCCO = ",".join(str(edge) for edge in maps.MOROCCO_BBOX)
VIEWS = [
    ("Morocco z6", f"bbox={MOROCCO}&zoom=6"),
    ("Casablanca z15", "bbox=-7.65,33.56,-7.58,33.61&zoom=15"),
    (
        f"world z{maps.POINTS_FROM_ZOOM - 1}",
        f"bbox=-180,-90,180,90&zoom={maps.POINTS_FROM_ZOOM - 1}",
    ),
    (f"Morocco z{maps.POINTS_FROM_ZOOM}", f"bbox={MOROCCO}&zoom={maps.POINTS_FROM_ZOOM}"),
]
ENDPOINTS = [
    ("visitor", "directory", "/fr/directory/map.json"),
    ("iom", "facilities", "/fr/facilities/map/data.geojson"),
    ("iom", "actors", "/fr/actors/map/data.geojson"),
]


class Command(BaseCommand):
    help = "Print the size, queries, server time and ratio to their SQL of the maps' data."

    def handle(self, *args, **options):
        iom = User.objects.filter(role=User.Role.IOM_STAFF, is_active=True).order_by("pk").first()
        if iom is None:
            raise CommandError("No IOM staff account: run `manage.py seed_demo` with DEBUG on.")
        self.stdout.write(
            f"Facilities with coordinates: {Facility.objects.exclude(latitude=None).count()}"
        )
        measurements = []
        with page_conditions():
            clients = {"visitor": Client(), "iom": signed_in_client(iom)}
            for person, endpoint, address in ENDPOINTS:
                for view, query in VIEWS:
                    measurements.append(
                        measure_page(
                            clients[person],
                            person,
                            f"{endpoint} {view}",
                            f"{address}?{query}",
                            REPEAT,
                        )
                    )
        write_table(self.stdout, self.style, measurements)
        largest = max(m.size for m in measurements)
        self.stdout.write(f"maps: {largest / 1024:.1f} KB largest answer")
