"""Two people edit one facility in two browsers: the second save, from a page loaded before the
first, is refused with a message naming the first person, and the second person's text stays."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from facilities.models import Facility
from tests.browser.conftest import DESKTOP
from tests.factories import FacilityFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


def test_the_second_of_two_editors_is_told_and_keeps_their_text(open_page, log_in):
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    for name in ("amina", "karim"):
        UserFactory(username=name, role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD)
    facility = FacilityFactory(name="Centre Al Amal", phone="+212 536 000 000")
    amina, karim = open_page(DESKTOP), open_page(DESKTOP)
    log_in(amina, "amina", PASSWORD)
    log_in(karim, "karim", PASSWORD)
    edit = f"/fr/facilities/{facility.pk}/edit/"
    amina.goto(edit)
    karim.goto(edit)

    amina.locator("#id_phone").fill("+212 536 111 111")
    amina.locator("form.facility-form button[type=submit]").click()
    amina.wait_for_url(f"**/fr/facilities/{facility.pk}/")
    karim.locator("#id_description_fr").fill("Ouvert la nuit.")
    karim.locator("form.facility-form button[type=submit]").click()

    expect(karim.locator("#form-errors")).to_contain_text("amina")
    expect(karim.locator("#form-errors")).to_contain_text("téléphone")
    expect(karim.locator("#id_description_fr")).to_have_value("Ouvert la nuit.")
    expect(karim.locator("#id_phone")).to_have_value("+212 536 111 111")
    stored = Facility.objects.get(pk=facility.pk)
    assert (stored.phone, stored.description_fr) == ("+212 536 111 111", "")
