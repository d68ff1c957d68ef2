"""A migrant on a cheap phone: the public directory in Arabic, with and without JavaScript, and
what every public page must be (axe-core finds no serious or critical WCAG violation, the
keyboard reaches every control, the language switcher keeps the page).

Selectors use ids, names and addresses, not visible words, so the tests survive translation.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from facilities.models import Facility, Region, ServiceCategory, TargetGroup
from tests.factories import FacilityFactory, OrganisationFactory

from .conftest import MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def places(db):
    """A shelter for women in Oujda, named in Arabic, and a day centre for men in Tanger, named
    in French only (the Arabic list shows its French name and says so), both published."""
    organisation = OrganisationFactory(name="Association Amal")
    shelter = FacilityFactory(
        name="Maison Amal pour femmes",
        name_ar="دار أمل للنساء",
        kind=Facility.Kind.WOMEN_SAFE_SPACE,
        managing_organisation=organisation,
        commune="Oujda",
        postal_code="60000",
        phone="+212 536-704512",
        whatsapp="+212 661-234567",
        description_fr="Accueil de jour et hébergement d’urgence pour femmes.",
        description_ar="استقبال نهاري وإيواء استعجالي للنساء.",
        opening_hours_fr="Ouvert 24 h/24",
    )
    shelter.services.set(ServiceCategory.objects.filter(code__in=["shelter", "health"]))
    shelter.target_groups.set(TargetGroup.objects.filter(code__in=["women", "children"]))
    tanger = Region.objects.get(code="01")
    centre = FacilityFactory(
        name="Centre de jour du Détroit",
        managing_organisation=organisation,
        region=tanger,
        province=tanger.provinces.get(code="511"),
        commune="Tanger",
        latitude="35.759500",
        longitude="-5.834000",
    )
    centre.target_groups.set(TargetGroup.objects.filter(code="men"))
    return shelter, centre


def find_a_place_for_women(page, shelter):
    """Open the Arabic directory, choose "women", search, open the shelter."""
    page.goto("/ar/directory/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#id_group").select_option("women")
    page.locator("form.search button[type=submit]").click()
    page.wait_for_url("**/ar/directory/?*group=women*")
    results = page.locator("ol.results > li")
    expect(results).to_have_count(1)
    page.locator(f'a[href="/ar/directory/{shelter.slug}/"]').click()
    page.wait_for_url(f"**/ar/directory/{shelter.slug}/")
    expect(page.locator("h1")).to_have_text("دار أمل للنساء")
    expect(page.locator('a[href="tel:+212536704512"]').first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def test_anonymous_visitor_on_a_phone_finds_a_place_for_women_and_downloads_its_sheet(
    open_page, places, browser_log
):
    shelter, _centre = places
    page = open_page(MOBILE, is_mobile=True, has_touch=True)

    find_a_place_for_women(page, shelter)
    expect(page.get_by_text("استقبال نهاري وإيواء استعجالي للنساء.")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator(f'a[href="/ar/guides/sheet/{shelter.pk}.pdf"]').click()
    sheet = download_info.value

    with open(sheet.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert browser_log.page_errors == []


def test_the_same_search_works_with_javascript_disabled(open_page, places):
    shelter, _centre = places
    page = open_page(MOBILE, java_script_enabled=False)

    find_a_place_for_women(page, shelter)
    # Without JavaScript the map button stays hidden: the address and links are the page.
    expect(page.locator("#map-button")).to_be_hidden()
    expect(page.locator('a[href^="geo:"]').first).to_be_visible()


def test_the_map_loads_only_when_asked_and_shows_the_places(page, places, browser_log):
    page.goto("/fr/directory/")
    assert not any("leaflet" in url for url in browser_log.responses)

    page.locator("#map-button").click()

    expect(page.locator("#map")).to_be_visible()
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(2)
    assert any(url.endswith("leaflet.js") or "leaflet." in url for url in browser_log.responses)
    assert browser_log.page_errors == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_public_pages_have_no_serious_accessibility_violation(open_page, places, language):
    shelter, _centre = places
    page = open_page(MOBILE, is_mobile=True, has_touch=True)
    for address in (
        f"/{language}/directory/",
        f"/{language}/directory/?group=women",
        f"/{language}/directory/{shelter.slug}/",
        f"/{language}/help/",
    ):
        page.goto(address)
        results = AXE.run(page)
        assert results.response["passes"], "axe-core did not run"

        blocking = [
            (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        assert blocking == [], (address, blocking)


def test_the_keyboard_reaches_every_control_of_the_search(page, places):
    page.goto("/fr/directory/")
    reached = []
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e.id || e.getAttribute('href') || e.tagName; }"
            )
        )

    assert reached[0] == "#main"  # the skip link comes first
    for control in ("id_q", "id_region", "id_service", "id_group", "map-button"):
        assert control in reached, (control, reached)
    assert "BUTTON" in reached  # the search button
    assert any(
        str(target).startswith("/fr/directory/") and target != "/fr/directory/"
        for target in reached
    )


def test_the_language_switcher_keeps_the_page(page, places):
    shelter, _centre = places
    page.goto(f"/fr/directory/{shelter.slug}/")

    page.locator('header a[hreflang="ar"]').click()

    page.wait_for_url(f"**/ar/directory/{shelter.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
