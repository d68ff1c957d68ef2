"""The back office in the signed-in person's language."""

from django.utils import translation


class BackOfficeLanguageMiddleware:
    """Speak the signed-in person's language (`User.language`) on the admin's pages.

    The admin has no language prefix, so LocaleMiddleware alone would follow the browser. Pages
    under /fr/, /ar/ and /en/ keep the language of their address; before signing in, the admin
    still follows the browser among Manara's languages, French otherwise. Arabic turns the
    admin right to left by itself (its templates read LANGUAGE_BIDI).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.app_name == "admin" and request.user.is_authenticated:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = translation.get_language()
