"""The second factor (a code from an authenticator app, or a recovery code) and the recent checks
of who is at the keyboard.

django-otp keeps the devices (`TOTPDevice`: the app's secret, the last time step used, so a code
works once; `StaticDevice`: ten single-use recovery codes) and slows down repeated wrong codes.
This module decides, once per sign-in, what the person still owes (`pending_step`): nothing, a code
("verify", they have an app) or an enrolment ("enrol", their role or organisation requires one and
they have none); `SecondFactorMiddleware` sends them there before any other page, the back office
included. A wrong code counts as a failed sign-in for django-axes, so it is listed for
administrators and locks the account out like wrong passwords do.

Signing in with a password, with a code, or through IOM's single sign-on writes into the session
when the person last proved who they are; revealing a case's identity asks again when that check
is older than IDENTITY_RECHECK_MINUTES (`recently_checked`).
"""

from __future__ import annotations

import enum
import logging
import math
import time
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions

logger = logging.getLogger(__name__)

# The session keys (one place, read by the middleware, the views and the single sign-on).
SSO_SESSION_KEY = "manara_signed_in_by_sso"
CHECKED_AT_SESSION_KEY = "manara_identity_checked_at"
STEP_SESSION_KEY = "manara_second_factor_step"
PASSED_SESSION_KEY = "manara_second_factor_passed"

VERIFY = "verify"
ENROL = "enrol"

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"


# Recent checks


def mark_checked(request: HttpRequest) -> None:
    """The person just proved who they are (password, one-time code or single sign-on)."""
    request.session[CHECKED_AT_SESSION_KEY] = int(time.time())


def mark_signed_in_by_sso(request: HttpRequest) -> None:
    """The person signed in through IOM's identity provider, which checks its own second factor."""
    request.session[SSO_SESSION_KEY] = True
    mark_checked(request)


def signed_in_by_sso(request: HttpRequest) -> bool:
    return bool(request.session.get(SSO_SESSION_KEY))


def recently_checked(request: HttpRequest) -> bool:
    """Whether the person proved who they are within IDENTITY_RECHECK_MINUTES."""
    checked_at = request.session.get(CHECKED_AT_SESSION_KEY) or 0
    return time.time() - checked_at <= settings.IDENTITY_RECHECK_MINUTES * 60


# Devices


