"""The moves of a record, read-only, under its change form in the back office."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from .models import StatusChange


class StatusChangeInline(GenericTabularInline):
    """A workflow record's status moves: who, when, from what to what, and why."""

    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("at", "moved_from", "moved_to", "by", "reason")
    readonly_fields = fields

    @admin.display(description=_("from"))
    def moved_from(self, change):
        return change.from_label

    @admin.display(description=_("to"))
    def moved_to(self, change):
        return change.to_label

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")
