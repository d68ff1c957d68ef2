"""`{% sso_enabled as sso %}`: whether the login page offers IOM's single sign-on."""

from django import template

from accounts.oidc import sso_enabled as configured

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    """Whether single sign-on is configured (accounts/oidc.py)."""
    return configured()
