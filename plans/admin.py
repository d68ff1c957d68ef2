"""Back office for plans, projects and support: data entry by IOM, reference lists by admins.

Who may do what is decided by the role, not by Django's permission tables:

- the reference lists (SNIA programmes, SDGs and their targets, thematic areas, donors) are read
  by everyone who reaches the back office and changed by Manara administrators only;
- plans, pilot projects, indicators, IOM projects, funded needs and support records are written
  by the IOM roles (administrators and IOM staff); anyone else with access reads them, within the
  scope the staff pages give them (`visible_to`), and changes nothing.

A plan's status moves only through `ActionPlan.set_status` (the "Adopt" and "Put under review"
actions). The models' own checks refuse an action dated outside its plan's period, a negative
amount, or an indicator value in the wrong unit or for a period outside the plan's, and the page
says why; nothing is stored.
"""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionPlan,
    Donor,
    Indicator,
    IndicatorValue,
    NeedFunding,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    Project,
    ProjectPartner,
    ProjectResult,
    SdgGoal,
    SdgTarget,
    SniaProgramme,
    StrategicAxis,
    SupportActivity,
    SupportFollowUp,
    SupportParticipants,
    ThematicArea,
)


def _reads(request) -> bool:
    """Everyone who reaches the back office reads the plans app's records (within their scope)."""
    return request.user.is_active and request.user.is_staff


def _writes(request) -> bool:
    """Plans, projects, indicators and support records are written by the IOM roles."""
    return _reads(request) and request.user.is_iom


def mad(amount) -> str:
    """An amount in dirhams, rounded to the dirham, with thousands separators."""
    return "—" if amount is None else intcomma(round(amount))


def plan_label(plan: ActionPlan) -> str:
    """A short name for a plan in a list of choices: its region and period."""
    return f"{plan.region} {plan.period_label}"


def indicator_owner(indicator: Indicator) -> str:
    if indicator.plan_id:
        return plan_label(indicator.plan)
    if indicator.pilot_id:
        return str(indicator.pilot)
    return f"{indicator.result.project.code} — {indicator.result.code}"


# For each kind of record a form may point to: the choices, fetched with what their labels
# need, and a label that says which plan or project each choice belongs to.
CHOICES = {
    ActionPlan: (lambda: ActionPlan.objects.select_related("region"), plan_label),
    StrategicAxis: (
        lambda: StrategicAxis.objects.select_related("plan__region"),
        lambda axis: f"{plan_label(axis.plan)} — {axis}",
    ),
    PlanAction: (
        lambda: PlanAction.objects.select_related("axis__plan__region"),
        lambda action: f"{plan_label(action.axis.plan)} — {action}",
    ),
    PilotProject: (
        lambda: PilotProject.objects.select_related("plan__region"),
        lambda pilot: f"{plan_label(pilot.plan)} — {pilot}",
    ),
    ProjectResult: (
        lambda: ProjectResult.objects.select_related("project"),
        lambda result: f"{result.project.code} — {result}",
    ),
    Indicator: (
        lambda: Indicator.objects.filter(computation=Indicator.Computation.TYPED).select_related(
            "plan__region", "pilot", "result__project"
        ),
        lambda indicator: f"{indicator_owner(indicator)} — {indicator}",
    ),
}


