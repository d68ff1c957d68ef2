"""Who may sign in: Django's ModelBackend, except the demonstration accounts when DEBUG is off.

`seed_demo` makes accounts with a published password (DEMO_PASSWORD) on a DEBUG machine. A
database seeded once that way and then served with DEBUG off must not let them in: this backend
refuses them at sign-in and drops their open sessions (Django asks `user_can_authenticate` for
both), and `manage.py check --deploy` names those that remain (accounts/checks.py).
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ManaraBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if not settings.DEBUG and getattr(user, "is_demo", False):
            return False
        return super().user_can_authenticate(user)
