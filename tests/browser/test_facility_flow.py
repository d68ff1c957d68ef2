"""What a partner does in a browser: sign in, filter the facilities, open the map, switch to
Arabic; and what must hold whatever they do (no script from data, no sideways scrolling on a
phone, a keyboard path to the content).

Selectors use addresses, ids and data-testid rather than visible words, so the tests survive
the translation of the interface.
"""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.models import User
from facilities.models import Region
from tests.factories import FacilityFactory, OrganisationFactory, UserFactory

# Serialized rollback: each test ends with a flush of every table, and Morocco's regions and
# provinces come from a data migration; they are put back before each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARTNER_PASSWORD = "manara browser test"
XSS_NAME = "<img src=x onerror=alert(1)>"
# Resolves once the element has kept the same box for ten animation frames: Leaflet's zoom
# and marker-cluster animations have ended, so a click lands where the element is.
WAIT_UNTIL_STILL = """element => new Promise(resolve => {
    let last = "", still = 0;
    (function frame() {
        const box = element.getBoundingClientRect();
        const now = [box.x, box.y, box.width, box.height].join();
        still = now === last ? still + 1 : 0;
        last = now;
        if (still >= 10) { resolve(true); } else { requestAnimationFrame(frame); }
    })();
})"""


@pytest.fixture
def partner1():
    ngo_a = OrganisationFactory(name="Association Accueil Oriental", acronym="AAO")
    return UserFactory(
        username="partner1", role=User.Role.PARTNER, organisation=ngo_a, password=PARTNER_PASSWORD
    )


@pytest.fixture
def facilities_in_several_regions(partner1):
    """Facilities of NGO A (partner1's) and of NGO B in Oriental, Tanger and Casablanca.

    In Oriental partner1 sees three: two of NGO A (one without coordinates) and one published
    facility of NGO B; NGO B's unpublished one there is outside partner1's scope.
    """
    ngo_a = partner1.organisation
    # A name as long as real ones: it sets the width of the organisation filter's <select>.
    ngo_b = OrganisationFactory(
        name="Association Solidarité Souss pour l'accueil et l'orientation des migrants",
        acronym="ASS",
    )
    oriental, tanger, casablanca = (Region.objects.get(code=code) for code in ("02", "01", "06"))
    FacilityFactory(name="Centre Al Amal", managing_organisation=ngo_a, region=oriental)
    FacilityFactory(
        name="Maison Berkane",
        managing_organisation=ngo_a,
        region=oriental,
        latitude=None,
        longitude=None,
    )
    FacilityFactory(
        name="Espace Nador",
        managing_organisation=ngo_b,
        region=oriental,
        latitude=Decimal("35.168800"),
        longitude=Decimal("-2.933500"),
    )
    FacilityFactory(
        name="Foyer Tiwizi", managing_organisation=ngo_b, region=oriental, is_published=False
    )
    FacilityFactory(
        name="Foyer Tanger Accueil",
        managing_organisation=ngo_a,
        region=tanger,
        latitude=Decimal("35.767200"),
        longitude=Decimal("-5.799900"),
    )
    FacilityFactory(
        name="Espace Derb Sultan",
        managing_organisation=ngo_b,
        region=casablanca,
        latitude=Decimal("33.573300"),
        longitude=Decimal("-7.589800"),
    )
    return oriental


def table_names(page):
    return set(
        page.locator("[data-testid=facility-table] tbody tr td:first-child a").all_inner_texts()
    )


