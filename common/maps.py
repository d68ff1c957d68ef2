"""Map data that does not grow with the registry: the one home of `?bbox=&zoom=` and clustering.

Every map endpoint (the public directory, the staff facility map, the actor map) answers for
the part of the map a person sees: `?bbox=west,south,east,north&zoom=N`. Without `bbox` it
answers for the whole of Morocco at zoom 5.

Below `POINTS_FROM_ZOOM` the server clusters on a grid: the world is cut into square cells of
`360 / 2**zoom / CELLS_PER_TILE` degrees (about 64 pixels of a 256-pixel map tile), anchored at
0,0 so that a cell stays the same cell when the map is panned; one GROUP BY in SQL gives each
cell its count, mean position and extent. A cell holding one point is sent as that point; a
cell holding more, as a cluster feature (`"cluster": true`, its `count`, its `bounds`). If a
bounding box would hold more than `MAX_CELLS` cells (a huge box at a high zoom), the cells are
doubled until it does not, so an answer never holds more than `MAX_CELLS` features.

From `POINTS_FROM_ZOOM` on, the points themselves are sent, at most `MAX_POINTS` of them; the
answer says `"truncated": true` when some were left out. Places at the very same coordinates
(several services in one building, or a town's centre given for each) would hide one another
at any zoom: they come as one feature, `"colocated": true`, with their `count` and `members`
(each the properties its point would have had, in the order of their keys), so that the map
lists them all from one marker. The grouping is done on the points already read: it costs no
query, and the answer still holds at most `MAX_POINTS` places (`total` counts them).

Each endpoint keeps its own filters and permission scope (it hands a queryset to
`map_features`) and its own point properties (the `points` function it passes).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Avg, Count, FloatField, Max, Min, QuerySet
from django.db.models.functions import Cast, Floor
from django.http import JsonResponse
from django.utils.translation import gettext as _

CELLS_PER_TILE = 4
MAX_CELLS = 400
MAX_POINTS = 400
POINTS_FROM_ZOOM = 14
MAX_ZOOM = 20
# What a map shows before it says what it sees: the whole of Morocco, Western Sahara included.
MOROCCO_BBOX = (-17.3, 20.5, -0.9, 36.1)
MOROCCO_ZOOM = 5

PointFeatures = Callable[[QuerySet], list[dict]]


class MapRequestError(ValueError):
    """A `bbox` or `zoom` the map cannot answer for; its message says why, for a 400."""


@dataclass(frozen=True)
class MapView:
    """The part of the map a person sees: a bounding box in degrees and a zoom level."""

    west: float
    south: float
    east: float
    north: float
    zoom: int

    @property
    def clustered(self) -> bool:
        return self.zoom < POINTS_FROM_ZOOM

    def cell_size(self) -> float:
        """Degrees per grid cell at this zoom, doubled until the box holds `MAX_CELLS` cells."""
        size = 360 / 2**self.zoom / CELLS_PER_TILE
        while self.cell_count(size) > MAX_CELLS:
            size *= 2
        return size

    def cell_count(self, size: float) -> int:
        columns = math.floor(self.east / size) - math.floor(self.west / size) + 1
        rows = math.floor(self.north / size) - math.floor(self.south / size) + 1
        return columns * rows


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise MapRequestError(
            _("bbox: %(what)s is not a number: “%(text)s”.") % {"what": what, "text": text}
        )
    return value


def parse_view(query) -> MapView:
    """Read `bbox` and `zoom` from a query string; raise MapRequestError on anything odd."""
    zoom_text = query.get("zoom", "").strip()
    if zoom_text:
        zoom = int(zoom_text) if zoom_text.isascii() and zoom_text.isdigit() else -1
        if not 0 <= zoom <= MAX_ZOOM:
            raise MapRequestError(
                _("zoom must be a whole number from 0 to %(max)d.") % {"max": MAX_ZOOM}
            )
    else:
        zoom = MOROCCO_ZOOM
    bbox_text = query.get("bbox", "").strip()
    if not bbox_text:
        return MapView(*MOROCCO_BBOX, zoom=min(zoom, MOROCCO_ZOOM))
    parts = bbox_text.split(",")
    if len(parts) != 4:
        raise MapRequestError(
            _("bbox needs four numbers, west,south,east,north; got %(count)d.")
            % {"count": len(parts)}
        )
    names = ("west", "south", "east", "north")
    west, south, east, north = (
        _number(p.strip(), name) for p, name in zip(parts, names, strict=True)
    )
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise MapRequestError(_("bbox: longitudes must be between -180 and 180."))
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise MapRequestError(_("bbox: latitudes must be between -90 and 90."))
    if west > east:
        raise MapRequestError(_("bbox is inverted: west is greater than east."))
    if south > north:
        raise MapRequestError(_("bbox is inverted: south is greater than north."))
    return MapView(west, south, east, north, zoom)


def bad_request(error: MapRequestError) -> JsonResponse:
    """The 400 answer to a bad `bbox` or `zoom`, as JSON that says what was wrong."""
    return JsonResponse({"error": str(error)}, status=400)


def point_feature(longitude, latitude, properties: dict) -> dict:
    """One point of the map as a GeoJSON feature."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
        "properties": properties,
    }


