"""Back office for frameworks, assessments, needs and the prioritisation weights.

A published or retired framework is shown read-only (its criteria too); the "new version" action
makes an editable copy. Only Manara administrators change frameworks and weights.
"""

import re

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import permissions
from activity.admin import StatusChangeInline
from common.concurrency import StaleSaveAdminMixin
from common.workflow import WorkflowAdminMixin

from .models import (
    Answer,
    Assessment,
    Criterion,
    Framework,
    Need,
    PrioritySettings,
)


def _is_admin(request) -> bool:
    return permissions.is_admin(request.user)


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = (
        ("dimension", "code", "order", "weight"),
        ("is_critical", "photo_useful"),
        "facility_kinds",
        "standard",
        ("question_fr", "question_ar", "question_en"),
        ("guidance_fr", "guidance_ar", "guidance_en"),
        ("recommendation_fr", "recommendation_ar", "recommendation_en"),
    )

    def has_add_permission(self, request, obj=None):
        return _is_admin(request) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return _is_admin(request) and (obj is None or obj.is_editable)


def next_version(version: str) -> str:
    """1.0 → 1.1, 2 → 3, 1.9 → 1.10; anything else gets ".1" appended."""
    match = re.fullmatch(r"(.*?)(\d+)", version)
    if not match:
        return f"{version}.1"
    return f"{match[1]}{int(match[2]) + 1}"


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Versioned frameworks; a published one is frozen and copied to change it."""

    list_display = ("name", "version", "status", "criteria_count", "published_at")
    list_filter = ("status",)
    readonly_fields = ("status", "published_at", "based_on")
    inlines = [CriterionInline, StatusChangeInline]
    actions = ["publish", "retire", "make_new_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criteria_total=Count("criteria"))

    @admin.display(description=_("criteria"), ordering="criteria_total")
    def criteria_count(self, framework):
        return framework.criteria_total

    def has_add_permission(self, request):
        return _is_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return _is_admin(request) and (obj is None or obj.is_editable)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def change_view(self, request, object_id, form_url="", extra_context=None):
        framework = self.get_object(request, object_id)
        if framework is not None and not framework.is_editable and request.method == "GET":
            messages.warning(
                request,
                _(
                    "This framework is %(status)s and cannot be changed; use the action "
                    "“New version” to make an editable copy."
                )
                % {"status": framework.get_status_display().lower()},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        try:
            super().save_model(request, obj, form, change)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        if not _is_admin(request):
            return
        for framework in queryset:
            try:
                framework.publish(request.user)
            except ValidationError as error:
                messages.error(request, f"{framework}: {' '.join(error.messages)}")
            else:
                messages.success(
                    request, _("%(framework)s is published.") % {"framework": framework}
                )

    @admin.action(description=_("Retire the selected frameworks"))
    def retire(self, request, queryset):
        if not _is_admin(request):
            return
        for framework in queryset:
            try:
                framework.retire(request.user)
            except ValidationError as error:
                messages.error(request, f"{framework}: {' '.join(error.messages)}")
            else:
                messages.success(request, _("%(framework)s is retired.") % {"framework": framework})

    @admin.action(description=_("New version (an editable copy)"))
    def make_new_version(self, request, queryset):
        if not _is_admin(request):
            return None
        drafts = []
        for framework in queryset:
            version = next_version(framework.version)
            while Framework.objects.filter(name=framework.name, version=version).exists():
                version = next_version(version)
            drafts.append(framework.new_version(version))
        messages.success(
            request,
            ngettext(
                "%(count)d draft made: change it, then publish it.",
                "%(count)d drafts made: change them, then publish them.",
                len(drafts),
            )
            % {"count": len(drafts)},
        )
        if len(drafts) == 1:
            return HttpResponseRedirect(
                reverse("admin:assessments_framework_change", args=[drafts[0].pk])
            )
        return None


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("criterion", "score", "not_applicable", "comment")
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    """Assessments with their stored results (computed, never typed) and their history."""

    list_display = (
        "facility",
        "framework",
        "assessed_on",
        "status",
        "overall_score",
        "severity",
        "critical_gaps",
        "needs_cost",
    )
    list_filter = ("status", "framework", "facility__region")
    list_select_related = ("facility", "framework")
    search_fields = ("facility__name", "facility__code")
    autocomplete_fields = ("facility",)
    date_hierarchy = "assessed_on"
    readonly_fields = (
        "status",
        "submitted_at",
        "validated_at",
        "validated_by",
        "score_accessibility",
        "score_safety",
        "score_services",
        "score_protection",
        "overall_score",
        "severity",
        "critical_gaps",
        "needs_cost",
    )
    inlines = [AnswerInline, StatusChangeInline]


@admin.register(Need)
class NeedAdmin(WorkflowAdminMixin, StaleSaveAdminMixin, admin.ModelAdmin):
    """Needs; their status moves through the workflow (one step at a time), logged below."""

    list_display = (
        "description",
        "facility",
        "dimension",
        "kind",
        "urgency",
        "status",
        "total_cost",
    )
    list_filter = ("status", "urgency", "dimension", "kind", "facility__region")
    list_select_related = ("facility",)
    search_fields = ("description", "facility__name", "facility__code")
    autocomplete_fields = ("facility",)
    raw_id_fields = ("assessment", "criterion")
    readonly_fields = ("total_cost", "status_changed_at", "status_changed_by")
    inlines = [StatusChangeInline]


@admin.register(PrioritySettings)
class PrioritySettingsAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    """The one row of prioritisation weights: only administrators change it."""

    fields = (
        "weight_gap",
        "weight_severity",
        "weight_people",
        "weight_vulnerable",
        "weight_critical",
        "people_reference",
        "critical_gaps_reference",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return _is_admin(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def changelist_view(self, request, extra_context=None):
        settings_row = PrioritySettings.load()
        return HttpResponseRedirect(
            reverse("admin:assessments_prioritysettings_change", args=[settings_row.pk])
        )

    def get_object(self, request, object_id, from_field=None):
        return PrioritySettings.load()
