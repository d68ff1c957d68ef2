"""Values every template needs: map tile settings, the language switcher's links, and whether the
signed-in person still owes their second factor (the menu is hidden until then)."""

import functools

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from accounts.twofactor import pending_step


def site(request):
    """Expose the map tile server and, for each language, the address of the same page in it."""
    current = get_language()
    path = request.get_full_path()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {
        # Only the password so far: the menu waits until the second factor is given. A callable,
        # worked out only by templates that ask (public pages never read the session).
        "second_factor_pending": functools.partial(_second_factor_pending, request),
        "TILE_URL": settings.TILE_URL,
        "TILE_ATTRIBUTION": settings.TILE_ATTRIBUTION,
        "language_links": languages,
    }


def _second_factor_pending(request) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and pending_step(request))
