"""An IOM staff member clicks "Sign in with your IOM account" on Manara's login page, signs in on
the identity provider's page (a real OpenID Connect provider in a second process), and lands
signed in on Manara; a partner who tries it reads why not and signs in with the password."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import PROVIDER_PASSWORD
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"


def test_iom_staff_sign_in_with_their_iom_account(page, sso, browser_log):
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    UserFactory(
        username="amina",
        first_name="Amina",
        email="amina.idrissi@iom.int",
        role=User.Role.IOM_STAFF,
        organisation=iom,
    )
    # The page may reach the provider too (the fixture keeps it to the live server otherwise).
    page.context.route(f"{sso.url}/**", lambda route: route.continue_())

    page.goto("/fr/accounts/login/")
    page.locator("#sso-sign-in").click()
    page.wait_for_url(f"{sso.url}/accounts/login/**")
    page.locator("#id_username").fill("amina")
    page.locator("#id_password").fill(PROVIDER_PASSWORD)
    page.locator("#provider-sign-in").click()

    page.wait_for_url("**/fr/facilities/")
    expect(page.locator("nav")).to_contain_text("Amina · OIM")
    assert not browser_log.page_errors


def test_a_partner_refused_by_single_sign_on_reads_why_and_signs_in_with_the_password(
    page, sso, log_in
):
    UserFactory(
        username="salma",
        first_name="Salma",
        email="salma@ngo-oriental.ma",
        role=User.Role.PARTNER,
        password=PASSWORD,
    )
    page.context.route(f"{sso.url}/**", lambda route: route.continue_())

    page.goto("/en/accounts/login/")
    page.locator("#sso-sign-in").click()
    page.locator("#id_username").fill("salma")
    page.locator("#id_password").fill(PROVIDER_PASSWORD)
    page.locator("#provider-sign-in").click()

    page.wait_for_url("**/en/accounts/login/")
    expect(page.locator(".alert-danger")).to_contain_text(
        "Signing in with an IOM account is for IOM staff"
    )
    log_in(page, "salma", PASSWORD, language="en")
