"""What every signed-in request goes through: the session's time limits and private pages.

Manara is used on shared office computers and phones. A session ends after
`SESSION_IDLE_MINUTES` without a request (30 by default) and `SESSION_MAX_HOURS` after the
sign-in (12 by default), whatever the activity; its cookie ends when the browser closes
(`SESSION_EXPIRE_AT_BROWSER_CLOSE`). Every page served to a signed-in person is marked
`Cache-Control: private, no-store`, unless its view chose otherwise, so that neither the
browser's cache nor a proxy keeps a case or an assessment for the next person.

Django has the browser-close and absolute cookie ages but no idle timeout; django-session-timeout
would add a dependency for the dozen lines below, and it would not tell the person why they were
signed out.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
# The last-seen time is written at most this often, so that most requests write no session.
LAST_SEEN_STEP = 60


def signed_in(request) -> bool:
    """Whether a signed-in person made the request. Without a session cookie the session is not
    read: a visitor's public page stays free of `Vary: Cookie` and stays cacheable."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


@receiver(user_logged_in)
def remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


class SessionLimitsMiddleware:
    """Signs out a session idle for too long, or older than its maximum, saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if signed_in(request):
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session, now = request.session, int(time.time())
        signed_in_at = session.get(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        idle_minutes = settings.SESSION_IDLE_SECONDS // 60
        if now - last_seen > settings.SESSION_IDLE_SECONDS:
            logout(request)
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)s minute without activity.",
                    "You were signed out after %(minutes)s minutes without activity.",
                    idle_minutes,
                )
                % {"minutes": idle_minutes},
            )
        elif now - signed_in_at > settings.SESSION_MAX_SECONDS:
            logout(request)
            messages.info(request, _("Your session has ended: sign in again."))
        elif now - last_seen >= LAST_SEEN_STEP or SIGNED_IN_AT not in session:
            session[LAST_SEEN] = now
            session.setdefault(SIGNED_IN_AT, signed_in_at)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person whose view set
    no caching of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if signed_in(request) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
