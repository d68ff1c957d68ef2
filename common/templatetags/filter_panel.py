"""What the one filter panel of every list (`templates/_filter_panel.html`) needs to know."""

from django import template

register = template.Library()


@register.filter
def sets_a_shown_filter(form) -> bool:
    """True when the bound filter `form` has a visible field set or an error: the panel opens.

    Hidden fields that travel with the filters (the sort order, the facility of the facility
    page's "see all" link) do not open it: the person did not set them in the panel.
    """
    if form.errors:
        return True
    if not form.is_bound:
        return False
    return any(not form[name].is_hidden for name in form.changed_data)