def test_partner_filters_the_list_opens_the_map_and_switches_to_arabic(
    page, log_in, browser_log, facilities_in_several_regions
):
    oriental = facilities_in_several_regions
    log_in(page, "partner1", PARTNER_PASSWORD)

    assert browser_log.status_of("/static/vendor/bootstrap/css/bootstrap.min.css") == 200
    expect(page.locator("[data-testid=result-count]")).to_have_text(re.compile(r"\b5\b"))
    names = table_names(page)
    assert "Foyer Tiwizi" not in names, "NGO B's unpublished facility is outside partner1's scope"
    assert names == {
        "Centre Al Amal",
        "Maison Berkane",
        "Espace Nador",
        "Foyer Tanger Accueil",
        "Espace Derb Sultan",
    }

    filters = page.locator("details.filter-panel")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    page.locator("#id_region").select_option(str(oriental.pk))
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/fr/facilities/\?.*\bregion={oriental.pk}\b"))

    expect(page.locator("[data-testid=result-count]")).to_have_text(re.compile(r"\b3\b"))
    assert table_names(page) == {"Centre Al Amal", "Maison Berkane", "Espace Nador"}
    region_cells = page.locator("[data-testid=facility-table] tbody tr td:nth-child(3)")
    assert set(region_cells.all_inner_texts()) == {oriental.name_fr}

    page.locator("main a[href*='/facilities/map/?']").click()
    page.wait_for_url(re.compile(rf"/fr/facilities/map/\?.*\bregion={oriental.pk}\b"))
    facility_map = page.locator("#facility-map.is-loaded")
    # Maison Berkane has no coordinates: two of the three facilities are on the map.
    expect(facility_map).to_have_attribute("data-count", "2")
    expect(facility_map.locator(".leaflet-interactive, .marker-cluster").first).to_be_visible()

    french_map = urlsplit(page.url)
    page.locator("nav a[hreflang=ar]").click()
    page.wait_for_url("**/ar/facilities/map/?*")
    arabic_map = urlsplit(page.url)
    assert arabic_map.path == french_map.path.replace("/fr/", "/ar/", 1)
    assert arabic_map.query == french_map.query
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    stylesheets = page.locator("link[rel=stylesheet][href*='vendor/bootstrap/css/']")
    expect(stylesheets).to_have_count(1)
    expect(stylesheets).to_have_attribute("href", re.compile(r"bootstrap\.rtl\.min\.css$"))
    assert browser_log.status_of("/static/vendor/bootstrap/css/bootstrap.rtl.min.css") == 200
    expect(page.locator("#facility-map.is-loaded")).to_have_attribute("data-count", "2")
    assert browser_log.page_errors == []


def test_a_facility_name_made_of_markup_shows_as_text_in_the_list_and_the_map_popup(
    page, log_in, browser_log, partner1
):
    FacilityFactory(name=XSS_NAME, managing_organisation=partner1.organisation)
    log_in(page, "partner1", PARTNER_PASSWORD)

    expect(page.locator("[data-testid=facility-table] tbody")).to_contain_text(XSS_NAME)
    expect(page.locator("main img")).to_have_count(0)

    page.goto("/fr/facilities/map/")
    marker = page.locator("#facility-map.is-loaded .leaflet-interactive")
    expect(marker).to_have_count(1)
    marker.evaluate(WAIT_UNTIL_STILL)
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator("strong")).to_have_text(XSS_NAME)
    expect(popup.locator("img")).to_have_count(0)
    assert browser_log.dialogs == []
    assert browser_log.page_errors == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_phone_the_list_does_not_scroll_sideways_and_the_menu_opens(
    mobile_page, log_in, facilities_in_several_regions, language
):
    page = mobile_page
    log_in(page, "partner1", PARTNER_PASSWORD, language=language)
    expect(page.locator("[data-testid=facility-table]")).to_be_visible()

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360 + 1, f"the page is {page_width} px wide on a 360 px screen"

    page.keyboard.press("Tab")
    skip_link = page.locator("a[href='#main']")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    arabic_link = page.locator("nav a[hreflang=ar]")
    expect(arabic_link).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(page.locator("#main-menu.show")).to_be_visible()
    expect(arabic_link).to_be_visible()


def test_on_a_phone_the_open_filter_form_does_not_scroll_sideways(
    mobile_page, log_in, facilities_in_several_regions
):
    page = mobile_page
    log_in(page, "partner1", PARTNER_PASSWORD, language="ar")
    page.locator("details.filter-panel summary").click()
    expect(page.locator("#id_managing_organisation")).to_be_visible()

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360 + 1, f"the page is {page_width} px wide on a 360 px screen"
