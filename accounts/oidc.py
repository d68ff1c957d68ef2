"""Single sign-on for IOM staff through IOM's identity provider (Microsoft Entra ID), by OpenID
Connect (mozilla-django-oidc).

Who gets in: the one active account whose e-mail is the one the provider vouches for (its
verified-e-mail claim is true) and whose role an administrator set to one that signs in this way
(`permissions.signs_in_by_sso`). Nobody is created and nothing of the account changes: the role
and organisation stay what an administrator chose. Partners keep their password.

Every refusal sends the person back to the login page, in the language they started in, saying
what happened and whom to ask, and is logged (logger "accounts.oidc", with the e-mail's domain,
not the address). It is not an Axes failure: no password was tried, so there is nothing to guess,
and Axes would count it against an empty username from the person's address, locking out every
colleague behind the same office address after five refusals.
"""

from __future__ import annotations

import enum
import logging
import re
import time

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from accounts import permissions
from accounts.backends import ManaraBackend
from accounts.twofactor import mark_signed_in_by_sso

logger = logging.getLogger(__name__)

BACKEND = "accounts.oidc.SingleSignOnBackend"
# The language the person started in, so that the way back speaks it: the callback's address is
# one for every language (it is registered at the provider).
LANGUAGE_SESSION_KEY = "manara_sso_language"
DISCOVERY_CACHE_KEY = "accounts:oidc:discovery:{issuer}"
DISCOVERY_CACHE_SECONDS = 60 * 60


def sso_enabled() -> bool:
    """Whether single sign-on is configured: the issuer, the client id and its secret."""
    return bool(
        settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET
    )


class Refusal(enum.Enum):
    """Why a single sign-on did not sign anyone in; the value is what the log says."""

    STATE_UNKNOWN = "state unknown to this session"
    STATE_EXPIRED = "state expired"
    PROVIDER_ERROR = "provider answered an error"
    PROVIDER_UNREACHABLE = "provider unreachable or misconfigured"
    TOKEN_INVALID = "ID token failed verification"  # noqa: S105 (a reason, not a secret)
    NO_EMAIL = "no e-mail claim"
    EMAIL_UNVERIFIED = "e-mail not verified"
    UNKNOWN_EMAIL = "no account with this e-mail"
    SEVERAL_ACCOUNTS = "several accounts with this e-mail"
    ACCOUNT_CLOSED = "account inactive or a demonstration account"
    ROLE_NOT_ALLOWED = "role does not sign in by single sign-on"


AGAIN = _("Click “Sign in with your IOM account” again.")
MESSAGES = {
    Refusal.STATE_UNKNOWN: _(
        "This sign-in with your IOM account was not started in this browser, or was already "
        "used, so you were not signed in."
    ),
    Refusal.STATE_EXPIRED: _(
        "This sign-in with your IOM account took more than %(minutes)d minutes and expired."
    ),
    Refusal.PROVIDER_ERROR: _(
        "IOM's sign-in service did not sign you in (%(error)s). Try again; if it happens again, "
        "ask IOM's IT service desk."
    ),
    Refusal.PROVIDER_UNREACHABLE: _(
        "IOM's sign-in service could not be reached, so you were not signed in. Try again in a "
        "few minutes; if it keeps failing, tell a Manara administrator."
    ),
    Refusal.TOKEN_INVALID: _(
        "The answer of IOM's sign-in service could not be verified, so you were not signed in. "
        "Try again; if it happens again, tell a Manara administrator."
    ),
    Refusal.NO_EMAIL: _(
        "IOM's sign-in service did not give your e-mail address, so Manara cannot find your "
        "account. Ask a Manara administrator."
    ),
    Refusal.EMAIL_UNVERIFIED: _(
        "IOM's sign-in service has not verified the e-mail address %(email)s, so Manara cannot "
        "use it to find your account. Ask IOM's IT service desk to verify it, or sign in with "
        "your Manara username and password."
    ),
    Refusal.UNKNOWN_EMAIL: _(
        "No Manara account has the e-mail address %(email)s. Ask a Manara administrator to "
        "create your account or to put this address on it."
    ),
    Refusal.SEVERAL_ACCOUNTS: _(
        "Several Manara accounts have the e-mail address %(email)s, so Manara cannot tell which "
        "one is yours. Ask a Manara administrator to keep only one."
    ),
    Refusal.ACCOUNT_CLOSED: _(
        "Your Manara account is deactivated or may not sign in on this server. Ask a Manara "
        "administrator."
    ),
    Refusal.ROLE_NOT_ALLOWED: _(
        "Signing in with an IOM account is for IOM staff: sign in below with your Manara "
        "username and password. If you are IOM staff, ask a Manara administrator to change "
        "your account's role."
    ),
}
# The refusals that end with the invitation to start again.
START_AGAIN = {Refusal.STATE_UNKNOWN, Refusal.STATE_EXPIRED}


