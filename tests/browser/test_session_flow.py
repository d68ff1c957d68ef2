"""A partner leaves a shared computer signed in: after the idle limit, the next click lands on
the sign-in page, which says why; the pages seen before are kept by no cache."""

import time

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import DESKTOP
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


def test_an_idle_session_is_signed_out_and_the_next_page_says_why(open_page, log_in, settings):
    ngo = OrganisationFactory(name="Association Oujda Accueil", acronym="AOA")
    UserFactory(username="amina", role=User.Role.PARTNER, organisation=ngo, password=PASSWORD)
    settings.SESSION_IDLE_SECONDS = 60  # the message counts whole minutes
    page = open_page(DESKTOP)
    log_in(page, "amina", PASSWORD)
    first = page.request.get("/fr/facilities/")
    assert "no-store" in first.headers["cache-control"]

    settings.SESSION_IDLE_SECONDS = 1  # as if a minute had gone by
    time.sleep(2)
    page.goto("/fr/facilities/")

    page.wait_for_url("**/fr/accounts/login/**")
    expect(page.locator("main")).to_contain_text("Vous avez été déconnecté après")
    expect(page.locator("#id_username")).to_be_visible()
