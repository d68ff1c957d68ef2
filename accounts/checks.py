"""`manage.py check --deploy`: demonstration accounts left in a production database."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def demo_accounts_left(app_configs=None, **kwargs):
    from .models import DEMO_EMAIL_DOMAIN, User

    if settings.DEBUG:
        return []
    try:
        names = list(
            User.objects.filter(email__iendswith="@" + DEMO_EMAIL_DOMAIN)
            .order_by("username")
            .values_list("username", flat=True)
        )
    except DatabaseError:  # no database yet (before the first migrate): nothing to report
        return []
    if not names:
        return []
    return [
        Error(
            f"Demonstration accounts exist: {', '.join(names)}.",
            hint=(
                "Their password is published. With DEBUG off they cannot sign in; delete them "
                "in /admin/ or with `manage.py shell` before going live."
            ),
            id="manara.E001",
        )
    ]
