"""Staff pages where IOM roles write regional plans, their axes, actions, pilots and indicators,
and IOM projects with their results framework; and where a council and IOM comment on actions.

Every editing page starts with `permissions.edits_plans` (anyone else: 403) and looks the record
up in what the user reads (404 otherwise). The models' `clean()` give the messages, beside each
field; a page loaded before someone else's save is refused with who changed what (the version
token of `common.concurrency`); statuses move only through each model's workflow.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from common.concurrency import StaleSave, claim
from common.workflow import move_from_post
from notifications.kinds import Kind
from notifications.services import notify

from .edit_forms import (
    ActionCommentForm,
    ActionPlanForm,
    IndicatorForm,
    PilotActivities,
    PilotBudgetLines,
    PilotProjectForm,
    PilotRisks,
    PlanActionForm,
    ProjectForm,
    ProjectPartners,
    ProjectResults,
    StrategicAxisFormSet,
)
from .models import (
    ActionComment,
    ActionPlan,
    Indicator,
    PilotProject,
    PlanAction,
    Project,
    ProjectResult,
)


def _refuse_unless_editor(user) -> None:
    if not permissions.edits_plans(user):
        raise PermissionDenied(_("Only IOM staff write plans and projects."))


def _save(form, formsets, user):
    """Save the form and its formsets in one transaction under the version claim.

    Returns the saved record, or None when someone saved it since the page was loaded (the
    refusal is then on the form, the user's input kept) or a formset row breaks a rule the
    database holds (the message is then on the form).
    """
    try:
        with transaction.atomic():
            if form.instance.pk:
                claim(form.instance, form.seen_version, user)
            saved = form.save()
            for formset in formsets:
                formset.instance = saved
                formset.save()
    except StaleSave as stale:
        form.refuse(stale)
        return None
    return saved


def _editor_page(request, *, title, form, formsets=(), back, record=None, extra=None):
    """The one editing page: breadcrumb back, the form, its formsets, the record's history."""
    posted = request.method == "POST"
    if posted and not form.stale and (form.errors or any(not f.is_valid() for f, *_r in formsets)):
        messages.error(request, _("Nothing was saved: correct the marked fields."))
    context = {
        "title": title,
        "form": form,
        "formsets": formsets,
        "back": back,
        "record": record,
        "current": form.stale.instance if form.stale else None,
        **(extra or {}),
    }
    return render(request, "plans/edit/form.html", context, status=400 if posted else 200)


def _all_valid(form, formsets) -> bool:
    # Every form is validated, so every message shows at once.
    results = [form.is_valid(), *(formset.is_valid() for formset, *_rest in formsets)]
    return all(results)


def _formset_list(*items):
    """(formset, legend, help) triples, in the order the page shows them."""
    return list(items)


# Plans ------------------------------------------------------------------------------------

_AXES_HELP = gettext_lazy(
    "Empty rows are ignored. An axis that still has actions cannot be deleted: move or delete "
    "its actions first. Need more rows? Save, and two empty rows come back."
)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    """IOM roles start a regional plan, with its first axes."""
    _refuse_unless_editor(request.user)
    data = request.POST or None
    form = ActionPlanForm(data)
    axes = StrategicAxisFormSet(data, instance=form.instance, prefix="axes")
    formsets = _formset_list((axes, _("Strategic axes"), _AXES_HELP))
    if request.method == "POST" and _all_valid(form, formsets):
        plan = _save(form, [axes], request.user)
        messages.success(request, _("The plan “%(plan)s” is created.") % {"plan": plan})
        return redirect(plan)
    return _editor_page(
        request,
        title=_("New regional action plan"),
        form=form,
        formsets=formsets,
        back=reverse("plans:plan_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    """IOM roles change a plan's region, council, title, period and vision, and its axes."""
    _refuse_unless_editor(request.user)
    plan = get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)
    data = request.POST or None
    form = ActionPlanForm(data, instance=plan)
    axes = StrategicAxisFormSet(data, instance=plan, prefix="axes")
    formsets = _formset_list((axes, _("Strategic axes"), _AXES_HELP))
    valid = request.method == "POST" and _all_valid(form, formsets) and _axes_deletable(axes)
    if valid and _save(form, [axes], request.user):
        messages.success(request, _("The plan is saved."))
        return redirect(plan)
    return _editor_page(
        request,
        title=_("Edit the plan"),
        form=form,
        formsets=formsets,
        back=plan.get_absolute_url(),
        record=plan,
        extra={"plan": plan},
    )


def _axes_deletable(axes) -> bool:
    """Refuse deleting an axis that has actions: deleting it would delete them silently."""
    kept = [
        str(axis_form.instance)
        for axis_form in axes.deleted_forms
        if axis_form.instance.pk and axis_form.instance.actions.exists()
    ]
    if kept:
        axes.non_form_errors().append(
            _("Axis %(axes)s has actions; move or delete them before deleting the axis.")
            % {"axes": ", ".join(kept)}
        )
    return not kept


# Actions ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request, pk):
    """IOM roles add an action under one of the plan's axes."""
    _refuse_unless_editor(request.user)
    plan = get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)
    form = PlanActionForm(request.POST or None, plan=plan)
    if not form.fields["axis"].queryset.exists():
        messages.warning(request, _("Add a strategic axis to the plan first."))
        return redirect("plans:plan_edit", plan.pk)
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, _("Action %(code)s is added.") % {"code": action.code})
        return redirect(f"{plan.get_absolute_url()}#action-{action.pk}")
    return _editor_page(
        request,
        title=_("New action"),
        form=form,
        back=plan.get_absolute_url(),
        extra={"plan": plan},
    )


