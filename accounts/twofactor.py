"""Second factor and recent checks of who is at the keyboard: the session's side of them.

Signing in with a password, with a one-time code, or through IOM's single sign-on each write into
the session when the person last proved who they are; revealing a case's identity asks again when
that check is older than IDENTITY_RECHECK_MINUTES.
"""

from __future__ import annotations

import time

from django.http import HttpRequest

# The session keys (one place, read by the middleware, the views and the single sign-on).
SSO_SESSION_KEY = "manara_signed_in_by_sso"
CHECKED_AT_SESSION_KEY = "manara_identity_checked_at"


def mark_checked(request: HttpRequest) -> None:
    """The person just proved who they are (password, one-time code or single sign-on)."""
    request.session[CHECKED_AT_SESSION_KEY] = int(time.time())


def mark_signed_in_by_sso(request: HttpRequest) -> None:
    """The person signed in through IOM's identity provider, which checks its own second factor."""
    request.session[SSO_SESSION_KEY] = True
    mark_checked(request)


def signed_in_by_sso(request: HttpRequest) -> bool:
    return bool(request.session.get(SSO_SESSION_KEY))
