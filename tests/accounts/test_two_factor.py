"""Two-factor sign-in: who owes a code, enrolling an app, codes refused (wrong, used, too many),
recovery codes, an administrator's reset, and the check asked again before a case's identity."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from referrals.models import CaseAccessLog
from tests.factories import CaseFactory, UserFactory

from ..conftest import PASSWORD
from ..second_factor import code_of, enrol

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

VERIFY = "/fr/accounts/two-factor/code/"
SETUP = "/fr/accounts/two-factor/"


def sign_in(client, user, password=PASSWORD):
    return client.post("/fr/accounts/login/", {"username": user.username, "password": password})


def forget_the_wait(device):
    """Move django-otp's wait after a wrong code into the past (the person waited)."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(days=1)
    )


def enrol_through_the_page(client):
    """Scan the QR code (read the key off the page) and confirm with the app's code."""
    page = client.get(SETUP)
    key = re.search(r'class="two-factor-key"[^>]*>([A-Z2-7 ]+)<', page.text).group(1)
    from base64 import b32decode

    secret = b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    code = TOTP(secret).token()
    return client.post(SETUP, {"code": f"{code:06d}"})


# Who owes a second factor


@pytest.mark.parametrize("who", ["admin_user", "iom_user"])
def test_administrators_and_iom_staff_must_enrol_before_any_page(client, request, who):
    user = request.getfixturevalue(who)
    sign_in(client, user)

    for path in ["/fr/facilities/", "/admin/", "/fr/cases/", SETUP + "?next=/fr/"]:
        response = client.get(path)
        if path.startswith(SETUP):
            assert response.status_code == 200
            assert "data:image/svg+xml" in response.text
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(SETUP + "?next=")


def test_partners_and_viewers_may_go_on_without_a_second_factor(client, partner_user, viewer_user):
    for user in (partner_user, viewer_user):
        sign_in(client, user)
        assert client.get("/fr/facilities/").status_code == 200


def test_an_organisation_marked_so_requires_it_of_its_partners(client, partner_user, ngo_a):
    ngo_a.requires_two_factor = True
    ngo_a.save()

    sign_in(client, partner_user)

    assert client.get("/fr/facilities/")["Location"].startswith(SETUP)


def test_a_partner_promoted_to_iom_staff_owes_it_on_the_next_page(client, partner_user):
    sign_in(client, partner_user)
    assert client.get("/fr/facilities/").status_code == 200

    partner_user.role = "iom_staff"
    partner_user.save()

    assert client.get("/fr/facilities/")["Location"].startswith(SETUP)


def test_a_session_opened_by_single_sign_on_owes_nothing_more(client, iom_user):
    sign_in(client, iom_user)
    session = client.session
    session[twofactor.SSO_SESSION_KEY] = True
    session.save()

    assert client.get("/fr/facilities/").status_code == 200


# Enrolment


def test_enrolling_shows_a_qr_code_and_the_key_then_ten_recovery_codes(client, iom_user):
    sign_in(client, iom_user)

    response = enrol_through_the_page(client)

    assert response.status_code == 200
    codes = re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', response.text)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=iom_user).confirmed
    assert StaticToken.objects.filter(device__user=iom_user).count() == 10
    assert client.get("/fr/facilities/").status_code == 200


def test_a_wrong_code_at_enrolment_enrols_nothing(client, iom_user):
    sign_in(client, iom_user)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 400
    assert "Ce code n’est pas le bon" in response.text
    assert not TOTPDevice.objects.filter(user=iom_user, confirmed=True).exists()
    assert client.get("/fr/facilities/").status_code == 302


def test_the_enrolment_page_keeps_the_same_key_on_reload(client, iom_user):
    sign_in(client, iom_user)
    first = client.get(SETUP).text
    second = client.get(SETUP).text

    key = re.compile(r'class="two-factor-key"[^>]*>([A-Z2-7 ]+)<')
    assert key.search(first).group(1) == key.search(second).group(1)
    assert TOTPDevice.objects.filter(user=iom_user).count() == 1


def test_only_the_password_cannot_enrol_a_new_app_in_place_of_the_existing_one(client, iom_user):
    device = enrol(iom_user)
    sign_in(client, iom_user)

    response = client.get(SETUP)

    assert response["Location"] == VERIFY
    assert list(TOTPDevice.objects.filter(user=iom_user)) == [device]


# The code after the password


