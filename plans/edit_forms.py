"""The forms IOM staff use to write plans, their axes, actions, pilots and indicators, projects
and their results framework, and the comments on a plan's actions.

Every rule is the model's (its `clean()`, shared with the back office): a form only chooses the
fields and narrows the choices to the record's own plan or project. Statuses are not fields here:
they move through each model's workflow. Forms of versioned records carry the version token and
refuse a stale save (`StaleSaveFormMixin`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from common.concurrency import StaleSaveFormMixin
from common.forms import BootstrapFormMixin
from facilities.models import Facility

from .models import (
    ActionComment,
    ActionPlan,
    Indicator,
    PilotActivity,
    PilotBudgetLine,
    PilotProject,
    PilotRisk,
    PlanAction,
    Project,
    ProjectPartner,
    ProjectResult,
    StrategicAxis,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class ActionPlanForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """A regional plan: its region, council, title, period and vision."""

    class Meta:
        model = ActionPlan
        fields = ["region", "council", "title", "starts_on", "ends_on", "vision"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "vision": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A council is a public body; the list offers those first, then any organisation.
        self.fields["council"].queryset = Organisation.objects.order_by(
            models_first("kind", Organisation.Kind.GOVERNMENT), "name"
        )


def models_first(field: str, value):
    """An ordering that puts the rows whose `field` is `value` first."""
    first = When(**{field: value}, then=Value(0))
    return Case(first, default=Value(1), output_field=IntegerField())


class StrategicAxisForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = StrategicAxis
        fields = ["number", "title", "description"]
        widgets = {"description": SHORT_TEXT}


StrategicAxisFormSet = inlineformset_factory(
    ActionPlan, StrategicAxis, form=StrategicAxisForm, extra=2, can_delete=True
)


class PlanActionForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """An action of a plan: under one of this plan's axes, dated inside its period (the model
    says so beside the date), aligned, led, costed and tied to the IOM projects that carry it."""

    class Meta:
        model = PlanAction
        fields = [
            "axis",
            "code",
            "title",
            "description",
            "programmes",
            "sdg_targets",
            "lead_organisation",
            "partners",
            "budget",
            "funder",
            "starts_on",
            "ends_on",
            "projects",
            "facilities",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": TEXT,
            "programmes": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
            "facilities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        offer_region_facilities(self.fields["facilities"], plan.region_id)
        self.fields["axis"].queryset = StrategicAxis.objects.filter(plan=plan)
        self.fields["axis"].error_messages["invalid_choice"] = _("Choose one of this plan's axes.")
        self.fields["sdg_targets"].queryset = self.fields["sdg_targets"].queryset.select_related(
            "goal"
        )
        self.fields["budget"].widget.attrs.update(min="0", step="1", inputmode="decimal")
        self.fields["starts_on"].help_text = self.fields["ends_on"].help_text = _(
            "Inside the plan's period, %(start)s to %(end)s."
        ) % {"start": plan.starts_on, "end": plan.ends_on}

    def clean(self):
        cleaned_data = super().clean()
        check_action_facilities(self, self.plan)
        return cleaned_data


def offer_region_facilities(field, region_id) -> None:
    """Offer the facilities of the plan's region, by name. Any facility is accepted as input,
    so that one outside the region is refused by name (`check_action_facilities`), not as an
    unknown choice."""
    field.queryset = Facility.objects.order_by("name", "pk")
    field.widget.choices = [
        (facility.pk, facility.name)
        for facility in Facility.objects.filter(region_id=region_id).order_by("name", "pk")
    ]
    if hasattr(field.widget, "widget"):  # the back office wraps the widget
        field.widget.widget.choices = field.widget.choices


def check_action_facilities(form, plan) -> None:
    """The model's rule on the facilities an action concerns, as an error on their field."""
    facilities = form.cleaned_data.get("facilities")
    if plan is None or not facilities:
        return
    try:
        PlanAction.check_facilities(plan, facilities)
    except ValidationError as error:
        form.add_error(None, error)


class PilotProjectForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """A pilot project proposed with a plan, as a council would submit it to a donor."""

    class Meta:
        model = PilotProject
        fields = [
            "title",
            "problem",
            "objectives",
            "target_groups",
            "beneficiaries",
            "lead_organisation",
            "partners",
            "starts_on",
            "duration_months",
            "programmes",
            "sdg_targets",
            "sustainability",
        ]
        widgets = {
            "problem": TEXT,
            "objectives": TEXT,
            "beneficiaries": SHORT_TEXT,
            "sustainability": SHORT_TEXT,
            "starts_on": DATE,
            "target_groups": forms.CheckboxSelectMultiple,
            "programmes": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }


class PilotActivityForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PilotActivity
        fields = ["order", "title", "start_month", "end_month", "description"]
        widgets = {"description": SHORT_TEXT}


class PilotBudgetLineForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PilotBudgetLine
        fields = ["category", "description", "quantity", "unit_cost"]


class PilotRiskForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PilotRisk
        fields = ["risk", "likelihood", "impact", "mitigation"]
        widgets = {"mitigation": SHORT_TEXT}


class PilotActivityFormSet(BaseInlineFormSet):
    """A pilot's activities end within its duration, as typed on the same page."""

    def clean(self):
        super().clean()
        duration = self.instance.duration_months
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("end_month") or not duration:
                continue
            if data["end_month"] > duration and "end_month" not in form.errors:
                form.add_error(
                    "end_month",
                    _("The pilot lasts %(months)s months; an activity cannot end after that.")
                    % {"months": duration},
                )


PilotActivities = inlineformset_factory(
    PilotProject,
    PilotActivity,
    form=PilotActivityForm,
    formset=PilotActivityFormSet,
    extra=2,
    can_delete=True,
)
PilotBudgetLines = inlineformset_factory(
    PilotProject, PilotBudgetLine, form=PilotBudgetLineForm, extra=2, can_delete=True
)
PilotRisks = inlineformset_factory(
    PilotProject, PilotRisk, form=PilotRiskForm, extra=1, can_delete=True
)


class IndicatorForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """An indicator of a plan (maybe following one of its actions), a pilot or a project result.

    The owner is set by the page it is written from, never chosen; the model checks the unit of
    a computed indicator and that the action is the plan's.
    """

    class Meta:
        model = Indicator
        fields = [
            "code",
            "order",
            "name",
            "action",
            "unit",
            "baseline",
            "target",
            "computation",
            "by_sex",
            "by_age_band",
            "by_status",
            "means_of_verification",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan_id = self.instance.plan_id
        if plan_id:
            self.fields["action"].queryset = PlanAction.objects.filter(axis__plan_id=plan_id)
            self.fields["action"].error_messages["invalid_choice"] = _(
                "Choose one of this plan's actions."
            )
        else:
            del self.fields["action"]


class ProjectForm(StaleSaveFormMixin, BootstrapFormMixin, forms.ModelForm):
    """An IOM project: its codes, donors, budget, dates, where it works and its themes.

    The cases followed under a project are recorded from the cases' side, not chosen here.
    """

    class Meta:
        model = Project
        fields = [
            "code",
            "prima_id",
            "title",
            "short_name",
            "kind",
            "donors",
            "budget",
            "currency",
            "rate_to_mad",
            "people_to_reach",
            "starts_on",
            "ends_on",
            "is_national",
            "regions",
            "themes",
            "summary",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "summary": TEXT,
            "donors": forms.SelectMultiple(attrs={"size": 5}),
            "regions": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }


class ProjectPartnerForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["organisation", "role"]


class ProjectResultForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ProjectResult
        fields = ["code", "level", "parent", "statement"]
        widgets = {"statement": SHORT_TEXT}


class ProjectResultFormSet(BaseInlineFormSet):
    """The results of one project: an output sits under one of this project's saved outcomes."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["parent"].queryset = ProjectResult.objects.filter(
            project_id=self.instance.pk, level=ProjectResult.Level.OUTCOME
        )
        form.fields["parent"].error_messages["invalid_choice"] = _(
            "Choose one of this project's outcomes."
        )


ProjectPartners = inlineformset_factory(
    Project, ProjectPartner, form=ProjectPartnerForm, extra=1, can_delete=True
)
ProjectResults = inlineformset_factory(
    Project,
    ProjectResult,
    form=ProjectResultForm,
    formset=ProjectResultFormSet,
    fk_name="project",
    extra=2,
    can_delete=True,
)


class ActionCommentForm(BootstrapFormMixin, forms.ModelForm):
    """A comment on a plan's action, or an answer to one."""

    class Meta:
        model = ActionComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"text": {"required": _("Write the comment before sending it.")}}
