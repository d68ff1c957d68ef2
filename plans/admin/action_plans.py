"""Back office of the action plans, their actions, pilot projects and indicators."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from activity.admin import StatusChangeInline
from common.concurrency import StaleSaveAdminMixin
from common.workflow import WorkflowAdminMixin

from ..edit_forms import check_action_facilities, offer_region_facilities
from ..models import (
    ActionComment,
    ActionPlan,
    Indicator,
    IndicatorValue,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    StrategicAxis,
)
from .access import (
    IndicatorFields,
    PlansAdmin,
    StackedInline,
    TabularInline,
    indicator_owner,
    mad,
    visible_indicators,
    visible_plans,
)


class StrategicAxisInline(TabularInline):
    model = StrategicAxis
    fields = ("number", "title", "description")


class IndicatorFormSet(BaseInlineFormSet):
    """The indicators of one plan: an indicator can follow only one of this plan's actions."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "action" in form.fields:
            form.fields["action"].queryset = form.fields["action"].queryset.filter(
                axis__plan_id=self.instance.pk
            )


class PlanIndicatorInline(IndicatorFields, StackedInline):
    model = Indicator
    fk_name = "plan"
    formset = IndicatorFormSet
    fields = (("code", "order"), "name", "action", *IndicatorFields.fields[2:])
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(StaleSaveAdminMixin, PlansAdmin):
    """A region's plan with its axes and indicators; its actions have their own pages.

    The status is not typed: the actions "Adopt" and "Put under review" move it, and say why
    when a plan cannot take that step.
    """

    list_display = ("title", "region", "council", "period", "status", "adopted_on")
    list_filter = ("region", "status")
    list_select_related = ("region", "council")
    search_fields = ("title", "council__name", "council__acronym")
    readonly_fields = (
        "status",
        "adopted_on",
        "status_changed_at",
        "status_changed_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("region", "council", "title", ("starts_on", "ends_on"), "vision")}),
        (
            _("Status"),
            {
                "fields": (
                    "status",
                    "adopted_on",
                    ("status_changed_at", "status_changed_by"),
                    ("created_at", "updated_at"),
                )
            },
        ),
    )
    inlines = [StrategicAxisInline, PlanIndicatorInline, StatusChangeInline]
    inlines_after_save = (PlanIndicatorInline,)
    after_save_message = _(
        "Save the plan first: its indicators can be added once it exists. Its actions are "
        "entered under “Actions”."
    )
    actions = ["adopt", "put_under_review"]

    def scope(self, queryset, user):
        return queryset.visible_to(user)

    @admin.display(description=_("period"), ordering="starts_on")
    def period(self, plan):
        return plan.period_label

    def _set_status(self, request, queryset, status, done_message):
        for plan in queryset:
            try:
                plan.set_status(status, request.user)
            except ValidationError as error:
                messages.error(request, f"{plan}: {' '.join(error.messages)}")
            else:
                messages.success(request, done_message % {"plan": plan})

    @admin.action(description=_("Adopt the selected plans"), permissions=["change"])
    def adopt(self, request, queryset):
        self._set_status(request, queryset, ActionPlan.Status.ADOPTED, _("%(plan)s is adopted."))

    @admin.action(description=_("Put the selected plans under review"), permissions=["change"])
    def put_under_review(self, request, queryset):
        self._set_status(
            request, queryset, ActionPlan.Status.UNDER_REVIEW, _("%(plan)s is under review.")
        )