def test_an_enrolled_person_gives_the_code_of_their_app(client, iom_user):
    device = enrol(iom_user)
    response = sign_in(client, iom_user)
    assert client.get(response["Location"])["Location"].startswith(VERIFY)

    response = client.post(VERIFY, {"code": code_of(device), "next": "/fr/cases/"})

    assert response["Location"] == "/fr/cases/"
    assert client.get("/fr/cases/").status_code == 200


def test_a_partner_who_enrolled_gives_a_code_too(client, partner_user):
    enrol(partner_user)
    sign_in(client, partner_user)

    assert client.get("/fr/facilities/")["Location"].startswith(VERIFY)


def test_a_wrong_code_is_refused_and_listed_as_a_failed_sign_in(client, iom_user):
    device = enrol(iom_user)
    sign_in(client, iom_user)

    response = client.post(VERIFY, {"code": "123456"})

    assert response.status_code == 400
    assert "n’est pas le bon" in response.text
    assert AccessFailureLog.objects.filter(username=iom_user.username).count() == 1
    assert client.get("/fr/facilities/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_right_after_a_wrong_code_the_person_is_asked_to_wait(client, iom_user):
    device = enrol(iom_user)
    sign_in(client, iom_user)
    client.post(VERIFY, {"code": "123456"})

    response = client.post(VERIFY, {"code": code_of(device)})

    assert response.status_code == 429
    assert "Trop de codes erronés. Patientez" in response.text


def test_a_code_already_used_is_told_apart_from_a_wrong_one(client, iom_user):
    device = enrol(iom_user)
    code = code_of(device)
    sign_in(client, iom_user)
    assert client.post(VERIFY, {"code": code})["Location"] == "/fr/"
    client.post("/fr/accounts/logout/")

    sign_in(client, iom_user)
    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 400
    assert "déjà été utilisé" in response.text
    assert client.get("/fr/facilities/").status_code == 302


def test_too_many_wrong_codes_lock_the_account_out_like_wrong_passwords(client, iom_user, settings):
    device = enrol(iom_user)
    sign_in(client, iom_user)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        forget_the_wait(device)
        response = client.post(VERIFY, {"code": "123456"})

    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=iom_user.username).exists()
    # Even the right password (and code) are refused until the cool-off or an unlock.
    forget_the_wait(device)
    assert sign_in(client, iom_user).status_code == 429


def test_a_recovery_code_works_once(client, iom_user):
    enrol(iom_user)
    code = twofactor.new_recovery_codes(iom_user)[0]
    sign_in(client, iom_user)

    response = client.post(VERIFY, {"code": code.upper()}, follow=True)

    assert "Il reste 9 codes de secours" in response.text
    assert client.get("/fr/facilities/").status_code == 200
    client.post("/fr/accounts/logout/")
    sign_in(client, iom_user)
    assert client.post(VERIFY, {"code": code}).status_code == 400


def test_the_code_page_sends_only_to_this_site(client, iom_user):
    device = enrol(iom_user)
    sign_in(client, iom_user)

    response = client.post(VERIFY, {"code": code_of(device), "next": "https://evil.example/"})

    assert response["Location"] == "/fr/"


def test_the_code_page_is_for_signed_in_people_only(client):
    assert client.get(VERIFY)["Location"].startswith("/fr/accounts/login/")
    assert client.get(SETUP)["Location"].startswith("/fr/accounts/login/")


# Managing it once enrolled


def passed(client, user):
    device = enrol(user)
    sign_in(client, user)
    client.post(VERIFY, {"code": code_of(device)})
    return device


