"""`{% if user|may:"reads_everything" %}`: templates ask the rules of accounts/permissions.py."""

from django import template

from accounts import permissions

register = template.Library()


@register.filter
def may(user, rule: str) -> bool:
    """Whether the user satisfies the named rule (an unknown name is an error, not a refusal)."""
    return permissions.RULES[rule](user)
