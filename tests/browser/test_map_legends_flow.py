"""What a reader sees of the maps' legends and the coverage matrix in a browser: each marker
looks like its legend entry (same colour, same shape), and the matrix headed by the regions'
names fits a desktop and scrolls in its own box on a phone, in French and in Arabic."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import User
from facilities.models import Facility, Region
from tests.factories import FacilityFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"
# Far enough apart that none is grouped with another on the map of Morocco.
PLACES = {
    Facility.Status.ACTIVE: ("01", "35.767200", "-5.799900"),
    Facility.Status.TEMPORARILY_CLOSED: ("02", "34.681000", "-1.908000"),
    Facility.Status.UNDER_RENOVATION: ("06", "33.573300", "-7.589800"),
    Facility.Status.PLANNED: ("09", "30.427800", "-9.598100"),
    Facility.Status.CLOSED: ("11", "27.125300", "-13.162500"),
}
# What makes a marker's look: its colour and its shape.
LOOK = """element => {
    const style = getComputedStyle(element, "::before");
    return [style.backgroundColor, style.borderColor, style.borderRadius, style.clipPath,
            style.transform];
}"""


@pytest.fixture
def partner():
    organisation = OrganisationFactory(name="Association Accueil Oriental", acronym="AAO")
    for status, (region, latitude, longitude) in PLACES.items():
        FacilityFactory(
            name=f"Centre {status}",
            managing_organisation=organisation,
            status=status,
            region=Region.objects.get(code=region),
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
    return UserFactory(
        username="partner1", role=User.Role.PARTNER, organisation=organisation, password=PASSWORD
    )


def test_each_marker_of_the_facility_map_looks_like_its_legend_entry(page, log_in, partner):
    log_in(page, "partner1", PASSWORD)
    page.goto("/fr/facilities/map/")
    expect(page.locator("#facility-map.is-loaded")).to_have_attribute("data-count", "5")
    looks = set()
    for status in PLACES:
        marker = page.locator(f"#facility-map .leaflet-marker-icon.map-marker--{status}")
        expect(marker).to_have_count(1)
        entry = page.locator(f"[data-testid=map-legend] [data-marker={status}] .map-marker")
        expect(entry).to_be_visible()
        look = marker.evaluate(LOOK)
        assert look == entry.evaluate(LOOK), status
        looks.add(tuple(look))
    # Five statuses, five different looks.
    assert len(looks) == len(PLACES)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_coverage_matrix_fits_a_desktop_and_scrolls_in_its_box_on_a_phone(
    page, mobile_page, log_in, partner, language
):
    for screen, fits in ((page, True), (mobile_page, False)):
        log_in(screen, "partner1", PASSWORD, language=language)
        screen.goto(f"/{language}/actors/coverage/")
        heads = screen.locator("[data-testid=coverage] thead th.coverage-region")
        expect(heads).to_have_count(12)
        expect(heads.first).to_be_visible()
        width = screen.viewport_size["width"]
        assert screen.evaluate("document.documentElement.scrollWidth") <= width + 1
        box = screen.locator(".table-responsive:has([data-testid=coverage])")
        overflow = box.evaluate("element => element.scrollWidth - element.clientWidth")
        assert (overflow <= 1) == fits, (width, overflow)