def test_new_recovery_codes_replace_the_old_ones(client, partner_user):
    device = passed(client, partner_user)
    old = set(twofactor.new_recovery_codes(partner_user))
    forget_the_wait(device)

    response = client.post(SETUP, {"action": "codes", "code": code_of(device)})

    new = set(re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', response.text))
    assert len(new) == 10 and not new & old
    assert set(
        StaticToken.objects.filter(device__user=partner_user).values_list("token", flat=True)
    ) == (new)


def test_a_partner_may_turn_it_off_with_a_code(client, partner_user):
    device = passed(client, partner_user)

    response = client.post(SETUP, {"action": "remove", "code": code_of(device)})

    assert response["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=partner_user).exists()


def test_iom_staff_cannot_turn_it_off_but_may_move_to_a_new_phone(client, iom_user):
    device = passed(client, iom_user)

    refused = client.post(SETUP, {"action": "remove", "code": code_of(device)})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=iom_user, confirmed=True).exists()

    moved = client.post(SETUP, {"action": "replace", "code": code_of(device)})
    assert moved["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=iom_user, confirmed=True).exists()
    assert enrol_through_the_page(client).status_code == 200
    assert TOTPDevice.objects.filter(user=iom_user, confirmed=True).count() == 1


# An administrator's reset


@pytest.fixture
def superuser(iom_org):
    return UserFactory(
        username="root_t", role="admin", organisation=iom_org, is_staff=True, is_superuser=True
    )


def test_an_administrator_resets_a_lost_phone_and_the_person_enrols_again(
    client, superuser, iom_user
):
    enrol(iom_user)
    twofactor.new_recovery_codes(iom_user)
    passed(client, superuser)

    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [iom_user.pk]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=iom_user).exists()
    assert not StaticToken.objects.filter(device__user=iom_user).exists()
    assert LogEntry.objects.filter(object_id=str(iom_user.pk)).exists()
    client.post("/fr/accounts/logout/")
    sign_in(client, iom_user)
    assert client.get("/fr/facilities/")["Location"].startswith(SETUP)


def test_the_back_office_never_shows_the_secret_keys(client, superuser):
    passed(client, superuser)

    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
    listing = client.get("/admin/accounts/user/")
    assert listing.status_code == 200


# The check asked again before a case's identity


@pytest.fixture
def case(iom_org):
    return CaseFactory(owner=iom_org, full_name="Youssef Benjelloun", phone="+212 611 223 344")


def make_the_last_check_old(client, minutes):
    session = client.session
    session[twofactor.CHECKED_AT_SESSION_KEY] -= minutes * 60
    session.save()


def test_an_old_check_asks_for_the_password_before_the_identity(client, iom_user, case):
    passed(client, iom_user)
    make_the_last_check_old(client, 6)
    url = reverse("referrals:case_detail", args=[case.pk])

    response = client.post(url, {"show_identity": "1"})

    assert response["Location"].startswith("/fr/accounts/check/?next=")
    assert not CaseAccessLog.objects.exists()
    wrong = client.post("/fr/accounts/check/", {"password": "wrong", "next": url})
    assert wrong.status_code == 400
    assert AccessFailureLog.objects.filter(username=iom_user.username).count() == 1
    right = client.post("/fr/accounts/check/", {"password": PASSWORD, "next": url})
    assert right["Location"] == url
    shown = client.post(url, {"show_identity": "1"})
    assert "Youssef Benjelloun" in shown.text
    assert CaseAccessLog.objects.filter(case=case, user=iom_user).count() == 1


def test_a_code_of_the_app_also_confirms(client, iom_user, case):
    device = passed(client, iom_user)
    make_the_last_check_old(client, 6)
    url = reverse("referrals:case_detail", args=[case.pk])
    forget_the_wait(device)

    response = client.post("/fr/accounts/check/", {"code": code_of(device), "next": url})

    assert response["Location"] == url
    assert "Youssef Benjelloun" in client.post(url, {"show_identity": "1"}).text


def test_a_recent_check_shows_the_identity_at_once(client, iom_user, case):
    passed(client, iom_user)
    make_the_last_check_old(client, 4)
    url = reverse("referrals:case_detail", args=[case.pk])

    assert "Youssef Benjelloun" in client.post(url, {"show_identity": "1"}).text


def test_the_check_page_without_anything_typed_says_what_is_missing(client, iom_user):
    passed(client, iom_user)

    response = client.post("/fr/accounts/check/", {"next": "/fr/cases/"})

    assert response.status_code == 400
    assert "mot de passe" in response.text


def test_the_menu_waits_until_the_second_factor_is_given(client, iom_user):
    device = enrol(iom_user)
    sign_in(client, iom_user)

    owing = client.get(VERIFY).text
    assert 'href="/fr/facilities/"' not in owing and "/fr/accounts/password/change/" not in owing
    client.post(VERIFY, {"code": code_of(device)})
    assert 'href="/fr/facilities/"' in client.get("/fr/cases/").text


@pytest.mark.parametrize("role", ["admin", "iom_staff", "partner", "viewer"])
def test_every_role_opens_its_two_factor_page_and_the_check_page(client, users, role):
    user = users[role]
    passed(client, user)

    assert client.get(SETUP).status_code == 200
    assert client.get("/fr/accounts/check/?next=/fr/").status_code == 200
    # Someone who owes nothing is sent on from the code page.
    assert client.get(VERIFY + "?next=/fr/facilities/")["Location"] == "/fr/facilities/"