class SignInRefused(Exception):
    """A single sign-on that must not sign anyone in, with why and what the message names."""

    def __init__(self, refusal: Refusal, email: str = "", detail: str = "", error: str = ""):
        super().__init__(refusal.value)
        self.refusal = refusal
        self.email = email
        # `detail` goes to the log only; `error`, the provider's error code, to the message.
        self.detail = detail
        self.error = error

    def message(self) -> str:
        """What the person reads, in the active language."""
        text = str(MESSAGES[self.refusal]) % {
            "email": self.email,
            "error": self.error,
            "minutes": settings.OIDC_STATE_MAX_SECONDS // 60,
        }
        if self.refusal in START_AGAIN:
            text = f"{text} {AGAIN}"
        return text


def email_domain(email: str) -> str:
    """The part of an address after the @, which the log keeps instead of the address."""
    return email.rpartition("@")[2].lower() if "@" in email else "-"


# The provider's endpoints


def provider_endpoints() -> dict[str, str]:
    """The authorization, token and JWKS endpoints and the issuer the ID tokens must carry.

    Each comes from the setting of the same name when an administrator set it, else from the
    issuer's discovery document, fetched at the first sign-in and cached for an hour (a provider
    that is down when Manara starts does not stop Manara from starting). Raises SignInRefused
    when the document cannot be read or names another issuer.
    """
    explicit = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
    }
    if all(explicit.values()):
        return explicit | {"issuer": settings.OIDC_ISSUER}
    cache_key = DISCOVERY_CACHE_KEY.format(issuer=settings.OIDC_ISSUER)
    discovery = cache.get(cache_key)
    if discovery is None:
        discovery = _read_discovery_document()
        cache.set(cache_key, discovery, DISCOVERY_CACHE_SECONDS)
    return {key: value or discovery[key] for key, value in explicit.items()} | {
        "issuer": discovery["issuer"]
    }


