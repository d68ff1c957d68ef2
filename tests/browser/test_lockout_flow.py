"""A partner types wrong passwords until the account is locked, reads why, and signs in once an
administrator has unlocked the account in the back office."""

from datetime import timedelta

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


def submit_login(page, username, password):
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_locked_out_partner_signs_in_after_an_administrator_unlocks(
    open_page, log_in, browser_log, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    UserFactory(
        username="direction",
        role=User.Role.ADMIN,
        organisation=iom,
        is_staff=True,
        password=PASSWORD,
    )
    UserFactory(username="amina", role=User.Role.PARTNER, password=PASSWORD)
    partner, administrator = open_page(DESKTOP), open_page(DESKTOP)

    partner.goto("/fr/accounts/login/")
    for _attempt in range(5):
        submit_login(partner, "amina", "not the password")
    submit_login(partner, "amina", PASSWORD)

    expect(partner.locator("#lockout-message")).to_contain_text(
        "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes"
    )
    assert browser_log.status_of("/fr/accounts/login/") == 429
    expect(partner.locator("#id_username")).to_have_value("amina")

    log_in(administrator, "direction", PASSWORD)
    administrator.goto("/admin/axes/accessattempt/")
    row = administrator.locator("#result_list tbody tr", has_text="amina")
    row.locator("input.action-select").check()
    administrator.locator("select[name=action]").select_option("unlock")
    administrator.locator("button[name=index]").click()
    expect(administrator.locator(".messagelist")).to_contain_text("1")
    expect(administrator.locator("#result_list")).to_have_count(0)

    log_in(partner, "amina", PASSWORD)
    expect(partner.locator("#lockout-message")).to_have_count(0)
