"""Invitations as people live them: IOM staff invite a partner's coordinator, who opens the
mailed link, chooses a password, is sent to set up two-factor sign-in (their organisation
requires it), then invites a colleague from "Users of my organisation"."""

import re
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts.models import Invitation, User
from tests.browser.conftest import MOBILE
from tests.conftest import IMMEDIATE_TASKS
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "manara browser test"
NEW_PASSWORD = "Figuier du jardin 1987"
LINK = re.compile(r"https?://[^/\s]+(/en/accounts/invitation/[^/\s]+/)")


def link_in_last_mail(address: str) -> str:
    [sent] = [message for message in mail.outbox if message.to == [address]]
    return LINK.search(sent.body).group(1)


def app_code(page) -> str:
    """What the phone's app shows after scanning: the key printed under the QR code."""
    key = page.locator(".two-factor-key").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    return f"{TOTP(secret).token():06d}"


def test_an_invited_coordinator_sets_a_password_and_invites_a_colleague(
    page, open_page, log_in, settings, browser_log
):
    settings.TASKS = IMMEDIATE_TASKS
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM", kind="iom")
    ngo = OrganisationFactory(name="Association Bab Charq", acronym="ABC", requires_two_factor=True)
    UserFactory(username="officer", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD)

    # IOM staff invite the association's coordinator.
    log_in(page, "officer", PASSWORD, language="en")
    page.get_by_test_id("manage-users").click()
    page.get_by_role("link", name="Association Bab Charq").click()
    page.get_by_test_id("invite").click()
    page.locator("#id_email").fill("karim@babcharq.example.org")
    page.locator("#id_first_name").fill("Karim")
    page.locator("#id_role").select_option("partner")
    page.locator("#id_is_coordinator").check()
    page.locator("#id_language").select_option("en")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("Invitation sent to karim@babcharq")
    expect(page.get_by_test_id("invitation-status")).to_contain_text("pending")

    # The coordinator opens the link on their phone and chooses a password.
    phone = open_page(MOBILE, is_mobile=True, has_touch=True)
    phone.goto(link_in_last_mail("karim@babcharq.example.org"))
    expect(phone.get_by_test_id("invited-email")).to_have_text("karim@babcharq.example.org")
    expect(phone.locator("#id_first_name")).to_have_value("Karim")
    phone.locator("#id_last_name").fill("Ziani")
    phone.locator("#id_password1").fill("short")
    phone.locator("#id_password2").fill("short")
    phone.get_by_role("button", name="Create my account").click()
    expect(phone.locator("#id_password2_error")).to_contain_text("too short")
    phone.locator("#id_password1").fill(NEW_PASSWORD)
    phone.locator("#id_password2").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Create my account").click()

    # Their organisation requires two-factor sign-in: enrolment comes before any page.
    phone.wait_for_url("**/en/accounts/two-factor/?next=*")
    phone.locator("#id_code").fill(app_code(phone))
    phone.locator("#id_code").press("Enter")
    expect(phone.get_by_test_id("recovery-codes").locator("code")).to_have_count(10)
    phone.get_by_role("link", name="I have kept them, continue").click()

    # Then they invite a colleague into their own organisation.
    phone.locator(".navbar-toggler").click()
    phone.get_by_test_id("manage-users").click()
    expect(phone.locator("h1")).to_have_text("Users of Association Bab Charq")
    phone.get_by_test_id("invite").click()
    expect(phone.locator("#id_organisation option")).to_have_count(1)
    expect(phone.locator("#id_role option")).to_have_count(1)
    phone.locator("#id_email").fill("salma@babcharq.example.org")
    phone.locator("#id_language").select_option("ar")
    phone.get_by_role("button", name="Send the invitation").click()
    expect(phone.locator(".messages")).to_contain_text("Invitation sent to salma@babcharq")
    row = phone.locator("[data-testid=invitation-row][data-email='salma@babcharq.example.org']")
    expect(row).to_contain_text("pending")

    coordinator = User.objects.get(username="karim@babcharq.example.org")
    assert coordinator.is_coordinator and coordinator.organisation == ngo
    colleague = Invitation.objects.get(email="salma@babcharq.example.org")
    assert colleague.invited_by == coordinator and colleague.language == "ar"
    assert any(message.to == ["salma@babcharq.example.org"] for message in mail.outbox)
    assert browser_log.page_errors == []


def test_a_used_link_says_so_and_opens_nothing(page, log_in, settings):
    settings.TASKS = IMMEDIATE_TASKS
    iom = OrganisationFactory(name="OIM Maroc", acronym="OIM", kind="iom")
    ngo = OrganisationFactory(name="Association Tafoukt", acronym="AT")
    UserFactory(username="officer", role=User.Role.IOM_STAFF, organisation=iom, password=PASSWORD)
    log_in(page, "officer", PASSWORD, language="en")
    page.goto(f"/en/accounts/invitations/new/?organisation={ngo.pk}")
    page.locator("#id_email").fill("amina@tafoukt.example.org")
    page.locator("#id_language").select_option("en")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("Invitation sent")
    link = link_in_last_mail("amina@tafoukt.example.org")
    page.get_by_role("button", name="Log out").click()

    page.goto(link)
    page.locator("#id_first_name").fill("Amina")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/en/facilities/")
    page.get_by_role("button", name="Log out").click()
    page.goto(link)

    expect(page.get_by_test_id("invitation-unusable")).to_be_visible()
    assert User.objects.filter(email="amina@tafoukt.example.org").count() == 1
