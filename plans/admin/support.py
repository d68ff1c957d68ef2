"""Back office of IOM's support to partners, with the attendance sheet behind a checked view."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.concurrency import StaleSaveAdminMixin

from ..models import (
    SupportActivity,
    SupportFollowUp,
    SupportParticipants,
)
from .access import (
    PlansAdmin,
    TabularInline,
)


class StoredSheet:
    """A stored attendance sheet as the file widget shows it: its name, and where to read it."""

    def __init__(self, name: str, url: str):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


class AttendanceSheetWidget(AdminFileWidget):
    """Links a stored attendance sheet to the page that checks who may read it, never to the
    file's place in the media folder."""

    url = ""

    def format_value(self, value):
        value = super().format_value(value)
        if self.url and self.is_initial(value):
            return StoredSheet(str(value), self.url)
        return value


class SupportParticipantsInline(TabularInline):
    model = SupportParticipants
    fields = ("organisation", "women", "men", "total")
    readonly_fields = ("total",)

    @admin.display(description=_("total"))
    def total(self, group):
        return group.total if group.pk else "—"


class SupportFollowUpInline(TabularInline):
    model = SupportFollowUp
    fields = ("action", "owner", "due_on", "is_done")
    # Marked done on the activity's page, through the workflow (which logs who and when).
    readonly_fields = ("is_done",)


@admin.register(SupportActivity)
class SupportActivityAdmin(StaleSaveAdminMixin, PlansAdmin):
    """A visit, training or workshop given to a partner, with its participants and follow-up.

    The facility is chosen by its number: there can be thousands.
    """

    list_display = ("date", "kind", "topic", "organisation", "project", "recorded_by")
    list_display_links = ("date", "topic")
    list_filter = ("kind", "project")
    list_select_related = ("organisation", "project", "recorded_by")
    search_fields = ("topic", "organisation__name", "organisation__acronym")
    date_hierarchy = "date"
    raw_id_fields = ("facility",)
    fields = (
        ("kind", "date"),
        "organisation",
        "facility",
        "project",
        "topic",
        "summary",
        "attendance_sheet",
        ("recorded_by", "created_at"),
    )
    readonly_fields = ("recorded_by", "created_at")
    formfield_overrides = {models.FileField: {"widget": AttendanceSheetWidget}}
    inlines = [SupportParticipantsInline, SupportFollowUpInline]

    def scope(self, queryset, user):
        return queryset.visible_to(user)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Readers see a link to the sheet's page too, not to the file in the media folder.
        return [
            "attendance_sheet_link" if field == "attendance_sheet" else field for field in fields
        ]

    @admin.display(description=_("attendance sheet"))
    def attendance_sheet_link(self, activity):
        if not activity.attendance_sheet:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("plans:attendance_sheet", args=[activity.pk]),
            activity.attendance_sheet.name.rsplit("/", 1)[-1],
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        sheet = form.base_fields.get("attendance_sheet")
        if obj is not None and sheet is not None:
            sheet.widget.url = reverse("plans:attendance_sheet", args=[obj.pk])
        return form
