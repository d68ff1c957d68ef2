"""Back office of IOM projects, their results framework and the needs they fund."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from activity.admin import StatusChangeInline
from common.concurrency import StaleSaveAdminMixin
from common.workflow import WorkflowAdminMixin

from ..models import (
    Indicator,
    NeedFunding,
    Project,
    ProjectPartner,
    ProjectResult,
)
from .access import (
    IndicatorFields,
    PlansAdmin,
    StackedInline,
    TabularInline,
    mad,
    visible_projects,
)


class ProjectPartnerInline(TabularInline):
    model = ProjectPartner
    fields = ("organisation", "role")


class ProjectResultFormSet(BaseInlineFormSet):
    """The results of one project: an output sits under one of this project's outcomes."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "parent" in form.fields:
            form.fields["parent"].queryset = form.fields["parent"].queryset.filter(
                project_id=self.instance.pk, level=ProjectResult.Level.OUTCOME
            )


class ProjectResultInline(TabularInline):
    model = ProjectResult
    formset = ProjectResultFormSet
    fk_name = "project"
    fields = ("code", "level", "parent", "statement")
    show_change_link = True


@admin.register(Project)
class ProjectAdmin(WorkflowAdminMixin, StaleSaveAdminMixin, PlansAdmin):
    """An IOM project: donors, budget, where it works, its partners and results framework.

    Cases are chosen by their number (there can be thousands), never from a full list.
    """

    list_display = (
        "code",
        "short_name",
        "title",
        "kind",
        "status",
        "starts_on",
        "ends_on",
        "budget_display",
    )
    list_display_links = ("code", "short_name")
    list_filter = ("status", "kind", "regions", "donors")
    search_fields = ("code", "prima_id", "title", "short_name")
    filter_horizontal = ("donors", "regions", "themes")
    raw_id_fields = ("cases",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": (("code", "prima_id"), "title", "short_name", ("kind", "status"))}),
        (
            _("Funding"),
            {"fields": ("donors", ("budget", "currency", "rate_to_mad"), "people_to_reach")},
        ),
        (_("Where and when"), {"fields": (("starts_on", "ends_on"), "is_national", "regions")}),
        (_("Content"), {"fields": ("themes", "summary", "cases")}),
        (_("Record"), {"fields": (("created_at", "updated_at"),)}),
    )
    inlines = [ProjectPartnerInline, ProjectResultInline, StatusChangeInline]
    inlines_after_save = (StatusChangeInline,)

    def scope(self, queryset, user):
        return queryset.visible_to(user)

    @admin.display(description=_("budget"), ordering="budget")
    def budget_display(self, project):
        return f"{mad(project.budget)} {project.currency}"


class ResultIndicatorInline(IndicatorFields, StackedInline):
    model = Indicator
    fk_name = "result"
    show_change_link = True


@admin.register(ProjectResult)
class ProjectResultAdmin(PlansAdmin):
    """An outcome or output of a project, with its indicators."""

    list_display = ("code", "statement", "project", "level", "parent")
    list_display_links = ("code", "statement")
    list_filter = ("level", "project")
    list_select_related = ("project", "parent")
    search_fields = ("code", "statement", "project__code")
    fields = ("project", ("level", "code"), "parent", "statement")
    inlines = [ResultIndicatorInline]
    inlines_after_save = (ResultIndicatorInline,)
    after_save_message = _("Save the result first: its indicators are added once it exists.")

    def scope(self, queryset, user):
        return queryset.filter(project__in=visible_projects(user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = ProjectResult.objects.filter(
                level=ProjectResult.Level.OUTCOME
            ).select_related("project")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(NeedFunding)
class NeedFundingAdmin(PlansAdmin):
    """A facility's need funded by a project; the need is chosen by its number."""

    list_display = ("need", "facility", "project", "amount_mad", "recorded_at", "recorded_by")
    list_filter = ("project",)
    list_select_related = ("need__facility", "project", "recorded_by")
    search_fields = ("need__description", "need__facility__name", "project__code")
    raw_id_fields = ("need",)
    fields = ("need", "project", "amount", ("recorded_by", "recorded_at"))
    readonly_fields = ("recorded_by", "recorded_at")

    def scope(self, queryset, user):
        return queryset.filter(project__in=visible_projects(user))

    @admin.display(description=_("facility"), ordering="need__facility__name")
    def facility(self, funding):
        return funding.need.facility

    @admin.display(description=_("amount (MAD)"), ordering="amount")
    def amount_mad(self, funding):
        return mad(funding.amount)


# Support to partners -----------------------------------------------------------------------
