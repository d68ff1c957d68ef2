"""Single sign-on for IOM staff against a real OpenID Connect provider (tests/oidc_provider/),
running in a second process on 127.0.0.1: who gets in, and what each refusal says, logs and
leaves untouched."""

import base64
import http.server
import json
import logging
import threading
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import jwt
import pytest
import requests
from axes.models import AccessAttempt, AccessFailureLog
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from accounts import twofactor
from accounts.models import User
from tests.conftest import PROVIDER_PASSWORD
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manara():
    """A browser's side of Manara, on 127.0.0.1 as the address registered at the provider."""
    return Client(SERVER_NAME="127.0.0.1")


@pytest.fixture
def amina(iom_org):
    return UserFactory(
        username="amina",
        email="amina.idrissi@iom.int",
        first_name="Amina",
        role=User.Role.IOM_STAFF,
        organisation=iom_org,
    )


def signed_in_at_provider(provider, username: str) -> requests.Session:
    """The person's browser session at the provider, after its login form."""
    browser = requests.Session()
    browser.get(f"{provider.url}/accounts/login/")
    browser.post(
        f"{provider.url}/accounts/login/",
        data={
            "username": username,
            "password": PROVIDER_PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
        },
    )
    return browser


def answer_of_provider(manara, provider, username: str, language: str = "en") -> str:
    """Start at Manara, sign in at the provider; the address it sends the person back to."""
    start = manara.get(f"/{language}/accounts/sso/")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize/")
    answer = signed_in_at_provider(provider, username).get(start["Location"], allow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/oidc/callback/"
    return f"{back.path}?{back.query}"


def sign_in(manara, provider, username: str, language: str = "en"):
    return manara.get(answer_of_provider(manara, provider, username, language))


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def signed_in_user_id(manara):
    return manara.session.get("_auth_user_id")


# Who gets in


def test_iom_staff_with_a_verified_email_signs_in_and_lands_on_home(manara, sso, amina):
    response = sign_in(manara, sso, "amina")

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert signed_in_user_id(manara) == str(amina.pk)
    assert manara.session[twofactor.SSO_SESSION_KEY] is True
    assert manara.get("/en/", follow=True).status_code == 200


def test_an_administrator_signs_in(manara, sso, iom_org):
    admin = UserFactory(email="direction@iom.int", role=User.Role.ADMIN, organisation=iom_org)

    sign_in(manara, sso, "direction")

    assert signed_in_user_id(manara) == str(admin.pk)


def test_signing_in_changes_nothing_of_the_account(manara, sso, amina):
    before = User.objects.values().get(pk=amina.pk)

    sign_in(manara, sso, "amina")

    after = User.objects.values().get(pk=amina.pk)
    after.pop("last_login"), before.pop("last_login")
    assert after == before
    assert User.objects.count() == 1


def test_a_signed_in_iom_user_comes_back_to_the_page_asked_for(manara, sso, amina):
    start = manara.get("/en/accounts/sso/?next=/en/facilities/")
    answer = signed_in_at_provider(sso, "amina").get(start["Location"], allow_redirects=False)
    back = urlsplit(answer.headers["Location"])

    response = manara.get(f"{back.path}?{back.query}")

    assert response["Location"] == "/en/facilities/"


def test_the_session_ends_when_an_administrator_makes_the_account_a_partner(manara, sso, amina):
    sign_in(manara, sso, "amina")
    User.objects.filter(pk=amina.pk).update(role=User.Role.PARTNER)

    response = manara.get("/en/facilities/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_a_successful_sign_in_is_logged_with_the_email_domain(manara, sso, amina, caplog):
    with caplog.at_level(logging.INFO, logger="accounts.oidc"):
        sign_in(manara, sso, "amina")

    assert "amina signed in (iom.int)" in caplog.text


# Refusals: a clear message, nothing created or changed, a log line


def test_an_unknown_email_is_refused_and_no_account_is_made(manara, sso, amina, caplog):
    users_before = User.objects.count()

    with caplog.at_level(logging.WARNING, logger="accounts.oidc"):
        response = manara.get(answer_of_provider(manara, sso, "stranger"), follow=True)

    assert response.redirect_chain[-1][0] == "/en/accounts/login/"
    assert messages_on(response) == [
        "No Manara account has the e-mail address stranger@iom.int. Ask a Manara administrator "
        "to create your account or to put this address on it."
    ]
    assert '<div class="alert alert-danger">No Manara account has' in response.content.decode()
    assert User.objects.count() == users_before
    assert signed_in_user_id(manara) is None
    assert "no account with this e-mail (iom.int)" in caplog.text
    assert "stranger@iom.int" not in caplog.text


def test_an_unverified_email_is_refused(manara, sso, iom_org, caplog):
    youssef = UserFactory(email="youssef@iom.int", role=User.Role.IOM_STAFF, organisation=iom_org)

    with caplog.at_level(logging.WARNING, logger="accounts.oidc"):
        response = manara.get(answer_of_provider(manara, sso, "youssef"), follow=True)

    assert "has not verified the e-mail address youssef@iom.int" in messages_on(response)[0]
    assert signed_in_user_id(manara) is None
    assert "e-mail not verified (iom.int)" in caplog.text
    youssef.refresh_from_db()
    assert youssef.last_login is None


def test_a_partner_is_sent_to_the_password_form(manara, sso, ngo_a, caplog):
    UserFactory(email="salma@ngo-oriental.ma", role=User.Role.PARTNER, organisation=ngo_a)

    with caplog.at_level(logging.WARNING, logger="accounts.oidc"):
        response = manara.get(answer_of_provider(manara, sso, "salma"), follow=True)

    assert messages_on(response)[0].startswith(
        "Signing in with an IOM account is for IOM staff: sign in below with your Manara "
        "username and password."
    )
    assert signed_in_user_id(manara) is None
    assert "role does not sign in by single sign-on (ngo-oriental.ma)" in caplog.text


def test_a_viewer_is_refused(manara, sso):
    UserFactory(email="salma@ngo-oriental.ma", role=User.Role.VIEWER)

    sign_in(manara, sso, "salma")

    assert signed_in_user_id(manara) is None


def test_two_accounts_with_the_same_email_are_refused(manara, sso, amina, iom_org):
    UserFactory(email="AMINA.IDRISSI@iom.int", role=User.Role.IOM_STAFF, organisation=iom_org)

    response = manara.get(answer_of_provider(manara, sso, "amina"), follow=True)

    assert messages_on(response)[0].startswith(
        "Several Manara accounts have the e-mail address Amina.Idrissi@iom.int"
    )
    assert signed_in_user_id(manara) is None


def test_a_deactivated_account_is_refused(manara, sso, amina):
    amina.is_active = False
    amina.save()

    response = manara.get(answer_of_provider(manara, sso, "amina"), follow=True)

    assert messages_on(response)[0].startswith("Your Manara account is deactivated")
    assert signed_in_user_id(manara) is None


def test_a_demonstration_account_is_refused_when_debug_is_off(manara, sso, iom_org, settings):
    settings.DEBUG = False
    UserFactory(email="iom@demo.manara.invalid", role=User.Role.IOM_STAFF, organisation=iom_org)

    response = manara.get(answer_of_provider(manara, sso, "demo"), follow=True)

    assert messages_on(response)[0].startswith("Your Manara account is deactivated or may not")
    assert signed_in_user_id(manara) is None


def test_a_refusal_is_not_counted_as_a_wrong_password(manara, sso, amina):
    for _attempt in range(6):
        sign_in(manara, sso, "stranger")

    sign_in(manara, sso, "amina")

    assert AccessAttempt.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0
    assert signed_in_user_id(manara) == str(amina.pk)


def test_the_refusal_speaks_the_language_the_person_started_in(manara, sso):
    response = manara.get(answer_of_provider(manara, sso, "stranger", language="fr"))

    assert response["Location"] == "/fr/accounts/login/"


# The state: expired, or not of this browser


def test_an_expired_state_is_refused(manara, sso, amina, caplog):
    back = answer_of_provider(manara, sso, "amina")
    session = manara.session
    for started in session["oidc_states"].values():
        started["added_on"] = time.time() - 16 * 60
    session.save()

    with caplog.at_level(logging.WARNING, logger="accounts.oidc"):
        response = manara.get(back, follow=True)

    assert messages_on(response) == [
        "This sign-in with your IOM account took more than 15 minutes and expired. "
        "Click “Sign in with your IOM account” again."
    ]
    assert signed_in_user_id(manara) is None
    assert "state expired" in caplog.text


def test_an_answer_meant_for_another_browser_is_refused(manara, sso, amina, caplog):
    back = answer_of_provider(manara, sso, "amina")
    other_browser = Client(SERVER_NAME="127.0.0.1")

    with caplog.at_level(logging.WARNING, logger="accounts.oidc"):
        response = other_browser.get(back, follow=True)

    # That browser never chose a language: the message is in French, Manara's default.
    assert messages_on(response)[0].startswith(
        "Cette connexion avec votre compte OIM n’a pas été commencée dans ce navigateur"
    )
    assert other_browser.session.get("_auth_user_id") is None
    assert "state unknown to this session" in caplog.text


def test_an_answer_used_twice_is_refused_the_second_time(manara, sso, amina):
    back = answer_of_provider(manara, sso, "amina")
    manara.get(back)
    manara.post("/en/accounts/logout/")

    manara.get(back)

    assert signed_in_user_id(manara) is None


def test_an_error_from_the_provider_is_shown(manara, sso):
    start = manara.get("/en/accounts/sso/")
    state = dict(part.split("=", 1) for part in urlsplit(start["Location"]).query.split("&"))[
        "state"
    ]

    response = manara.get(
        f"/oidc/callback/?error=access_denied&error_description=<b>no</b>&state={state}",
        follow=True,
    )

    assert messages_on(response) == [
        "IOM's sign-in service did not sign you in (access_denied). Try again; if it happens "
        "again, ask IOM's IT service desk."
    ]


# A tampered ID token: a real signature check fails


@contextmanager
def local_http_server(handler_class):
    server = http.server.HTTPServer(("127.0.0.1", 0), handler_class)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def tampering_token_endpoint(real_endpoint: str):
    """A man in the middle of the token endpoint who puts another e-mail in the ID token."""

    class Tamper(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the standard library's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = requests.post(
                real_endpoint,
                data=body,
                headers={"Content-Type": self.headers["Content-Type"]},
                timeout=10,
            ).json()
            header, payload, signature = answer["id_token"].split(".")
            claims = json.loads(_unb64(payload))
            claims["email"] = "direction@iom.int"
            answer["id_token"] = ".".join([header, _b64(json.dumps(claims).encode()), signature])
            content = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    return Tamper


def test_an_id_token_altered_on_its_way_is_refused(manara, sso, amina, iom_org, settings, caplog):
    admin = UserFactory(email="direction@iom.int", role=User.Role.ADMIN, organisation=iom_org)
    discovery = requests.get(f"{sso.issuer}/.well-known/openid-configuration", timeout=5).json()

    with local_http_server(tampering_token_endpoint(discovery["token_endpoint"])) as proxy:
        settings.OIDC_OP_TOKEN_ENDPOINT = proxy
        with caplog.at_level(logging.WARNING, logger="accounts.oidc"):
            response = manara.get(answer_of_provider(manara, sso, "amina"), follow=True)

    assert messages_on(response)[0].startswith(
        "The answer of IOM's sign-in service could not be verified"
    )
    assert signed_in_user_id(manara) not in (str(admin.pk), str(amina.pk))
    assert "ID token failed verification" in caplog.text


def test_an_id_token_signed_with_another_key_is_refused(manara, sso, amina, settings):
    real_keys = requests.get(f"{sso.issuer}/.well-known/jwks.json", timeout=5).json()["keys"]
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(impostor))
    jwk |= {"kid": real_keys[0]["kid"], "alg": "RS256", "use": "sig"}
    content = json.dumps({"keys": [jwk]}).encode()

    class OtherKeys(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    with local_http_server(OtherKeys) as keys:
        settings.OIDC_OP_JWKS_ENDPOINT = keys
        response = manara.get(answer_of_provider(manara, sso, "amina"), follow=True)

    assert messages_on(response)[0].startswith(
        "The answer of IOM's sign-in service could not be verified"
    )
    assert signed_in_user_id(manara) is None


def test_a_wrong_client_secret_is_shown_as_the_provider_s_refusal(manara, sso, amina, settings):
    back = answer_of_provider(manara, sso, "amina")
    settings.OIDC_RP_CLIENT_SECRET = "not the secret"

    response = manara.get(back, follow=True)

    assert messages_on(response)[0].startswith(
        "IOM's sign-in service did not sign you in (invalid_client)."
    )
    assert signed_in_user_id(manara) is None


def test_an_unreachable_provider_is_said_so(manara, sso, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/nowhere"

    response = manara.get("/en/accounts/sso/", follow=True)

    assert messages_on(response)[0].startswith("IOM's sign-in service could not be reached")


# Off unless configured


def test_the_login_page_offers_single_sign_on_when_configured(manara, sso):
    response = manara.get("/en/accounts/login/")

    assert "Sign in with your IOM account" in response.content.decode()
    assert 'id="id_password"' in response.content.decode()


def test_single_sign_on_is_off_without_its_settings(manara, settings):
    settings.OIDC_ISSUER = ""

    assert "Sign in with your IOM account" not in manara.get("/en/accounts/login/").content.decode()
    assert manara.get("/en/accounts/sso/").status_code == 404
    assert manara.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_a_half_configured_single_sign_on_is_reported_by_check(settings):
    from django.core.checks import run_checks

    settings.OIDC_ISSUER = "https://login.microsoftonline.com/tenant/v2.0"
    settings.OIDC_RP_CLIENT_ID = "manara"
    settings.OIDC_RP_CLIENT_SECRET = ""

    warnings = [check for check in run_checks() if check.id == "manara.W101"]

    assert [warning.msg for warning in warnings] == [
        "Single sign-on is off: OIDC_RP_CLIENT_SECRET is not set."
    ]


# The check asked again before a case's identity


def test_iom_staff_signed_in_by_sso_confirm_through_it_before_a_case_identity(manara, sso, amina):
    case = CaseFactory(owner=amina.organisation, full_name="Youssef Benjelloun")
    url = f"/en/cases/{case.pk}/"
    sign_in(manara, sso, "amina")
    session = manara.session
    session[twofactor.CHECKED_AT_SESSION_KEY] -= 10 * 60
    session.save()

    asked = manara.post(url, {"show_identity": "1"})
    assert asked["Location"].startswith("/en/accounts/check/?next=")
    page = manara.get(asked["Location"])
    assert 'id="sso-check"' in page.text
    start = manara.get(f"/en/accounts/sso/?next={url}")
    answer = signed_in_at_provider(sso, "amina").get(start["Location"], allow_redirects=False)
    back = urlsplit(answer.headers["Location"])
    assert manara.get(f"{back.path}?{back.query}")["Location"] == url

    assert "Youssef Benjelloun" in manara.post(url, {"show_identity": "1"}).text
