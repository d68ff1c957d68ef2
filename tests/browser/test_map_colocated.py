"""Facilities at the very same position (one building, or a town's centre given for each) can
each be reached on the maps: close up the server sends them as one feature (common/maps.py),
drawn as one numbered marker whose popup links to every one of them, in French and in Arabic.

Set MAP_SCREENSHOTS to a folder to keep a screenshot of each open popup (1280 and 360 px)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import FacilityFactory, UserFactory

from .conftest import DESKTOP, MOBILE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"
BUILDING = (Decimal("34.681000"), Decimal("-1.908000"))
NAMES = {
    "Cabinet médical Al Amal": "عيادة الأمل",
    "Bureau d’écoute Nour": "مكتب الإصغاء نور",
    "Atelier couture Tiwizi": "",
}


@pytest.fixture
def building(ngo_a):
    """Three published facilities of NGO A sharing one position, and a partner of NGO A."""
    facilities = [
        FacilityFactory(
            name=name,
            name_ar=name_ar,
            slug=f"batiment-{number}",
            managing_organisation=ngo_a,
            latitude=BUILDING[0],
            longitude=BUILDING[1],
        )
        for number, (name, name_ar) in enumerate(NAMES.items())
    ]
    UserFactory(username="partner1", role=User.Role.PARTNER, organisation=ngo_a, password=PASSWORD)
    return facilities


def screenshot(page, name: str) -> None:
    folder = os.environ.get("MAP_SCREENSHOTS")
    if folder:
        page.wait_for_timeout(500)  # the popup's fade-in
        page.locator(".leaflet-popup").scroll_into_view_if_needed()
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def open_public_group(page, language: str):
    page.goto(f"/{language}/directory/")
    page.locator("#map-button").click()
    group = page.locator("#map .map-colocated")
    expect(group).to_have_count(1)
    expect(group).to_have_text("3")
    group.click()
    popup = page.locator("#map .leaflet-popup-content")
    expect(popup.locator("a")).to_have_count(3)
    return group, popup


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_each_place_of_one_building_is_reached_from_the_public_map(
    open_page, building, browser_log, language, viewport
):
    page = open_page(DESKTOP) if viewport == "desktop" else open_page(MOBILE, has_touch=True)
    for facility in building:
        group, popup = open_public_group(page, language)
        assert "3" in group.get_attribute("aria-label")
        if facility is building[0]:
            screenshot(page, f"public-{language}-{viewport}")
        popup.locator(f'a[href="/{language}/directory/{facility.slug}/"]').click()

        page.wait_for_url(f"**/{language}/directory/{facility.slug}/")
        expect(page.locator("h1")).to_contain_text(
            (facility.name_ar if language == "ar" else "") or facility.name
        )
    assert browser_log.page_errors == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_each_facility_of_one_building_is_reached_from_the_staff_map(
    page, log_in, building, browser_log, language
):
    log_in(page, "partner1", PASSWORD, language=language)
    for facility in building:
        page.goto(f"/{language}/facilities/map/")
        facility_map = page.locator("#facility-map.is-loaded")
        expect(facility_map).to_have_attribute("data-count", "3")
        # At the first view's zoom (13) the three are a grid group; selecting it zooms in, where
        # the server sends them as one marker listing them.
        for _ in range(4):
            if page.locator("#facility-map.is-loaded .map-colocated").count():
                break
            page.locator("#facility-map.is-loaded .marker-cluster").first.click()
            page.wait_for_timeout(600)
        group = page.locator("#facility-map.is-loaded .map-colocated")
        expect(group).to_have_count(1)
        group.click()
        popup = page.locator("#facility-map .leaflet-popup-content")
        expect(popup.locator("a")).to_have_count(3)
        if facility is building[0]:
            screenshot(page, f"staff-{language}-desktop")
        popup.locator(f'a[href="/{language}/facilities/{facility.pk}/"]').click()

        page.wait_for_url(f"**/{language}/facilities/{facility.pk}/")
        expect(page.locator("h1")).to_contain_text(facility.name)
    assert browser_log.page_errors == []
