"""Shared pieces of the plans back office: who reads and who writes, labels, base classes.

See the package's docstring for the rules."""

from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Q

from ..models import (
    ActionPlan,
    Indicator,
    PilotProject,
    PlanAction,
    Project,
    ProjectResult,
    StrategicAxis,
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


class IndicatorFields:
    fields = (
        ("code", "order"),
        "name",
        ("unit", "baseline", "target"),
        "computation",
        ("by_sex", "by_age_band", "by_status"),
        "means_of_verification",
    )