def cluster_feature(cell: dict) -> dict:
    """A grid cell of several points: at their mean position, with their count and extent."""
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(cell["mean_lng"], 6), round(cell["mean_lat"], 6)],
        },
        "properties": {
            "cluster": True,
            "count": cell["count"],
            "bounds": [
                round(cell["west"], 6),
                round(cell["south"], 6),
                round(cell["east"], 6),
                round(cell["north"], 6),
            ],
        },
    }


def colocated_feature(longitude: float, latitude: float, members: list[dict]) -> dict:
    """Places at the very same position: one feature listing each place's properties."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {"colocated": True, "count": len(members), "members": members},
    }


def _colocated(features: list[dict]) -> list[dict]:
    """`features` with those at the same coordinates gathered into one, in their first order."""
    at: dict[tuple[float, float], list[dict]] = {}
    for feature in features:
        at.setdefault(tuple(feature["geometry"]["coordinates"]), []).append(feature)
    return [
        same[0]
        if len(same) == 1
        else colocated_feature(*position, [feature["properties"] for feature in same])
        for position, same in at.items()
    ]


def map_features(queryset: QuerySet, view: MapView, points: PointFeatures) -> dict:
    """The GeoJSON FeatureCollection of `queryset` (rows with latitude and longitude) in `view`.

    `points(rows)` turns a queryset of the same model into point features; it is called once,
    on at most `MAX_POINTS + 1` rows. Two queries at most (plus any `points` prefetches).
    """
    # Rows by primary key in a subquery: the caller's joins (regions, services) cannot repeat
    # a row in the grid's counts.
    rows = queryset.model._default_manager.filter(
        pk__in=queryset.order_by().values("pk"),
        latitude__isnull=False,
        longitude__isnull=False,
        latitude__gte=view.south,
        latitude__lte=view.north,
        longitude__gte=view.west,
        longitude__lte=view.east,
    ).order_by()
    collection = {
        "type": "FeatureCollection",
        "zoom": view.zoom,
        "bbox": [view.west, view.south, view.east, view.north],
        "clustered": view.clustered,
        "truncated": False,
    }
    if view.clustered:
        features, total = _clusters(rows, view, points)
    else:
        first = rows.order_by("pk").values("pk")[: MAX_POINTS + 1]
        features = points(rows.model._default_manager.filter(pk__in=first))
        if len(features) > MAX_POINTS:
            features = features[:MAX_POINTS]
            collection["truncated"] = True
        total = len(features)
        features = _colocated(features)
    collection["total"] = total
    collection["features"] = features
    return collection


def _clusters(rows: QuerySet, view: MapView, points: PointFeatures) -> tuple[list[dict], int]:
    size = view.cell_size()
    latitude = Cast("latitude", FloatField())
    longitude = Cast("longitude", FloatField())
    cells = list(
        rows.annotate(column=Floor(longitude / size), row=Floor(latitude / size))
        .values("column", "row")
        .annotate(
            count=Count("pk"),
            first=Min("pk"),
            mean_lat=Avg(latitude),
            mean_lng=Avg(longitude),
            south=Min(latitude),
            north=Max(latitude),
            west=Min(longitude),
            east=Max(longitude),
        )
        .order_by("row", "column")
    )
    single = [cell["first"] for cell in cells if cell["count"] == 1]
    features = [cluster_feature(cell) for cell in cells if cell["count"] > 1]
    if single:
        features += points(rows.model._default_manager.filter(pk__in=single))
    return features, sum(cell["count"] for cell in cells)
