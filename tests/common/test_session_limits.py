"""Sessions on shared computers: signed out after a while without activity, or some hours after
signing in, told why; pages for a signed-in person are kept by no cache."""

import time

import pytest
from django.urls import reverse

from common.middleware import LAST_SEEN, SIGNED_IN_AT

FACILITIES = "/fr/facilities/"


def age(client, **seconds_ago):
    """Move the session's stamps back in time, as if the person had been away."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = int(time.time()) - ago
    session.save()


@pytest.fixture
def signed_in(client, partner_user):
    client.force_login(partner_user)
    assert client.get(FACILITIES).status_code == 200
    return client


def test_a_session_idle_longer_than_the_limit_is_signed_out_with_the_reason(signed_in, settings):
    age(signed_in, last_seen=settings.SESSION_IDLE_SECONDS + 5)

    response = signed_in.get(FACILITIES, follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "Vous avez été déconnecté après 30 minutes d’inactivité." in response.text
    assert "_auth_user_id" not in signed_in.session


def test_a_request_within_the_limit_keeps_the_session_and_moves_its_last_seen(signed_in, settings):
    age(signed_in, last_seen=settings.SESSION_IDLE_SECONDS - 60)

    assert signed_in.get(FACILITIES).status_code == 200
    assert int(time.time()) - signed_in.session[LAST_SEEN] < 5


def test_a_session_older_than_its_maximum_ends_even_when_active(signed_in, settings):
    age(signed_in, signed_in_at=settings.SESSION_MAX_SECONDS + 5, last_seen=10)

    response = signed_in.get(FACILITIES, follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "Votre session a pris fin : reconnectez-vous." in response.text


def test_the_session_cookie_ends_with_the_browser(client, partner_user):
    response = client.post(
        reverse("accounts:login"),
        {"username": partner_user.username, "password": "correct horse battery"},
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert (cookie["expires"], cookie["max-age"]) == ("", "")


def test_pages_for_a_signed_in_person_are_kept_by_no_cache(signed_in, facility_a):
    for url in (FACILITIES, f"/fr/facilities/{facility_a.pk}/", "/fr/cases/"):
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_public_pages_keep_their_own_caching_for_visitors(client, db):
    response = client.get("/fr/directory/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_sign_in_time_is_remembered(client, partner_user):
    client.force_login(partner_user)

    assert int(time.time()) - client.session[SIGNED_IN_AT] < 5
