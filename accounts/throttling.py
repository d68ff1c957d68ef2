"""Login throttling: the client's address, the lockout page, and the limit on reset requests.

django-axes counts wrong passwords and refuses a locked-out sign-in (settings, README "Login
throttling"); this module tells it who the client is and what a locked-out person sees. The
password-reset form sends mail rather than checking a password, so Axes does not see it: it is
limited here, per address and per email address, with the same limit and cool-off.
"""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, ngettext

logger = logging.getLogger(__name__)

# How long reset requests are counted when sign-ins lock until an administrator unlocks them.
RESET_WINDOW_WITHOUT_COOLOFF = timedelta(minutes=15)


def client_address(request: HttpRequest) -> str | None:
    """The address of the person signing in (Axes' AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT reverse proxies stand in front of Manara: each appends
    the address it was reached from to X-Forwarded-For, so the entry that many places from the
    right is the one the outermost proxy saw. Entries further left were written by the client
    and are never believed.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def _minutes(duration: timedelta) -> int:
    return max(1, math.ceil(duration.total_seconds() / 60))


def lockout_message() -> str:
    """What a locked-out person reads, in the active language."""
    if settings.AXES_COOLOFF_TIME is None:
        return gettext(
            "Too many failed sign-in attempts. Ask an administrator to unlock your account."
        )
    minutes = _minutes(settings.AXES_COOLOFF_TIME)
    return ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)d minute, or ask an "
        "administrator to unlock your account.",
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes, or ask an "
        "administrator to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The login page again, status 429, with the lockout message (AXES_LOCKOUT_CALLABLE).

    The form is unbound, with the username filled in: a bound form would check the password
    again when its errors are shown, counting one more failure.
    """
    from .forms import LoginForm

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    logger.warning(
        "Sign-in locked out: account %r from %s after %s failures.",
        username,
        getattr(request, "axes_ip_address", None),
        getattr(request, "axes_failures_since_start", "repeated"),
    )
    context = {
        "form": LoginForm(request, initial={"username": username}),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "lockout_message": lockout_message(),
    }
    return render(request, "accounts/login.html", context, status=429)


def reset_window() -> timedelta:
    """How long password-reset requests are counted: the sign-in cool-off."""
    return settings.AXES_COOLOFF_TIME or RESET_WINDOW_WITHOUT_COOLOFF


def reset_requests_exceeded(request: HttpRequest, email: str) -> bool:
    """Count one password-reset request from this address and for this email address; True
    once either has asked more than AXES_FAILURE_LIMIT times within the window."""
    timeout = int(reset_window().total_seconds())
    exceeded = False
    for key in (
        f"accounts:password-reset:address:{client_address(request)}",
        f"accounts:password-reset:email:{email.strip().lower()}",
    ):
        cache.add(key, 0, timeout)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)
            count = 1
        exceeded = exceeded or count > settings.AXES_FAILURE_LIMIT
    if exceeded:
        logger.warning(
            "Password reset refused: too many requests from %s or for one email address.",
            client_address(request),
        )
    return exceeded


def reset_throttled_message() -> str:
    """What someone who asked for too many reset links reads, in the active language."""
    minutes = _minutes(reset_window())
    return ngettext(
        "Too many password reset requests. Try again in %(minutes)d minute.",
        "Too many password reset requests. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
