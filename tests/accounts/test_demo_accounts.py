"""Demonstration accounts (password published in the README) exist for `make run` only: served
with DEBUG off they open nothing, even in a database seeded once with DEBUG on, and
`manage.py check --deploy` names those left."""

import io

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import DEMO_EMAIL_DOMAIN, User
from demo.facilities import DEMO_TOTP_KEY
from tests.factories import UserFactory

PASSWORD = "manara-demo"


@pytest.fixture
def demo_admin(db):
    return UserFactory(
        username="admin",
        email=f"admin@{DEMO_EMAIL_DOMAIN}",
        role=User.Role.ADMIN,
        is_staff=True,
        is_superuser=True,
        password=PASSWORD,
    )


def sign_in(client, url, username):
    return client.post(url, {"username": username, "password": PASSWORD})


@pytest.mark.parametrize("url", ["/fr/accounts/login/", "/admin/login/"])
def test_with_debug_off_a_demo_account_cannot_sign_in(client, demo_admin, settings, url):
    settings.DEBUG = False

    response = sign_in(client, url, "admin")

    assert response.status_code == 200  # the form again, with its usual error
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_with_debug_off_an_open_demo_session_opens_nothing(client, demo_admin, settings):
    client.force_login(demo_admin)
    settings.DEBUG = False

    response = client.get("/fr/facilities/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_with_debug_on_the_demo_account_signs_in(client, demo_admin, settings):
    settings.DEBUG = True

    response = sign_in(client, "/fr/accounts/login/", "admin")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(demo_admin.pk)


def test_a_real_account_still_signs_in_with_debug_off(client, settings, iom_org):
    UserFactory(
        username="amina", email="amina@iom.int", role=User.Role.IOM_STAFF, password=PASSWORD
    )
    settings.DEBUG = False

    assert sign_in(client, "/fr/accounts/login/", "amina").status_code == 302


def test_the_deploy_check_names_the_demo_accounts_left(demo_admin, settings):
    settings.DEBUG = False

    errors = [e for e in run_checks(include_deployment_checks=True) if e.id == "manara.E001"]

    assert len(errors) == 1 and "admin" in errors[0].msg
    demo_admin.delete()
    assert not [e for e in run_checks(include_deployment_checks=True) if e.id == "manara.E001"]


# The demo second factor


@pytest.mark.second_factor
def test_seed_demo_enrols_admin_and_iom_with_the_demo_key_and_demo_totp_gives_their_code(
    db, client, settings
):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert "NVQW4YLSMEWWIZLNN4WXI33UOAWWWZLZ" in out.getvalue()
    enrolled = set(
        TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).values_list(
            "user__username", flat=True
        )
    )
    assert enrolled == {"admin", "iom"}
    client.post("/fr/accounts/login/", {"username": "iom", "password": PASSWORD})
    assert client.get("/fr/facilities/")["Location"].startswith("/fr/accounts/two-factor/code/")
    code = io.StringIO()
    call_command("demo_totp", "iom", stdout=code)
    response = client.post("/fr/accounts/two-factor/code/", {"code": code.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/fr/facilities/").status_code == 200


def test_demo_totp_works_only_with_debug_on_and_for_demo_accounts(demo_admin, settings, iom_org):
    TOTPDevice.objects.create(user=demo_admin, key=DEMO_TOTP_KEY, confirmed=True)
    real = UserFactory(username="amina", email="amina@iom.int", role=User.Role.IOM_STAFF)
    TOTPDevice.objects.create(user=real, confirmed=True)

    settings.DEBUG = True
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp", "amina")
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", "admin")
