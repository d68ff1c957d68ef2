"""Back office for actors, pathways, cases and referrals.

Actors, their services, SWOT entries and recommendations import from spreadsheets. Cases show no
identifying details in lists; the log of who opened them is for administrators only.
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from accounts import permissions
from accounts.admin import AdministratorsOnlyMixin
from activity.admin import StatusChangeInline
from common.concurrency import StaleSaveAdminMixin
from common.spreadsheet_admin import SpreadsheetAdminMixin
from common.workflow import WorkflowAdminMixin

from .models import (
    ActorChangeProposal,
    ActorProfile,
    ActorService,
    Case,
    CaseAccessLog,
    FollowUp,
    Pathway,
    PathwayStep,
    ProtectionSettings,
    Recommendation,
    Referral,
    ReferralNote,
    ServiceDelivery,
    SustainabilityIndicator,
    SustainabilitySettings,
    SwotEntry,
)
from .network_forms import ActorServiceAdminForm
from .resources import (
    ActorResource,
    ActorServiceResource,
    RecommendationResource,
    SwotResource,
)


class ActorServiceInline(admin.TabularInline):
    model = ActorService
    form = ActorServiceAdminForm
    extra = 0
    fields = ("category", "regions", "contact_point", "monthly_capacity", "is_active")


@admin.register(ActorProfile)
class ActorAdmin(StaleSaveAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [ActorResource]
    list_display = ("organisation", "standing", "level", "engagement")
    list_filter = ("standing", "level", "engagement", "regions")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name", "organisation__acronym")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("regions",)
    inlines = [ActorServiceInline]


@admin.register(ActorService)
class ActorServiceAdmin(StaleSaveAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    form = ActorServiceAdminForm
    resource_classes = [ActorServiceResource]
    list_display = ("actor", "category", "monthly_capacity", "is_active")
    list_filter = ("category", "regions", "is_active")
    list_select_related = ("actor__organisation", "category")
    search_fields = ("actor__organisation__name", "contact_point")
    filter_horizontal = ("regions",)


@admin.register(SwotEntry)
class SwotAdmin(StaleSaveAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [SwotResource]
    list_display = ("actor", "quadrant", "text", "source", "recorded_on")
    list_filter = ("quadrant", "source")
    list_select_related = ("actor__organisation",)
    search_fields = ("text", "actor__organisation__name")


@admin.register(Recommendation)
class RecommendationAdmin(
    WorkflowAdminMixin, StaleSaveAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin
):
    resource_classes = [RecommendationResource]
    list_display = ("action", "actor", "region", "responsible", "due_on", "priority", "status")
    list_filter = ("status", "priority", "region")
    list_select_related = ("actor__organisation", "region", "responsible")
    search_fields = ("action",)
    inlines = [StatusChangeInline]


@admin.register(ActorChangeProposal)
class ActorChangeProposalAdmin(admin.ModelAdmin):
    """Partners' proposals, read-only here: IOM staff accept or reject them on the staff pages,
    where accepting writes the change through the workflow."""

    list_display = ("actor", "subject", "status", "proposed_by", "proposed_at")
    list_filter = ("status", "subject")
    list_select_related = ("actor__organisation", "proposed_by")
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PathwayStepInline(admin.TabularInline):
    model = PathwayStep
    extra = 1
    autocomplete_fields = ("service",)


@admin.register(Pathway)
class PathwayAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    list_display = ("region", "category")
    list_filter = ("region", "category")
    inlines = [PathwayStepInline]


class ReferralNoteInline(admin.TabularInline):
    """The progress notes, as both organisations read them: read-only here."""

    model = ReferralNote
    fields = ("at", "author", "organisation", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    """Referrals; their status changes only through the workflow, on the staff pages."""

    list_display = ("case", "service", "from_organisation", "status", "due_on")
    list_filter = ("status", "urgency")
    list_select_related = ("case", "service__actor__organisation", "from_organisation")
    search_fields = ("case__reference",)
    readonly_fields = ("status", "status_reason", "sent_at", "answered_at", "completed_at")
    raw_id_fields = ("case", "service")
    inlines = [StatusChangeInline, ReferralNoteInline]


@admin.register(Case)
class CaseAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    """Cases by reference: the name and phone are never listed or searchable here."""

    list_display = ("reference", "programme", "owner", "region", "status", "consent_given")
    list_filter = ("programme", "status", "region", "consent_given")
    list_select_related = ("owner", "region")
    search_fields = ("=reference",)
    exclude = ("full_name", "phone")
    readonly_fields = ("reference", "identity_erased_at")


@admin.register(CaseAccessLog)
class CaseAccessLogAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    """Who opened or erased identifying details: administrators only, read-only."""

    list_display = ("at", "case_reference", "user_name", "action")
    list_filter = ("action",)
    search_fields = ("case_reference", "user_name")


@admin.register(FollowUp)
class FollowUpAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    list_display = ("case", "date", "kind", "next_date")
    list_select_related = ("case",)
    raw_id_fields = ("case",)


admin.site.register(ServiceDelivery)


@admin.register(ProtectionSettings)
class ProtectionSettingsAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    """The retention period of identifying details: one row, administrators only."""

    def has_module_permission(self, request):
        return permissions.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ProtectionSettings.load()
        return HttpResponseRedirect(reverse("admin:referrals_protectionsettings_change", args=[1]))

    def get_object(self, request, object_id, from_field=None):
        return ProtectionSettings.load()


@admin.register(SustainabilityIndicator)
class SustainabilityIndicatorAdmin(admin.ModelAdmin):
    """The survey's indicators; administrators adjust wording, weights and which are asked."""

    list_display = ("code", "dimension", "question_fr", "scale", "weight", "is_active")
    list_filter = ("dimension", "is_active")
    list_editable = ("weight", "is_active")

    def has_change_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_add_permission(self, request):
        return permissions.is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SustainabilitySettings)
class SustainabilitySettingsAdmin(StaleSaveAdminMixin, admin.ModelAdmin):
    """Dimension weights and threshold: one row, changed by administrators only."""

    def has_change_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SustainabilitySettings.load()
        return HttpResponseRedirect(
            reverse("admin:referrals_sustainabilitysettings_change", args=[1])
        )

    def get_object(self, request, object_id, from_field=None):
        return SustainabilitySettings.load()
