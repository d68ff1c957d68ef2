"""Filters of the notifications page (django-filter, a GET form)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .kinds import Kind
from .models import Notification


class NotificationFilter(django_filters.FilterSet):
    """Narrow one's notifications by kind and by whether they were read."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds")
    )
    state = django_filters.ChoiceFilter(
        label=_("Read or not"),
        choices=[("unread", _("Unread")), ("read", _("Read"))],
        empty_label=_("Read and unread"),
        method="by_state",
    )

    class Meta:
        model = Notification
        fields = ["kind", "state"]

    def by_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")
