"""The unread count of the menu's badge, on every page of the staff application."""

import functools

from django.conf import settings

from .models import Notification


def unread_notifications(request) -> dict:
    """`unread_notifications`: a callable, so only a page that shows the badge counts (once).

    Without a session cookie nobody is signed in: the session is left unread, and public pages
    stay cacheable (no `Vary: Cookie`).
    """
    return {"unread_notifications": functools.cache(functools.partial(_count, request))}


def _count(request) -> int:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return 0
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).unread().count()
