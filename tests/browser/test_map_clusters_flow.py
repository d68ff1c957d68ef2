"""The maps draw the server's groups (common/maps.py) in a browser: far out, facilities close
together are one numbered marker named by its count; selecting it zooms in and the map asks
again for what it now shows, until the facilities appear one by one."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import UserFactory
from tests.map_places import many_facilities

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


@pytest.fixture
def partner(ngo_a):
    many_facilities(40, ngo_a)
    return UserFactory(
        username="partner1", role=User.Role.PARTNER, organisation=ngo_a, password=PASSWORD
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_numbered_group_zooms_in_on_its_facilities_when_selected(
    page, log_in, browser_log, partner, language
):
    log_in(page, "partner1", PASSWORD, language=language)
    page.goto(f"/{language}/facilities/map/")
    facility_map = page.locator("#facility-map.is-loaded")
    expect(facility_map).to_have_attribute("data-count", "40")
    groups = facility_map.locator(".marker-cluster")
    expect(groups).to_have_count(4)
    group = groups.first
    count = group.inner_text()
    assert int(count) == 10
    assert count in group.get_attribute("aria-label")

    for _ in range(8):
        if not page.locator("#facility-map.is-loaded .marker-cluster").count():
            break
        page.locator("#facility-map.is-loaded .marker-cluster").first.click()
        page.wait_for_timeout(600)
    expect(
        page.locator("#facility-map.is-loaded .leaflet-marker-icon.map-marker--active").first
    ).to_be_visible()
    assert browser_log.page_errors == []
