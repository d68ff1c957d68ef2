"""Back office for Morocco's administrative map, the taxonomies and the facilities."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts import permissions
from common.concurrency import StaleSaveAdminMixin
from common.spreadsheet_admin import SpreadsheetAdminMixin

from .models import Facility, Province, Region, ServiceCategory, TargetGroup
from .resources import FacilityResource, ServiceCategoryResource


class ReferenceDataAdmin(admin.ModelAdmin):
    """Official reference data loaded by migration: only superusers may add, change or delete it.

    Everyone else with access reads it, so that a typo cannot rename a region for every record.
    """

    def has_add_permission(self, request):
        return permissions.edits_official_lists(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.edits_official_lists(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.edits_official_lists(request.user)


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    """Morocco's 12 regions with their HCP codes and OCHA p-codes."""

    list_display = ("code", "name_fr", "name_ar", "name_en", "pcode", "capital_fr")
    search_fields = ("=code", "=pcode", "name_fr", "name_ar", "name_en")


@admin.register(Province)
class ProvinceAdmin(ReferenceDataAdmin):
    """The provinces and prefectures, each in its region."""

    list_display = ("code", "name_fr", "name_ar", "kind", "region", "pcode")
    list_filter = ("region", "kind")
    list_select_related = ("region",)
    search_fields = ("=code", "=pcode", "name_fr", "name_ar", "name_en")


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    """The service taxonomy shared by facilities and referral pathways."""

    resource_classes = [ServiceCategoryResource]
    list_display = ("code", "name_fr", "name_ar", "name_en", "order")
    search_fields = ("code", "name_fr", "name_ar", "name_en")


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    """The groups of people facilities serve; vulnerable ones weigh on a facility's priority."""

    list_display = ("code", "name_fr", "name_ar", "name_en", "is_vulnerable", "order")
    list_filter = ("is_vulnerable",)
    search_fields = ("code", "name_fr", "name_ar", "name_en")


def facility_fieldsets() -> list:
    """The facility's edited fields in their groups; the last (verification) also shows when
    the record was made and last saved."""
    *groups, (last, names) = Facility.EDITED_FIELDS
    return [
        *((group, {"fields": fields}) for group, fields in groups),
        (last, {"fields": (*names, "created_at", "updated_at")}),
    ]


@admin.register(Facility)
class FacilityAdmin(StaleSaveAdminMixin, SpreadsheetAdminMixin, SimpleHistoryAdmin):
    """Facilities, with spreadsheet import and export and the history of their changes."""

    resource_classes = [FacilityResource]
    list_display = (
        "code",
        "name",
        "kind",
        "region",
        "province",
        "managing_organisation",
        "management_mode",
        "status",
        "is_published",
        "capacity",
        "occupancy",
    )
    list_display_links = ("code", "name")
    list_filter = ("region", "kind", "status", "is_published", "management_mode")
    list_select_related = ("region", "province", "managing_organisation")
    search_fields = ("name", "name_ar", "name_en", "code", "commune")
    autocomplete_fields = ("managing_organisation", "region", "province")
    filter_horizontal = ("target_groups", "services")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = facility_fieldsets()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "languages":
            return forms.MultipleChoiceField(
                label=db_field.verbose_name,
                choices=Facility.LANGUAGE_CHOICES,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_export_queryset(self, request):
        # An export writes every facility's services and target groups: fetch them with the
        # facilities, as the staff pages do. The changelist shows neither and needs only
        # list_select_related, so its number of queries stays fixed without the prefetch.
        return super().get_export_queryset(request).with_related()