class RoleAccess:
    """Reading for anyone in the back office, writing for the IOM roles; for admins and inlines.

    Choices of plans, axes, actions, pilots, results and indicators are labelled with the plan
    or project they belong to, and fetched in one query.
    """

    def has_view_permission(self, request, obj=None):
        return _reads(request)

    def has_add_permission(self, request, obj=None):
        return _writes(request)

    def has_change_permission(self, request, obj=None):
        return _writes(request)

    def has_delete_permission(self, request, obj=None):
        return _writes(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = CHOICES.get(db_field.related_model)
        if choices is None:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        queryset, label = choices
        kwargs.setdefault("queryset", queryset())
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None:
            field.label_from_instance = label
        return field


class PlansAdmin(RoleAccess, admin.ModelAdmin):
    """A record of the plans app: the IOM roles see everything, others what the staff pages show.

    Inlines named in `inlines_after_save` appear once the record is saved: their checks compare
    them with the saved record (an indicator with its owner, a value with its indicator).
    """

    inlines_after_save: tuple = ()
    after_save_message = ""

    def has_module_permission(self, request):
        return _reads(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_iom:
            return queryset
        return self.scope(queryset, request.user)

    def scope(self, queryset, user):
        """The records a reader outside IOM may see; none unless the admin says otherwise."""
        return queryset.none()

    def get_inlines(self, request, obj):
        if obj is None:
            return [inline for inline in self.inlines if inline not in self.inlines_after_save]
        return self.inlines

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET" and self.after_save_message and _writes(request):
            messages.info(request, self.after_save_message)
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "recorded_by_id") and not obj.recorded_by_id:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


def visible_plans(user):
    return ActionPlan.objects.visible_to(user)


def visible_projects(user):
    return Project.objects.visible_to(user)


def visible_indicators(user):
    return Indicator.objects.filter(
        Q(plan__in=visible_plans(user))
        | Q(pilot__plan__in=visible_plans(user))
        | Q(result__project__in=visible_projects(user))
    )


class TabularInline(RoleAccess, admin.TabularInline):
    extra = 0


class StackedInline(RoleAccess, admin.StackedInline):
    extra = 0


# Reference lists ---------------------------------------------------------------------------


class ReferenceListAdmin(admin.ModelAdmin):
    """A reference list: read by everyone in the back office, changed by administrators only."""

    def has_module_permission(self, request):
        return _reads(request)

    def has_view_permission(self, request, obj=None):
        return _reads(request)

    def has_add_permission(self, request):
        return _reads(request) and request.user.is_admin

    def has_change_permission(self, request, obj=None):
        return _reads(request) and request.user.is_admin

    def has_delete_permission(self, request, obj=None):
        return _reads(request) and request.user.is_admin


@admin.register(SniaProgramme)
class SniaProgrammeAdmin(ReferenceListAdmin):
    """The 11 programmes of the national strategy, with the SDG targets they are read to serve."""

    list_display = ("number", "code", "name_fr", "name_en", "kind", "is_confirmed")
    list_display_links = ("number", "code")
    list_filter = ("kind", "is_confirmed")
    search_fields = ("code", "name_fr", "name_ar", "name_en")
    filter_horizontal = ("suggested_targets",)


@admin.register(SdgGoal)
class SdgGoalAdmin(ReferenceListAdmin):
    list_display = ("number", "name_fr", "name_ar", "name_en")
    list_display_links = ("number", "name_fr")
    search_fields = ("name_fr", "name_ar", "name_en")


@admin.register(SdgTarget)
class SdgTargetAdmin(ReferenceListAdmin):
    list_display = ("code", "label_fr", "label_en", "goal", "order")
    list_filter = ("goal",)
    list_select_related = ("goal",)
    search_fields = ("code", "label_fr", "label_ar", "label_en", "text_fr", "text_en")


@admin.register(ThematicArea)
class ThematicAreaAdmin(ReferenceListAdmin):
    list_display = ("code", "name_fr", "name_ar", "name_en", "order")
    search_fields = ("code", "name_fr", "name_ar", "name_en")


@admin.register(Donor)
class DonorAdmin(ReferenceListAdmin):
    list_display = ("name", "acronym", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")


# Action plans ------------------------------------------------------------------------------


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


class IndicatorFields:
    fields = (
        ("code", "order"),
        "name",
        ("unit", "baseline", "target"),
        "computation",
        ("by_sex", "by_age_band", "by_status"),
        "means_of_verification",
    )


class PlanIndicatorInline(IndicatorFields, StackedInline):
    model = Indicator
    fk_name = "plan"
    formset = IndicatorFormSet
    fields = (("code", "order"), "name", "action", *IndicatorFields.fields[2:])
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(PlansAdmin):
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
    inlines = [StrategicAxisInline, PlanIndicatorInline]
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


@admin.register(PlanAction)
class PlanActionAdmin(PlansAdmin):
    """A plan's action: its dates must fall inside the plan's period, its budget is not negative.

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
    filter_horizontal = ("programmes", "sdg_targets", "partners")
    fieldsets = (
        (None, {"fields": ("axis", ("code", "status"), "title", "description")}),
        (_("Alignment"), {"fields": ("programmes", "sdg_targets")}),
        (_("Who"), {"fields": ("lead_organisation", "partners")}),
        (_("Budget and dates"), {"fields": (("budget", "funder"), ("starts_on", "ends_on"))}),
    )

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
class PilotProjectAdmin(PlansAdmin):
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
class IndicatorAdmin(PlansAdmin):
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
class ProjectAdmin(PlansAdmin):
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
    inlines = [ProjectPartnerInline, ProjectResultInline]

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


@admin.register(SupportActivity)
class SupportActivityAdmin(PlansAdmin):
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
