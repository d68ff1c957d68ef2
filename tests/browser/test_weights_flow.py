"""IOM staff change the prioritisation weights from the ranking: the preview shows the largest
centre climbing to the top before anything is saved, the save asks why, and the ranking then
says which weights it uses and who set them."""

import pytest
from playwright.sync_api import expect

from assessments.models import PrioritySettings
from tests.browser.conftest import DESKTOP
from tests.conftest import PASSWORD
from tests.factories import FacilityFactory, validated_assessment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_iom_staff_preview_then_save_new_weights_with_a_reason(
    open_page, log_in, iom_user, framework
):
    iom_user.first_name, iom_user.last_name = "Salma", "Bennani"
    iom_user.save()
    validated_assessment(FacilityFactory(name="Foyer Atlas", capacity=10), iom_user, 1)
    validated_assessment(FacilityFactory(name="Centre Nour", capacity=200), iom_user, 2)
    page = open_page(DESKTOP)
    log_in(page, iom_user.username, PASSWORD, language="en")

    page.goto("/en/prioritisation/")
    page.get_by_test_id("change-weights").click()
    page.locator("#id_weight_gap").fill("0")
    page.locator("#id_weight_severity").fill("0")
    page.locator("#id_weight_people").fill("100")
    page.get_by_test_id("preview").click()

    first = page.get_by_test_id("move-row").first
    expect(first).to_contain_text("Centre Nour")
    expect(first).to_contain_text("+1 place")
    assert PrioritySettings.load().weight_people == 15  # nothing saved by the preview
    page.get_by_label("Why change the weights?").fill("Favour the largest centres")
    page.get_by_test_id("save").click()

    page.wait_for_url("**/en/prioritisation/")
    expect(page.get_by_test_id("weights")).to_contain_text("people served 100")
    expect(page.get_by_test_id("weights")).to_contain_text("set by Salma Bennani")
    expect(page.get_by_test_id("facility-name").first).to_have_text("Centre Nour")
    assert PrioritySettings.load().history.first().history_change_reason == (
        "Favour the largest centres"
    )
