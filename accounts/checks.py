"""`manage.py check --deploy`: demonstration accounts left in a production database; `manage.py
check`: single sign-on half configured."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
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


SSO_SETTINGS = ("OIDC_ISSUER", "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET")


@register(Tags.security)
def single_sign_on_half_configured(app_configs=None, **kwargs):
    """Single sign-on is on only with all three variables: a missing one is a typo, not a wish."""
    missing = [name for name in SSO_SETTINGS if not getattr(settings, name)]
    if not missing or len(missing) == len(SSO_SETTINGS):
        return []
    return [
        Warning(
            f"Single sign-on is off: {', '.join(missing)} is not set.",
            hint="Set all three of " + ", ".join(SSO_SETTINGS) + ", or none (README "
            '"Single sign-on (IOM staff)").',
            id="manara.W101",
        )
    ]