def app_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def unconfirmed_app_device(user) -> TOTPDevice:
    """The app being enrolled: the same secret until confirmed, so a reload keeps the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def new_recovery_codes(user) -> list[str]:
    """Ten new single-use recovery codes, replacing any earlier ones (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_second_factor(user) -> None:
    """Forget the person's app and recovery codes (they turned it off, or lost their phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def format_key(device: TOTPDevice) -> str:
    """The app's secret as people type it into an app: base32, in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


# Checking a code


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    RECOVERY_CODE = "recovery_code"
    WRONG = "wrong"
    REPLAYED = "replayed"
    WAIT = "wait"


@dataclass
class CodeCheck:
    outcome: Outcome
    wait_seconds: int = 0
    recovery_codes_left: int = 0

    @property
    def accepted(self) -> bool:
        return self.outcome in (Outcome.ACCEPTED, Outcome.RECOVERY_CODE)


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _code_of_step(device: TOTPDevice, step: int) -> int:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = device.t0 + (step - device.drift) * device.step
    return totp.token()


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one if this one was already used (demo_totp)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    step = max(totp.t(), device.last_t + 1)
    return f"{_code_of_step(device, step):0{device.digits}d}"


def _wait_seconds(data: dict | None) -> int:
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def check_code(user, code: str, device: TOTPDevice | None = None) -> CodeCheck:
    """Check a code of the person's app (or, without `device`, a recovery code too).

    A code of the app works once (django-otp remembers the last time step); a code already used
    is told apart from a wrong one, so the person knows to wait for the next. Each wrong code
    doubles the wait before the next attempt (django-otp's throttling).
    """
    code = _normalise(code)
    with transaction.atomic():
        app = (
            TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
            if device is not None
            else TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        )
        if app is not None and code.isdigit():
            allowed, data = app.verify_is_allowed()
            if not allowed:
                return CodeCheck(Outcome.WAIT, wait_seconds=_wait_seconds(data))
            if app.verify_token(code):
                return CodeCheck(Outcome.ACCEPTED)
            used = range(max(0, app.last_t - app.tolerance), app.last_t + 1)
            if app.last_t >= 0 and int(code) in {_code_of_step(app, step) for step in used}:
                return CodeCheck(Outcome.REPLAYED)
            return CodeCheck(Outcome.WRONG)
        if device is None and code:
            recovery = (
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            if recovery is not None:
                allowed, data = recovery.verify_is_allowed()
                if not allowed:
                    return CodeCheck(Outcome.WAIT, wait_seconds=_wait_seconds(data))
                if recovery.verify_token(code):
                    left = recovery.token_set.count()
                    return CodeCheck(Outcome.RECOVERY_CODE, recovery_codes_left=left)
    return CodeCheck(Outcome.WRONG)


def record_refused_code(request: HttpRequest, user, outcome: Outcome) -> bool:
    """Log a refused code and count it as a failed sign-in (django-axes); True when that failure
    locked the account out."""
    logger.warning("Second factor refused (%s) for account %r.", outcome.value, user.get_username())
    if outcome is Outcome.WAIT:
        return False
    credentials = {"username": user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return AxesProxyHandler.is_locked(request, credentials)


def locked_out(request: HttpRequest, user) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


# What the person still owes after their password


def _step_for(user) -> str:
    if has_second_factor(user):
        return VERIFY
    if permissions.needs_second_factor(user):
        return ENROL
    return ""


def pending_step(request: HttpRequest) -> str:
    """ "" when the signed-in person may go on; VERIFY or ENROL when they owe a second factor.

    Worked out once per sign-in and kept in the session, so a page costs no query; worked out
    again if someone's role now requires a second factor (an administrator promoted them).
    """
    if request.session.get(PASSED_SESSION_KEY) or signed_in_by_sso(request):
        return ""
    step = request.session.get(STEP_SESSION_KEY)
    if step is None or (step == "" and permissions.is_iom(request.user)):
        step = _step_for(request.user)
        request.session[STEP_SESSION_KEY] = step
    return step


def mark_passed(request: HttpRequest) -> None:
    """The person gave a good code (or just enrolled): nothing more is owed this session."""
    request.session[PASSED_SESSION_KEY] = True
    request.session[STEP_SESSION_KEY] = ""
    mark_checked(request)


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs):
    """A new sign-in owes its own second factor and counts as a fresh check."""
    if request is None or not hasattr(request, "session"):
        return
    for key in (PASSED_SESSION_KEY, SSO_SESSION_KEY, STEP_SESSION_KEY):
        request.session.pop(key, None)
    mark_checked(request)


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The page to go on to, from `next`, when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("home")


# Pages a person owing a second factor may still open.
OPEN_WHILE_PENDING = {
    ("accounts", "two_factor_verify"),
    ("accounts", "two_factor_setup"),
    ("accounts", "logout"),
    ("admin", "logout"),
    ("", "healthz"),
    ("", "set_language"),
}


class SecondFactorMiddleware:
    """Before any page, send a person who owes a second factor to the code or enrolment page.

    After AuthenticationMiddleware; covers the back office and every app, since a view cannot
    forget it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Without a session cookie nobody is signed in: the session is left unread, so public
        # pages stay cacheable (no `Vary: Cookie`).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        if not request.user.is_authenticated:
            return None
        step = pending_step(request)
        if not step:
            return None
        match = request.resolver_match
        if (match.app_name, match.url_name) in OPEN_WHILE_PENDING:
            return None
        target = reverse(
            "accounts:two_factor_verify" if step == VERIFY else "accounts:two_factor_setup"
        )
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