class ActionCommentInline(TabularInline):
    """The comment thread of an action, read as written; an administrator may delete a comment."""

    model = ActionComment
    fields = ("created_at", "author", "text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PlanActionAdminForm(forms.ModelForm):
    """The facilities an action concerns are in its plan's region, as on the staff page: a saved
    action is offered its region's facilities (a new one, every facility)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "facilities" in self.fields:
            offer_region_facilities(self.fields["facilities"], self.instance.axis.plan.region_id)

    def clean(self):
        cleaned_data = super().clean()
        axis = cleaned_data.get("axis")
        check_action_facilities(self, axis.plan if axis else None)
        return cleaned_data


@admin.register(PlanAction)
class PlanActionAdmin(WorkflowAdminMixin, StaleSaveAdminMixin, PlansAdmin):
    """A plan's action: its dates must fall inside the plan's period, its budget is not negative.
    Its status moves through the action's workflow (logged, with a reason where it needs one).

    Organisations are chosen from a list rather than by autocomplete: the search behind an
    autocomplete answers only those allowed to read organisations in the back office.
    """

    list_display = (
        "code",
        "title",
        "plan",
        "axis",
        "lead_organisation",
        "budget_mad",
        "starts_on",
        "ends_on",
        "status",
    )
    list_display_links = ("code", "title")
    list_filter = ("axis__plan", "status", "programmes")
    list_select_related = ("axis__plan", "lead_organisation")
    search_fields = ("code", "title", "axis__plan__title")
    filter_horizontal = ("programmes", "sdg_targets", "partners", "projects", "facilities")
    form = PlanActionAdminForm
    fieldsets = (
        (None, {"fields": ("axis", ("code", "status"), "title", "description")}),
        (_("Alignment"), {"fields": ("programmes", "sdg_targets")}),
        (_("Who"), {"fields": ("lead_organisation", "partners", "projects")}),
        (_("Where"), {"fields": ("facilities",)}),
        (_("Budget and dates"), {"fields": (("budget", "funder"), ("starts_on", "ends_on"))}),
    )
    inlines = [ActionCommentInline, StatusChangeInline]
    inlines_after_save = (ActionCommentInline, StatusChangeInline)

    def scope(self, queryset, user):
        return queryset.filter(axis__plan__in=visible_plans(user))

    @admin.display(description=_("plan"), ordering="axis__plan__title")
    def plan(self, action):
        return action.axis.plan

    @admin.display(description=_("budget (MAD)"), ordering="budget")
    def budget_mad(self, action):
        return mad(action.budget)


# Pilot projects ----------------------------------------------------------------------------


class PilotActivityFormSet(BaseInlineFormSet):
    """A new pilot's activities end within its duration (a saved pilot's are checked by the model,
    which needs the pilot to exist)."""

    def clean(self):
        super().clean()
        duration = self.instance.duration_months
        if self.instance.pk or not duration:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("end_month"):
                continue
            if data["end_month"] > duration and "end_month" not in form.errors:
                form.add_error(
                    "end_month",
                    _("The pilot lasts %(months)s months; an activity cannot end after that.")
                    % {"months": duration},
                )


class PilotActivityInline(TabularInline):
    model = PilotActivity
    formset = PilotActivityFormSet
    fields = ("order", "title", "start_month", "end_month", "description")


class PilotBudgetLineInline(TabularInline):
    model = PilotBudgetLine
    fields = ("category", "description", "quantity", "unit_cost", "line_total")
    readonly_fields = ("line_total",)

    @admin.display(description=_("total (MAD)"))
    def line_total(self, line):
        return mad(line.total) if line.pk else "—"


class PilotRiskInline(TabularInline):
    model = PilotRisk
    fields = ("risk", "likelihood", "impact", "mitigation")


class PilotIndicatorInline(IndicatorFields, StackedInline):
    model = Indicator
    fk_name = "pilot"
    show_change_link = True


@admin.register(PilotProject)
class PilotProjectAdmin(StaleSaveAdminMixin, PlansAdmin):
    """A pilot proposed with a plan: activities by month, budget lines, risks, indicators."""

    list_display = ("title", "plan", "lead_organisation", "starts_on", "duration_months", "budget")
    list_filter = ("plan",)
    list_select_related = ("plan", "lead_organisation")
    search_fields = ("title", "plan__title", "lead_organisation__name")
    filter_horizontal = ("target_groups", "partners", "programmes", "sdg_targets")
    readonly_fields = ("budget", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("plan", "title", "problem", "objectives")}),
        (_("Who"), {"fields": ("target_groups", "beneficiaries", "lead_organisation", "partners")}),
        (_("When"), {"fields": (("starts_on", "duration_months"),)}),
        (_("Alignment"), {"fields": ("programmes", "sdg_targets")}),
        (_("After the pilot"), {"fields": ("sustainability",)}),
        (_("Record"), {"fields": ("budget", ("created_at", "updated_at"))}),
    )
    inlines = [PilotActivityInline, PilotBudgetLineInline, PilotRiskInline, PilotIndicatorInline]
    inlines_after_save = (PilotIndicatorInline,)
    after_save_message = _("Save the pilot project first: its indicators are added once it exists.")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(budget_total=Sum("budget_lines__total"))

    def scope(self, queryset, user):
        return queryset.filter(plan__in=visible_plans(user))

    @admin.display(description=_("budget (MAD)"), ordering="budget_total")
    def budget(self, pilot):
        return mad(getattr(pilot, "budget_total", None) or 0)


# Indicators --------------------------------------------------------------------------------


class IndicatorValueInline(TabularInline):
    model = IndicatorValue
    extra = 1
    fields = (
        "period_start",
        "period_end",
        "value",
        "unit",
        "sex",
        "age_band",
        "status_group",
        "source",
        "recorded_by",
    )
    readonly_fields = ("recorded_by",)


@admin.register(Indicator)
class IndicatorAdmin(StaleSaveAdminMixin, PlansAdmin):
    """An indicator of a plan, a pilot project or a project result, with its typed values.

    Values are typed only for indicators that are not computed from Manara's records, and only
    once the indicator is saved; each value records who typed it.
    """

    list_display = ("code", "name", "owner", "unit", "target", "computation")
    list_display_links = ("code", "name")
    list_filter = ("unit", "computation", "plan")
    list_select_related = ("plan__region", "pilot", "result__project")
    search_fields = ("code", "name")
    fieldsets = (
        (_("Belongs to"), {"fields": ("plan", "action", "pilot", "result")}),
        (None, {"fields": IndicatorFields.fields}),
    )
    inlines = [IndicatorValueInline]
    inlines_after_save = (IndicatorValueInline,)
    after_save_message = _("Save the indicator first: its values are typed once it exists.")

    def scope(self, queryset, user):
        return queryset.filter(pk__in=visible_indicators(user).values("pk"))

    def get_inlines(self, request, obj):
        if obj is not None and obj.is_computed:
            return []
        return super().get_inlines(request, obj)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, IndicatorValueInline) and obj is not None:
            # New values start in the indicator's unit (an untouched new row stays unchanged).
            kwargs["initial"] = [{"unit": obj.unit}] * inline.extra
        return kwargs

    @admin.display(description=_("belongs to"))
    def owner(self, indicator):
        return indicator_owner(indicator)

    def save_formset(self, request, form, formset, change):
        if formset.model is not IndicatorValue:
            return super().save_formset(request, form, formset, change)
        for value in formset.save(commit=False):
            value.recorded_by = request.user
            value.save()
        for value in formset.deleted_objects:
            value.delete()
        formset.save_m2m()
        return None


@admin.register(IndicatorValue)
class IndicatorValueAdmin(PlansAdmin):
    """A typed value: in the indicator's unit, for an ended period inside the plan's or project's,
    disaggregated only the ways the indicator allows."""

    list_display = (
        "indicator",
        "period_start",
        "period_end",
        "value",
        "unit",
        "sex",
        "age_band",
        "status_group",
        "source",
        "recorded_by",
    )
    list_filter = ("unit", "sex", "age_band", "status_group")
    list_select_related = ("indicator", "recorded_by")
    search_fields = ("indicator__code", "indicator__name", "source")
    date_hierarchy = "period_end"
    fields = (
        "indicator",
        ("period_start", "period_end"),
        ("value", "unit"),
        ("sex", "age_band", "status_group"),
        "source",
        ("recorded_by", "recorded_at"),
    )
    readonly_fields = ("recorded_by", "recorded_at")

    def scope(self, queryset, user):
        return queryset.filter(indicator__in=visible_indicators(user))

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


# IOM projects ------------------------------------------------------------------------------
