"""Login, logout and password pages: translated, under the language prefix."""

import re

import pytest
from django.core import mail

from accounts.models import User

from ..conftest import PASSWORD
from ..second_factor import code_of, enrol

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_login_page_is_served_under_each_language(client, language):
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert 'name="username"' in response.text and 'name="password"' in response.text


def test_root_address_sends_visitors_to_the_french_public_directory(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0] == "/fr/"
    assert response.request["PATH_INFO"] == "/fr/directory/"


def test_root_address_follows_the_browser_language(client):
    response = client.get("/", follow=True, HTTP_ACCEPT_LANGUAGE="ar-MA,ar;q=0.9")
    assert response.request["PATH_INFO"] == "/ar/directory/"


@pytest.mark.second_factor
@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner", "viewer"])
def test_every_role_logs_in_and_lands_on_the_facility_list(client, users, role):
    """Administrators and IOM staff give the code of their app after the password."""
    device = enrol(users[role]) if role in ("admin", "iom_staff") else None
    response = client.post(
        "/fr/accounts/login/",
        {"username": users[role].username, "password": PASSWORD},
        follow=True,
    )
    if device is not None:
        assert response.redirect_chain[-1] == (
            "/fr/accounts/two-factor/code/?next=%2Ffr%2F",
            302,
        )
        response = client.post(
            "/fr/accounts/two-factor/code/",
            {"code": code_of(device), "next": "/fr/"},
            follow=True,
        )
    assert response.redirect_chain[-1] == ("/fr/facilities/", 302)


def test_wrong_password_shows_a_clear_message(client, partner_user):
    response = client.post(
        "/fr/accounts/login/", {"username": partner_user.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.text
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client, partner_user):
    partner_user.is_active = False
    partner_user.save()
    client.post("/fr/accounts/login/", {"username": partner_user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_login_follows_next_only_to_this_site(client, partner_user):
    credentials = {"username": partner_user.username, "password": PASSWORD}
    response = client.post("/fr/accounts/login/?next=https://evil.example/", credentials)
    assert response["Location"] == "/fr/"


def test_logout_needs_a_post_and_ends_the_session(client, partner_user):
    client.force_login(partner_user)
    assert client.get("/fr/accounts/logout/").status_code == 405
    response = client.post("/fr/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_requires_login(client):
    response = client.get("/fr/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_password_change_with_the_wrong_old_password_changes_nothing(client, partner_user):
    client.force_login(partner_user)
    response = client.post(
        "/fr/accounts/password/change/",
        {
            "old_password": "wrong",
            "new_password1": "Une-autre-phrase-9",
            "new_password2": "Une-autre-phrase-9",
        },
    )
    assert response.status_code == 200
    partner_user.refresh_from_db()
    assert partner_user.check_password(PASSWORD)


def test_password_change_saves_the_new_password(client, partner_user):
    client.force_login(partner_user)
    response = client.post(
        "/fr/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Une-autre-phrase-9",
            "new_password2": "Une-autre-phrase-9",
        },
    )
    assert response["Location"] == "/fr/accounts/password/change/done/"
    partner_user.refresh_from_db()
    assert partner_user.check_password("Une-autre-phrase-9")


def test_password_reset_sends_a_working_link_under_the_language_prefix(
    client, partner_user, after_commit
):
    with after_commit():
        response = client.post("/fr/accounts/password/reset/", {"email": partner_user.email})
    assert response["Location"] == "/fr/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/fr/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": "Nouvelle-phrase-42", "new_password2": "Nouvelle-phrase-42"},
    )
    partner_user.refresh_from_db()
    assert partner_user.check_password("Nouvelle-phrase-42")


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post("/fr/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/fr/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_invalid_reset_link_says_so(client):
    response = client.get("/fr/accounts/password/reset/MQ/bad-token/", follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_role_helpers_follow_the_role(users):
    assert users["admin"].is_admin and users["admin"].is_iom
    assert users["iom_staff"].is_iom and not users["iom_staff"].is_admin
    assert users["partner"].is_partner and not users["partner"].is_iom
    viewer = users["viewer"]
    assert not (viewer.is_iom or viewer.is_partner or viewer.is_admin)
    assert User(role=User.Role.VIEWER, is_superuser=True, is_active=True).is_admin
