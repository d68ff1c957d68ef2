"""Every map has a legend in the page's HTML naming each marker its script may draw, with the
marker's own class: the scripts give each marker the class `map-marker--<status>` and the
stylesheet draws that class, so a legend and its markers cannot disagree."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from facilities.models import Facility
from referrals.models import ActorProfile
from tests.factories import ActorFactory

STATIC = Path(settings.BASE_DIR) / "static"


def legend(html: str) -> dict[str, str]:
    """The legend's entries: marker class → the words beside it."""
    start = html.index('data-testid="map-legend"')
    block = html[start : html.index("</div>", start)]
    return {
        marker: re.sub(r"\s+", " ", words).strip()
        for marker, words in re.findall(
            r'data-marker="([a-z_]+)"><span class="[^"]*"[^>]*>[^<]*</span>([^<]*)</li>', block
        )
    }


def drawn_markers(stylesheet: str) -> set[str]:
    return set(re.findall(r"\.map-marker--([a-z_]+)", (STATIC / "css" / stylesheet).read_text()))


def test_the_facility_map_names_every_status_with_its_marker(client, iom_user):
    client.force_login(iom_user)
    entries = legend(client.get("/en/facilities/map/").text)
    assert entries == {
        **{value: str(label) for value, label in Facility.Status.choices},
        "cluster": entries["cluster"],
    }
    assert entries["active"] == "Open"
    assert "close together" in entries["cluster"]


def test_the_actor_map_names_current_and_potential_actors_with_the_markers_it_draws(
    client, iom_user
):
    ActorFactory(standing=ActorProfile.Standing.CURRENT, latitude=34.68, longitude=-1.9)
    ActorFactory(standing=ActorProfile.Standing.POTENTIAL, latitude=34.7, longitude=-1.8)
    client.force_login(iom_user)
    entries = legend(client.get("/en/actors/").text)
    close_up = {"bbox": "-3,34,-1,35", "zoom": 14}
    features = client.get("/en/actors/map/data.geojson", close_up).json()["features"]
    drawn = {feature["properties"]["status"] for feature in features}
    assert drawn == {"active", "planned"}
    assert entries["active"] == "Current actor"
    assert entries["planned"] == "Potential actor"
    assert drawn <= set(entries)


def test_a_facilitys_own_map_has_a_legend_for_its_one_marker(client, iom_user, facility_a):
    client.force_login(iom_user)
    assert legend(client.get(f"/en/facilities/{facility_a.pk}/").text) == {"here": "This facility"}


@pytest.mark.parametrize("path", ["/en/directory/", "/en/directory/{slug}/"])
def test_the_public_maps_have_a_legend_for_their_pins(client, facility_a, path):
    html = client.get(path.format(slug=facility_a.slug)).text
    start = html.index('data-testid="map-legend"')
    assert '<span class="map-marker map-marker--place" aria-hidden="true"></span>' in html[start:]


def test_every_marker_a_legend_shows_is_drawn_by_the_stylesheet_and_the_scripts_hold_no_colour():
    staff = drawn_markers("manara.css")
    assert {value for value, _label in Facility.Status.choices} <= staff
    assert set(ActorProfile.MAP_MARKERS.values()) <= staff
    assert "here" in staff
    assert "place" in drawn_markers("public.css")
    for script in ("facility-map.js", "facility-location.js", "directory-map.js"):
        code = (STATIC / "js" / script).read_text()
        assert '"map-marker map-marker--' in code
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b", code), script
