"""`manage.py demo_totp USERNAME`: the code a demo account's authenticator app shows now.

The demo accounts of administrators and IOM staff sign in with a second factor; `seed_demo`
enrols them with a published key (demo/facilities.py, DEMO_TOTP_KEY). This prints their current
code so that a newcomer, the screenshots script and manual tests sign in as every role. Only with
DEBUG on, and only for demo accounts: it never prints a code of a real person.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import twofactor
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp works only with DEBUG on, where demo accounts exist.")
        user = User.objects.filter(username=username).first()
        if user is None or not user.is_demo:
            raise CommandError(f"{username!r} is not a demo account of seed_demo.")
        device = twofactor.app_device(user)
        if device is None:
            raise CommandError(f"{username!r} has no authenticator app: run seed_demo.")
        self.stdout.write(twofactor.current_code(device))
