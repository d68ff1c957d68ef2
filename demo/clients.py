"""A Django test client signed in as a demo user, past the second factor, for the benchmarks."""

from django.test import Client

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
