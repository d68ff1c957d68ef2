"""`manage.py smoke_user create|code|delete|cleanup`: the throwaway account of the smoke test.

scripts/smoke_test.py signs in through the real login and two-factor pages after a deployment
(README "After a deployment: the smoke test"). It needs an account that exists only for that
minute: `create` makes an IOM staff account named `smoke-test-…` with a random password and an
enrolled authenticator app, and prints its name and password as JSON; `code` prints the code its
app shows now; `delete` removes it; `cleanup` removes every one left by a run that was killed.
The commands act on these accounts only: they never print a code of, or delete, a real person.
"""

import json
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.models import User

PREFIX = "smoke-test-"


def smoke_account(username: str) -> User:
    if not username.startswith(PREFIX):
        raise CommandError(f"{username!r} is not a smoke-test account (they start with {PREFIX}).")
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No account {username!r}.")
    return user


class Command(BaseCommand):
    help = "Create, give the current code of, or delete the smoke test's throwaway account."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "code", "delete", "cleanup"])
        parser.add_argument("username", nargs="?", default="")

    def handle(self, *args, action, username, **options):
        if action == "create":
            self.stdout.write(json.dumps(self.create()))
        elif action == "code":
            device = twofactor.app_device(smoke_account(username))
            if device is None:
                raise CommandError(f"{username!r} has no authenticator app.")
            self.stdout.write(twofactor.current_code(device))
        elif action == "delete":
            smoke_account(username).delete()
            self.stdout.write(f"{username} deleted.")
        else:
            removed, _by_model = User.objects.filter(username__startswith=PREFIX).delete()
            self.stdout.write(f"{removed} row(s) of smoke-test accounts deleted.")

    @transaction.atomic
    def create(self) -> dict:
        """An IOM staff account (it reads every main page) that owes a code after its password."""
        username = PREFIX + secrets.token_hex(4)
        password = secrets.token_urlsafe(24)
        user = User.objects.create_user(
            username=username,
            password=password,
            role=User.Role.IOM_STAFF,
            first_name="Smoke",
            last_name="Test",
        )
        TOTPDevice.objects.create(user=user, name=twofactor.APP_DEVICE_NAME, confirmed=True)
        return {"username": username, "password": password}
