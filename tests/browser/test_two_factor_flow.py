"""Two-factor sign-in as people live it: an IOM officer sets up an authenticator app on a phone,
signs in again with its code, loses the phone and comes in with a recovery code; an Arabic
reader does it in Arabic; the pages pass axe-core on a phone."""

from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.conftest import DESKTOP, MOBILE
from tests.factories import OrganisationFactory, UserFactory
from tests.second_factor import code_of, enrol

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"
AXE = Axe()


def officer(language="fr"):
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM")
    return UserFactory(
        username="salma",
        role=User.Role.IOM_STAFF,
        organisation=iom,
        password=PASSWORD,
        preferred_language=language,
    )


def submit_password(page, language="fr"):
    page.goto(f"/{language}/accounts/login/")
    page.locator("#id_username").fill("salma")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def app_code(page) -> str:
    """What the phone's app shows after scanning: the key printed under the QR code."""
    key = page.locator(".two-factor-key").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    return f"{TOTP(secret).token():06d}"


def assert_accessible(page):
    results = AXE.run(page)
    assert results.response["passes"], "axe-core did not run"
    blocking = [
        violation["id"]
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert blocking == [], (page.url, blocking)


def test_an_officer_enrols_signs_in_with_the_app_then_with_a_recovery_code(open_page, browser_log):
    user = officer()
    page = open_page(DESKTOP)

    submit_password(page)
    page.wait_for_url("**/fr/accounts/two-factor/?next=*")
    expect(page.locator("h1")).to_have_text("Configurer la connexion en deux étapes")
    expect(page.locator("img.two-factor-qr")).to_be_visible()
    page.locator("#id_code").fill("000000")
    page.locator("#id_code").press("Enter")
    expect(page.locator("#id_code_error")).to_contain_text("Ce code n’est pas le bon")
    # After a wrong code, the next is taken after a second (django-otp doubles it each time).
    page.wait_for_timeout(1100)

    page.locator("#id_code").fill(app_code(page))
    page.locator("#id_code").press("Enter")
    expect(page.locator("h1")).to_have_text("Vos codes de secours")
    codes = page.locator("[data-testid=recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Je les ai gardés, continuer").click()
    page.wait_for_url("**/fr/facilities/")

    page.get_by_role("button", name="Se déconnecter").click()
    submit_password(page)
    page.wait_for_url("**/fr/accounts/two-factor/code/**")
    device = user.totpdevice_set.get()
    page.locator("#id_code").fill(code_of(device))
    page.locator("#id_code").press("Enter")
    page.wait_for_url("**/fr/facilities/")

    # The phone is lost: a recovery code, once.
    page.get_by_role("button", name="Se déconnecter").click()
    submit_password(page)
    page.wait_for_url("**/fr/accounts/two-factor/code/**")
    page.locator("#id_code").fill(codes[0])
    page.locator("#id_code").press("Enter")
    page.wait_for_url("**/fr/facilities/")
    expect(page.locator(".messages")).to_contain_text("Il reste 9 codes de secours")
    assert browser_log.page_errors == []


def test_an_arabic_reader_enrols_in_arabic_on_a_phone(open_page):
    officer(language="ar")
    page = open_page(MOBILE, is_mobile=True, has_touch=True)

    submit_password(page, language="ar")
    page.wait_for_url("**/ar/accounts/two-factor/?next=*")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".two-factor-key")).to_have_attribute("dir", "ltr")
    assert_accessible(page)

    page.locator("#id_code").fill(app_code(page))
    page.locator("#id_code").press("Enter")
    expect(page.locator("[data-testid=recovery-codes] code")).to_have_count(10)
    assert_accessible(page)


def test_an_administrator_resets_a_lost_phone_and_the_officer_enrols_a_new_one(open_page, log_in):
    user = officer()
    UserFactory(
        username="direction",
        role=User.Role.ADMIN,
        organisation=user.organisation,
        is_staff=True,
        is_superuser=True,
        password=PASSWORD,
    )
    enrol(user)
    administrator, person = open_page(DESKTOP), open_page(DESKTOP)

    log_in(administrator, "direction", PASSWORD)
    administrator.goto("/admin/accounts/user/?q=salma")
    row = administrator.locator("#result_list tbody tr", has_text="salma")
    row.locator("input.action-select").check()
    administrator.locator("select[name=action]").select_option("reset_second_factor")
    administrator.locator("button[name=index]").click()
    expect(administrator.locator(".messagelist")).to_contain_text("1")

    submit_password(person)
    person.wait_for_url("**/fr/accounts/two-factor/?next=*")
    person.locator("#id_code").fill(app_code(person))
    person.locator("#id_code").press("Enter")
    expect(person.locator("[data-testid=recovery-codes] code")).to_have_count(10)
