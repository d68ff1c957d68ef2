"""Login throttling (django-axes): lockout after repeated failures, its message, cool-off,
unlocking by an administrator, the back office lists, and the limited password-reset form."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

from ..conftest import PASSWORD
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5
FR_LOCKED = "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes"
AR_LOCKED = "محاولات تسجيل دخول فاشلة كثيرة جدًا"
EN_LOCKED = (
    "Too many failed sign-in attempts. Try again in 15 minutes, or ask an administrator to "
    "unlock your account."
)


@pytest.fixture(autouse=True)
def throttling_defaults(settings):
    """The documented defaults, whatever the environment of the run says."""
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


def log_in(client, username, password, language="fr", **extra):
    return client.post(
        f"/{language}/accounts/login/", {"username": username, "password": password}, **extra
    )


def fail(client, username, times=LIMIT, language="fr", **extra):
    for _attempt in range(times):
        log_in(client, username, "wrong password", language, **extra)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("language", "message"), [("fr", FR_LOCKED), ("ar", AR_LOCKED), ("en", EN_LOCKED)]
)
def test_right_password_is_refused_after_five_failures_with_a_translated_message(
    client, partner_user, language, message
):
    fail(client, partner_user.username, language=language)

    response = log_in(client, partner_user.username, PASSWORD, language)

    assert response.status_code == 429
    assert message in response.text
    assert f'<html lang="{language}"' in response.text
    assert 'name="password"' in response.text
    assert not is_signed_in(client)


def test_the_fifth_failure_already_shows_the_lockout_page(client, partner_user):
    fail(client, partner_user.username, times=LIMIT - 1)

    response = log_in(client, partner_user.username, "wrong password")

    assert response.status_code == 429
    assert FR_LOCKED in response.text


def test_four_failures_do_not_lock(client, partner_user):
    fail(client, partner_user.username, times=LIMIT - 1)

    response = log_in(client, partner_user.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_successful_sign_in_resets_the_count(client, partner_user):
    fail(client, partner_user.username, times=LIMIT - 1)
    log_in(client, partner_user.username, PASSWORD)
    client.logout()
    fail(client, partner_user.username, times=LIMIT - 1)

    response = log_in(client, partner_user.username, PASSWORD)

    assert response.status_code == 302


def test_failures_are_recorded(client, partner_user):
    fail(client, partner_user.username, times=3)

    attempt = AccessAttempt.objects.get(username=partner_user.username)
    assert attempt.failures_since_start == 3
    assert attempt.ip_address == "127.0.0.1"
    assert AccessFailureLog.objects.filter(username=partner_user.username).count() == 3


def test_lockout_is_logged(client, partner_user, caplog):
    with caplog.at_level(logging.WARNING):
        fail(client, partner_user.username)

    locked = [record for record in caplog.records if "lock" in record.getMessage().lower()]
    assert {record.name for record in locked} >= {"axes.handlers.database", "accounts.throttling"}


def test_another_account_from_the_same_address_is_not_locked(
    client, partner_user, other_partner_user
):
    fail(client, partner_user.username)

    response = log_in(client, other_partner_user.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_same_account_from_another_address_is_not_locked(partner_user):
    fail(Client(REMOTE_ADDR="198.51.100.7"), partner_user.username)
    colleague = Client(REMOTE_ADDR="203.0.113.20")

    response = log_in(colleague, partner_user.username, PASSWORD)

    assert response.status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock_without_a_proxy(client, partner_user):
    for number in range(LIMIT):
        log_in(client, partner_user.username, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")

    response = log_in(client, partner_user.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")

    assert response.status_code == 429


def test_behind_one_proxy_the_address_it_forwarded_is_the_clients(client, partner_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # What the client writes in the header itself (left) is ignored; the proxy's entry counts.
    fail(client, partner_user.username, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")

    from_elsewhere = log_in(
        client, partner_user.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.20"
    )

    assert from_elsewhere.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def test_sign_in_works_again_after_the_cool_off(client, partner_user):
    fail(client, partner_user.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = log_in(client, partner_user.username, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_still_locked_just_before_the_end_of_the_cool_off(client, partner_user):
    fail(client, partner_user.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))

    response = log_in(client, partner_user.username, PASSWORD)

    assert response.status_code == 429


def test_the_cool_off_and_limit_follow_the_settings(client, partner_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    fail(client, partner_user.username, times=2)

    response = log_in(client, partner_user.username, PASSWORD, "en")

    assert response.status_code == 429
    assert "Try again in 1 minute, or ask an administrator" in response.text


def test_without_cool_off_only_an_administrator_unlocks(client, partner_user, settings):
    settings.AXES_COOLOFF_TIME = None
    fail(client, partner_user.username)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=30))

    response = log_in(client, partner_user.username, PASSWORD)

    assert response.status_code == 429
    assert "Demandez à un administrateur de débloquer votre compte" in response.text


def test_an_administrator_unlocks_through_the_back_office(client, partner_user, admin_user):
    fail(client, partner_user.username)
    fail(client, partner_user.username, times=1, HTTP_USER_AGENT="Another browser")
    back_office = Client()
    back_office.force_login(admin_user)

    response = back_office.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "unlock",
            "_selected_action": [AccessAttempt.objects.get(user_agent="Another browser").pk],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username=partner_user.username).exists()
    assert log_in(client, partner_user.username, PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_an_administrator_sees_failures_and_lockouts(client, partner_user, admin_user):
    fail(client, partner_user.username)
    back_office = Client()
    back_office.force_login(admin_user)

    attempts = back_office.get(reverse("admin:axes_accessattempt_changelist"))
    failures = back_office.get(reverse("admin:axes_accessfailurelog_changelist"))

    assert attempts.status_code == 200 and partner_user.username in attempts.text
    assert failures.status_code == 200 and partner_user.username in failures.text


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:axes_accessattempt_changelist",
        "admin:axes_accessfailurelog_changelist",
        "admin:axes_accesslog_changelist",
    ],
)
def test_staff_who_are_not_administrators_cannot_see_sign_in_records(
    client, partner_user, iom_org, url_name
):
    fail(client, partner_user.username)
    staff = UserFactory(
        username="iom_staff_t", role=User.Role.IOM_STAFF, organisation=iom_org, is_staff=True
    )
    # Even Django's permissions on Axes' tables do not open them: the role decides.
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="axes"))
    back_office = Client()
    back_office.force_login(staff)

    response = back_office.get(reverse(url_name))
    index = back_office.get(reverse("admin:index"))

    assert response.status_code == 403
    assert "/admin/axes/" not in index.text
    assert AccessAttempt.objects.filter(username=partner_user.username).exists()


def test_staff_who_are_not_administrators_cannot_unlock(client, partner_user, iom_org):
    fail(client, partner_user.username)
    staff = UserFactory(
        username="iom_staff_t", role=User.Role.IOM_STAFF, organisation=iom_org, is_staff=True
    )
    back_office = Client()
    back_office.force_login(staff)

    back_office.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": [AccessAttempt.objects.get().pk]},
    )

    assert log_in(client, partner_user.username, PASSWORD).status_code == 429


def test_password_reset_requests_are_limited(client, partner_user):
    for _request in range(LIMIT):
        sent = client.post("/fr/accounts/password/reset/", {"email": partner_user.email})
        assert sent.status_code == 302

    response = client.post("/fr/accounts/password/reset/", {"email": partner_user.email})

    assert response.status_code == 429
    assert "Trop de demandes de réinitialisation du mot de passe" in response.text


def test_password_reset_limit_counts_each_email_address_across_addresses(partner_user):
    for number in range(LIMIT):
        Client(REMOTE_ADDR=f"198.51.100.{number}").post(
            "/fr/accounts/password/reset/", {"email": partner_user.email}
        )

    response = Client(REMOTE_ADDR="203.0.113.1").post(
        "/ar/accounts/password/reset/", {"email": partner_user.email}
    )

    assert response.status_code == 429


def test_the_back_office_sign_in_is_throttled_too(client, admin_user):
    for _attempt in range(LIMIT):
        client.post("/admin/login/", {"username": admin_user.username, "password": "wrong"})

    response = client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert FR_LOCKED in response.text
    assert "_auth_user_id" not in client.session
