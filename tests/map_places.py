"""Places and bad map requests shared by the map tests (tests/*/test_*map_bbox.py).

At zoom 6 a grid cell of common/maps.py is 1.40625 degrees wide: each of the four sites below
falls in a cell of its own, and the points spread around a site stay in its cell.
"""

from decimal import Decimal

from facilities.models import Facility
from tests.factories import FacilityFactory

SITES = {
    "oujda": (Decimal("34.681"), Decimal("-1.908")),
    "tanger": (Decimal("35.7595"), Decimal("-5.834")),
    "agadir": (Decimal("30.4278"), Decimal("-9.5981")),
    "laayoune": (Decimal("27.1253"), Decimal("-13.1625")),
}
MOROCCO = "-17.3,20.5,-0.9,36.1"
LOW_ZOOM = {"bbox": MOROCCO, "zoom": 6}
AROUND_OUJDA = {"bbox": "-2.1,34.5,-1.7,34.9", "zoom": 14}

# Each bad `bbox` or `zoom`, and a word of the message that says what is wrong.
BAD_REQUESTS = [
    ({"bbox": "-1,34,-2,35"}, "inverted"),
    ({"bbox": "-2,35,-1,34"}, "inverted"),
    ({"bbox": "-2,34,-1,95"}, "latitudes"),
    ({"bbox": "-190,34,-1,35"}, "longitudes"),
    ({"bbox": "west,34,-1,35"}, "not a number"),
    ({"bbox": "-2,34,nan,35"}, "not a number"),
    ({"bbox": "-2,34,-1"}, "four numbers"),
    ({"bbox": "-2,34,-1,35,7"}, "four numbers"),
    ({"zoom": "far"}, "zoom"),
    ({"zoom": "6.5"}, "zoom"),
    ({"zoom": "-1"}, "zoom"),
    ({"zoom": "21"}, "zoom"),
]


def spread(site: str, count: int, offset: int = 0) -> list[tuple[Decimal, Decimal]]:
    """`count` positions a few hundred metres apart around a site, all in the site's cell."""
    latitude, longitude = SITES[site]
    step = Decimal("0.002")
    return [
        (latitude + step * ((offset + i) % 20), longitude + step * ((offset + i) // 20 % 20))
        for i in range(count)
    ]


def many_facilities(count: int, organisation, **fields) -> None:
    """`count` facilities spread over the four sites, written in one statement."""
    sites = list(SITES)
    facilities = []
    for number in range(count):
        latitude, longitude = spread(sites[number % 4], 1, offset=number // 4)[0]
        facility = FacilityFactory.build(
            name=f"Lieu {number}",
            code=f"T{number:05d}",
            slug=f"lieu-{number}",
            managing_organisation=organisation,
            latitude=latitude,
            longitude=longitude,
            **fields,
        )
        facilities.append(facility)
    Facility.objects.bulk_create(facilities)


def clusters(data: dict) -> list[int]:
    """The counts of the cluster features of an answer, largest first."""
    return sorted(
        (f["properties"]["count"] for f in data["features"] if f["properties"].get("cluster")),
        reverse=True,
    )


def points(data: dict) -> set[str]:
    """The names of the single points of an answer."""
    return {f["properties"]["name"] for f in data["features"] if "name" in f["properties"]}


def places(data: dict) -> set[str]:
    """The names of every place an answer shows close up: single points and the places listed by
    a feature of places sharing one position."""
    listed = {
        member["name"]
        for f in data["features"]
        if f["properties"].get("colocated")
        for member in f["properties"]["members"]
    }
    return points(data) | listed


def place_list(data: dict) -> list[tuple[list[float], dict]]:
    """Each place an answer shows close up, as (its coordinates, its properties): a single point,
    or each place listed by a feature of places sharing one position."""
    listed = []
    for feature in data["features"]:
        coordinates, properties = feature["geometry"]["coordinates"], feature["properties"]
        if properties.get("colocated"):
            listed.extend((coordinates, member) for member in properties["members"])
        elif "name" in properties:
            listed.append((coordinates, properties))
    return listed
