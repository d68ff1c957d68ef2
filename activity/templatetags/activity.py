"""`{% recent_changes object %}`: the activity fragment every detail page shows."""

from django import template

from activity.changes import recent_changes as changes_of

register = template.Library()


@register.inclusion_tag("activity/_recent_changes.html")
def recent_changes(instance, limit: int = 10):
    """The latest changes of a record (shown on a page that already checked who may read it)."""
    return {"changes": changes_of(instance, limit)}