def _action(user, pk) -> PlanAction:
    return get_object_or_404(
        PlanAction.objects.select_related("axis__plan").filter(
            axis__plan__in=ActionPlan.objects.visible_to(user)
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    """IOM roles change an action; its status moves with the buttons under the form."""
    _refuse_unless_editor(request.user)
    action = _action(request.user, pk)
    plan = action.axis.plan
    form = PlanActionForm(request.POST or None, instance=action, plan=plan)
    if request.method == "POST" and form.is_valid() and form.save_or_refuse(request.user):
        messages.success(request, _("Action %(code)s is saved.") % {"code": action.code})
        return redirect(f"{plan.get_absolute_url()}#action-{action.pk}")
    return _editor_page(
        request,
        title=_("Edit action %(code)s") % {"code": action.code},
        form=form,
        back=plan.get_absolute_url(),
        record=action,
        extra={
            "plan": plan,
            "status_url": reverse("plans:action_status", args=[action.pk]),
            "moves": _moves(action, request.user),
        },
    )


def _moves(record, user) -> list[tuple[str, str, bool]]:
    """The status buttons of a record: (status, label, whether a reason is needed)."""
    workflow = type(record).workflow
    current = getattr(record, workflow.field)
    return [
        (target, workflow.label(type(record), target), workflow.move_to(current, target).reason)
        for target in record.allowed_moves(user)
    ]


@login_required
@require_POST
def action_status(request, pk):
    """IOM roles move an action's status through its workflow (logged, with its reason)."""
    _refuse_unless_editor(request.user)
    action = _action(request.user, pk)
    refusal = move_from_post(request, action, reason=request.POST.get("reason", ""))
    if refusal:
        messages.error(request, refusal)
        return redirect("plans:action_edit", action.pk)
    messages.success(
        request,
        _("Action %(code)s is now %(status)s.")
        % {"code": action.code, "status": action.get_status_display()},
    )
    return redirect(f"{action.axis.plan.get_absolute_url()}#action-{action.pk}")


# Pilot projects ---------------------------------------------------------------------------

_ROWS_HELP = gettext_lazy("Empty rows are ignored. Need more rows? Save, and empty rows come back.")


def _pilot_formsets(data, pilot):
    return _formset_list(
        (PilotActivities(data, instance=pilot, prefix="activities"), _("Activities"), _ROWS_HELP),
        (PilotBudgetLines(data, instance=pilot, prefix="budget"), _("Budget lines"), _ROWS_HELP),
        (PilotRisks(data, instance=pilot, prefix="risks"), _("Risks"), _ROWS_HELP),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pilot_create(request, pk):
    """IOM roles propose a pilot project with a plan: activities, budget lines, risks."""
    _refuse_unless_editor(request.user)
    plan = get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)
    data = request.POST or None
    form = PilotProjectForm(data)
    form.instance.plan = plan
    formsets = _pilot_formsets(data, form.instance)
    if request.method == "POST" and _all_valid(form, formsets):
        pilot = _save(form, [formset for formset, *_rest in formsets], request.user)
        messages.success(request, _("The pilot project is created."))
        return redirect(f"{plan.get_absolute_url()}#pilot-{pilot.pk}")
    return _editor_page(
        request,
        title=_("New pilot project"),
        form=form,
        formsets=formsets,
        back=plan.get_absolute_url(),
        extra={"plan": plan},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pilot_edit(request, pk):
    """IOM roles change a pilot project and its activities, budget lines and risks."""
    _refuse_unless_editor(request.user)
    pilot = get_object_or_404(
        PilotProject.objects.select_related("plan").filter(
            plan__in=ActionPlan.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    data = request.POST or None
    form = PilotProjectForm(data, instance=pilot)
    formsets = _pilot_formsets(data, pilot)
    valid = request.method == "POST" and _all_valid(form, formsets)
    if valid and _save(form, [formset for formset, *_rest in formsets], request.user):
        messages.success(request, _("The pilot project is saved."))
        return redirect(f"{pilot.plan.get_absolute_url()}#pilot-{pilot.pk}")
    return _editor_page(
        request,
        title=_("Edit the pilot project"),
        form=form,
        formsets=formsets,
        back=pilot.plan.get_absolute_url(),
        extra={
            "plan": pilot.plan,
            "indicators": pilot.indicators.all(),
            "new_indicator_url": reverse("plans:pilot_indicator_create", args=[pilot.pk]),
        },
    )


# Indicators -------------------------------------------------------------------------------


def _indicator_page(request, indicator: Indicator, back: str, title: str):
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid() and form.save_or_refuse(request.user):
        code = form.instance.code
        messages.success(request, _("Indicator %(code)s is saved.") % {"code": code})
        return redirect(back)
    return _editor_page(
        request,
        title=title,
        form=form,
        back=back,
        record=indicator if indicator.pk else None,
        extra={"indicator": indicator},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_indicator_create(request, pk):
    """IOM roles add an indicator to a plan (it may follow one of the plan's actions)."""
    _refuse_unless_editor(request.user)
    plan = get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)
    back = f"{plan.get_absolute_url()}#indicators-heading"
    return _indicator_page(request, Indicator(plan=plan), back, _("New indicator of the plan"))


@login_required
@require_http_methods(["GET", "POST"])
def pilot_indicator_create(request, pk):
    """IOM roles add an indicator to a pilot project."""
    _refuse_unless_editor(request.user)
    pilot = get_object_or_404(
        PilotProject.objects.filter(plan__in=ActionPlan.objects.visible_to(request.user)), pk=pk
    )
    back = reverse("plans:pilot_edit", args=[pilot.pk])
    return _indicator_page(request, Indicator(pilot=pilot), back, _("New indicator of the pilot"))


@login_required
@require_http_methods(["GET", "POST"])
def result_indicator_create(request, pk):
    """IOM roles add an indicator to an outcome or output of a project."""
    _refuse_unless_editor(request.user)
    result = get_object_or_404(
        ProjectResult.objects.select_related("project").filter(
            project__in=Project.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    back = reverse("plans:project_edit", args=[result.project_id])
    title = _("New indicator of result %(code)s") % {"code": result.code}
    return _indicator_page(request, Indicator(result=result), back, title)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    """IOM roles change an indicator of a plan, pilot or project result they read."""
    _refuse_unless_editor(request.user)
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan", "pilot__plan", "result__project"), pk=pk
    )
    if indicator.plan_id:
        back = f"{indicator.plan.get_absolute_url()}#indicators-heading"
    elif indicator.pilot_id:
        back = reverse("plans:pilot_edit", args=[indicator.pilot_id])
    else:
        back = reverse("plans:project_edit", args=[indicator.result.project_id])
    title = _("Edit indicator %(code)s") % {"code": indicator.code}
    return _indicator_page(request, indicator, back, title)


# Projects ---------------------------------------------------------------------------------


def _project_formsets(data, project):
    return _formset_list(
        (ProjectPartners(data, instance=project, prefix="partners"), _("Partners"), _ROWS_HELP),
        (
            ProjectResults(data, instance=project, prefix="results"),
            _("Results framework: outcomes and outputs"),
            _(
                "An output sits under one of the project's saved outcomes: save a new outcome "
                "first, then add its outputs. Empty rows are ignored."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    """IOM roles record a project, its partners and the outcomes of its results framework."""
    _refuse_unless_editor(request.user)
    data = request.POST or None
    form = ProjectForm(data)
    formsets = _project_formsets(data, form.instance)
    if request.method == "POST" and _all_valid(form, formsets):
        project = _save(form, [formset for formset, *_rest in formsets], request.user)
        messages.success(request, _("Project %(code)s is created.") % {"code": project.code})
        return redirect("plans:project_edit", project.pk)
    return _editor_page(
        request,
        title=_("New project"),
        form=form,
        formsets=formsets,
        back=reverse("plans:project_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    """IOM roles change a project, its partners, its results and their indicators, its status."""
    _refuse_unless_editor(request.user)
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    data = request.POST or None
    form = ProjectForm(data, instance=project)
    formsets = _project_formsets(data, project)
    valid = request.method == "POST" and _all_valid(form, formsets)
    if valid and _save(form, [formset for formset, *_rest in formsets], request.user):
        messages.success(request, _("Project %(code)s is saved.") % {"code": project.code})
        return redirect(project)
    results = ProjectResult.objects.filter(project=project).prefetch_related("indicators")
    return _editor_page(
        request,
        title=_("Edit project %(code)s") % {"code": project.code},
        form=form,
        formsets=formsets,
        back=project.get_absolute_url(),
        record=project,
        extra={
            "results": results,
            "status_url": reverse("plans:project_status", args=[project.pk]),
            "moves": _moves(project, request.user),
        },
    )


@login_required
@require_POST
def project_status(request, pk):
    """IOM roles move a project's status through its workflow."""
    _refuse_unless_editor(request.user)
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    refusal = move_from_post(request, project, reason=request.POST.get("reason", ""))
    if refusal:
        messages.error(request, refusal)
        return redirect("plans:project_edit", project.pk)
    messages.success(
        request, _("The project is now %(status)s.") % {"status": project.get_status_display()}
    )
    return redirect(project)


# Comments on actions ----------------------------------------------------------------------


@login_required
@require_POST
def comment_create(request, pk):
    """A viewer of the plan's council comments on an action; IOM roles answer.

    A plan the user does not read: 404; a reader who is neither (another council's or a donor's
    viewer): 403. The council's comment tells the IOM staff who follow the plan, IOM's answer
    tells the council's viewers.
    """
    action = _action(request.user, pk)
    plan = action.axis.plan
    if not permissions.comments_on_plan(request.user, plan):
        raise PermissionDenied(_("Only the plan's council and IOM staff comment on its actions."))
    form = ActionCommentForm(request.POST)
    back = f"{plan.get_absolute_url()}#action-{action.pk}"
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("text", [])))
        return redirect(back)
    with transaction.atomic():
        comment = form.save(commit=False)
        comment.action = action
        comment.author = request.user
        comment.save()
        _tell_the_other_side(comment, plan, request.user)
    messages.success(request, _("Your comment is posted."))
    return redirect(back)


def _tell_the_other_side(comment: ActionComment, plan: ActionPlan, author) -> None:
    """A council's comment goes to the IOM staff who follow the plan: those who wrote in the
    action's thread or last changed the plan or the action (none: nobody is told, the comment
    waits on the page). IOM's answer goes to the active viewers of the plan's council."""
    action = comment.action
    values = {"action": action.code, "plan": plan.title, "council": str(plan.council)}
    url = f"{plan.get_absolute_url()}#action-{action.pk}"
    users = get_user_model().objects.filter(is_active=True)
    if permissions.is_iom(author):
        council = users.filter(organisation_id=plan.council_id)
        recipients = [user for user in council if permissions.is_viewer(user)]
        notify(recipients, Kind.PLAN_ANSWERED, values, url, actor=author)
        return
    followers = set(
        ActionComment.objects.filter(action=action).values_list("author_id", flat=True)
    ) | {plan.changed_by_id, action.changed_by_id}
    recipients = [user for user in users.filter(pk__in=followers) if permissions.edits_plans(user)]
    notify(recipients, Kind.PLAN_COMMENTED, values, url, actor=author)