def _read_discovery_document() -> dict[str, str]:
    address = f"{settings.OIDC_ISSUER}/.well-known/openid-configuration"
    try:
        response = requests.get(address, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused(Refusal.PROVIDER_UNREACHABLE, detail=str(error)) from error
    keys = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if any(not document.get(key) for key in keys):
        raise SignInRefused(Refusal.PROVIDER_UNREACHABLE, detail=f"{address} lacks {keys}")
    # OpenID Connect Discovery 1.0, 4.3: the document's issuer is the one asked for.
    if document["issuer"].rstrip("/") != settings.OIDC_ISSUER:
        raise SignInRefused(
            Refusal.PROVIDER_UNREACHABLE,
            detail=f"the discovery document names issuer {document['issuer']}, not OIDC_ISSUER",
        )
    return {key: document[key] for key in keys}


# Who gets in


class SingleSignOnBackend(OIDCAuthenticationBackend, ManaraBackend):
    """Finds the account the provider's ID token names; refuses with SignInRefused.

    Listed in AUTHENTICATION_BACKENDS so that a session it opened finds its user again; it
    signs in only when SingleSignOnCallbackView calls it with the state's nonce, never for a
    password. Demonstration accounts are refused with DEBUG off, as by ManaraBackend.
    """

    def __init__(self, *args, **kwargs):
        # Not the parent's: it requires every endpoint as a setting when the backend is made,
        # which happens on every request of a signed-in person; the endpoints are looked up
        # only when someone signs in (authenticate).
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        endpoints = provider_endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
        self.issuer = endpoints["issuer"]
        try:
            user = super().authenticate(request, **kwargs)
        except requests.HTTPError as error:
            # The token endpoint refused the code: used twice, expired, or a wrong secret.
            code = _token_error(error)
            raise SignInRefused(Refusal.PROVIDER_ERROR, detail=str(error), error=code) from error
        except requests.RequestException as error:
            raise SignInRefused(Refusal.PROVIDER_UNREACHABLE, detail=str(error)) from error
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            raise SignInRefused(Refusal.TOKEN_INVALID, detail=str(error)) from error
        if user is None:
            raise SignInRefused(Refusal.TOKEN_INVALID, detail="no ID token")
        return user

    def verify_token(self, token, **kwargs):
        """The library checks the signature and the nonce; the audience and issuer too here."""
        if not token:
            raise SuspiciousOperation("The provider sent no ID token.")
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        if str(payload.get("iss", "")).rstrip("/") != self.issuer.rstrip("/"):
            raise SuspiciousOperation("The ID token was issued by another issuer.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The claims of the verified ID token: Entra puts its optional claims (`xms_edov`)
        there, not at its userinfo endpoint."""
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = claims.get("email") or ""
        users = list(self.filter_users_by_claims(claims))
        active = [user for user in users if user.is_active]
        if not users:
            raise SignInRefused(Refusal.UNKNOWN_EMAIL, email=email)
        if len(active) > 1:
            raise SignInRefused(Refusal.SEVERAL_ACCOUNTS, email=email)
        user = active[0] if active else users[0]
        if not self.user_can_authenticate(user):
            raise SignInRefused(Refusal.ACCOUNT_CLOSED, email=email)
        if not permissions.signs_in_by_sso(user):
            raise SignInRefused(Refusal.ROLE_NOT_ALLOWED, email=email)
        return self.update_user(user, claims)

    def filter_users_by_claims(self, claims):
        """The accounts with the claimed e-mail (any case), once the provider says the e-mail
        is verified (OIDC_EMAIL_VERIFIED_CLAIM true)."""
        email = claims.get("email") or ""
        if not email:
            raise SignInRefused(Refusal.NO_EMAIL)
        verified = claims.get(settings.OIDC_EMAIL_VERIFIED_CLAIM)
        if not (verified is True or str(verified).lower() == "true"):
            raise SignInRefused(Refusal.EMAIL_UNVERIFIED, email=email)
        return self.UserModel.objects.filter(email__iexact=email)

    def create_user(self, claims):
        """Never: an administrator creates each account and sets its role."""
        raise SignInRefused(Refusal.UNKNOWN_EMAIL, email=claims.get("email") or "")

    def update_user(self, user, claims):
        """Nothing of the account changes: role, organisation, name and e-mail are Manara's."""
        return user

    def get_user(self, user_id):
        """The user of a session this backend opened, while they may still sign in this way:
        an account deactivated, or whose role an administrator changed, loses the session."""
        user = super().get_user(user_id)
        if user is None or not sso_enabled() or not self.user_can_authenticate(user):
            return None
        return user if permissions.signs_in_by_sso(user) else None


def _token_error(error: requests.HTTPError) -> str:
    """The provider's error code (RFC 6749, 5.2), else the HTTP status."""
    try:
        answer = error.response.json()
    except ValueError:
        answer = None
    code = answer.get("error") if isinstance(answer, dict) else None
    return (
        re.sub(r"[^a-z_]", "", str(code).lower())[:40] if code else str(error.response.status_code)
    )


# The two addresses


class SingleSignOnStartView(OIDCAuthenticationRequestView):
    """`/<language>/accounts/sso/`: sends the person to the provider's sign-in page."""

    def __init__(self, **kwargs):
        # Not the parent's, which reads the endpoint from the settings when the view is made.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not sso_enabled():
            raise Http404
        language = translation.get_language()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints()["authorization_endpoint"]
        except SignInRefused as refusal:
            return refuse(request, refusal, language)
        request.session[LANGUAGE_SESSION_KEY] = language
        return super().get(request)


class SingleSignOnCallbackView(OIDCAuthenticationCallbackView):
    """`/oidc/callback/`: where the provider sends the person back; signs them in or says why
    not on the login page."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        language = request.session.get(LANGUAGE_SESSION_KEY) or translation.get_language()
        with translation.override(language):
            try:
                self.user = self.user_named_by_provider(request)
            except SignInRefused as refusal:
                return refuse(request, refusal, language)
            response = self.login_success()
            # After login(), which starts the session's record of factors afresh.
            mark_signed_in_by_sso(request)
            request.session.pop(LANGUAGE_SESSION_KEY, None)
            logger.info(
                "Single sign-on: %s signed in (%s).",
                self.user.get_username(),
                email_domain(self.user.email),
            )
            return response

    def user_named_by_provider(self, request: HttpRequest):
        """Check the state this session sent, then ask the backend for the account."""
        states = request.session.get("oidc_states") or {}
        state = request.GET.get("state", "")
        started = states.pop(state, None)
        if started is not None:
            # Used once: a replayed answer finds no state.
            request.session["oidc_states"] = states
        if error := request.GET.get("error"):
            description = request.GET.get("error_description", "")
            raise SignInRefused(
                Refusal.PROVIDER_ERROR,
                # Quoted and cut short: anyone can write this address, and so the log line.
                detail=f"{error[:60]!r} {description[:200]!r}",
                # Only its short code is shown to the person.
                error=re.sub(r"[^a-z_]", "", error.lower())[:40],
            )
        if started is None or not request.GET.get("code"):
            raise SignInRefused(Refusal.STATE_UNKNOWN)
        if time.time() - started["added_on"] > settings.OIDC_STATE_MAX_SECONDS:
            raise SignInRefused(Refusal.STATE_EXPIRED)
        user = SingleSignOnBackend().authenticate(
            request, nonce=started["nonce"], code_verifier=started.get("code_verifier")
        )
        user.backend = BACKEND
        return user

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or reverse(settings.LOGIN_REDIRECT_URL)


def refuse(request: HttpRequest, refusal: SignInRefused, language: str) -> HttpResponse:
    """Log why, and send the person to the login page with a message in their language."""
    logger.warning(
        "Single sign-on refused: %s (%s)%s.",
        refusal.refusal.value,
        email_domain(refusal.email),
        f": {refusal.detail}" if refusal.detail else "",
    )
    request.session.pop(LANGUAGE_SESSION_KEY, None)
    with translation.override(language):
        messages.error(request, refusal.message())
        return HttpResponseRedirect(reverse("accounts:login"))
