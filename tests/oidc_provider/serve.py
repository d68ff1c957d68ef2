"""Start the test OpenID Connect provider: make its database, its people and the Manara client,
then serve on the address given (`python -m tests.oidc_provider.serve 127.0.0.1:8765`).

`process.py` runs it in a second process with the variables its settings read, plus:
OIDC_PROVIDER_PEOPLE (JSON list of {username, password, email, verified}),
OIDC_PROVIDER_CLIENT_ID, OIDC_PROVIDER_CLIENT_SECRET and OIDC_PROVIDER_REDIRECT_URIS (spaces).
"""

import json
import os
import sys

import django
from django.core.management import call_command


def seed() -> None:
    """The provider's people and the application Manara signs in through."""
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    from tests.oidc_provider.claims import UNVERIFIED_GROUP

    unverified = Group.objects.create(name=UNVERIFIED_GROUP)
    for person in json.loads(os.environ["OIDC_PROVIDER_PEOPLE"]):
        user = User.objects.create_user(
            person["username"], email=person["email"], password=person["password"]
        )
        if not person.get("verified", True):
            user.groups.add(unverified)
    Application.objects.create(
        name="Manara",
        client_id=os.environ["OIDC_PROVIDER_CLIENT_ID"],
        client_secret=os.environ["OIDC_PROVIDER_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_PROVIDER_REDIRECT_URIS"],
        algorithm=Application.RS256_ALGORITHM,
        # Entra asks a person's consent once, or an administrator gives it for the tenant.
        skip_authorization=True,
    )


def main(address: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    seed()
    call_command("runserver", address, use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main(sys.argv[1])
