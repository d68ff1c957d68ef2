"""For the benchmarks: a Django test client signed in as a demo user past the second factor, and
the conditions their pages are requested under."""

import contextlib
import warnings

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from accounts import twofactor


def signed_in_client(user, **defaults) -> Client:
    """Like `Client.force_login`, which skips the password: it skips the code as well, so the
    benchmarks time the pages themselves, not the redirection to the code page."""
    client = Client(**defaults)
    client.force_login(user)
    session = client.session
    session[twofactor.PASSED_SESSION_KEY] = True
    session.save()
    return client


@contextlib.contextmanager
def page_conditions(**overrides):
    """What the benchmarks request their pages under: the test client's host allowed, the plain
    static storage (the manifest is missing where collectstatic never ran, and WhiteNoise's
    warning about it is silenced), French; `overrides` are further settings."""
    test_settings = override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        **overrides,
    )
    with warnings.catch_warnings(), test_settings, translation.override("fr"):
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        yield
