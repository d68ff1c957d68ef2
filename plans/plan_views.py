"""Regional action plans: the list, a plan's page, its spreadsheet, its status and its indicators.

IOM roles read every plan; a regional council's viewers read their region's plans (see
`ActionPlanQuerySet.visible_to`). Only IOM roles change a plan or record an indicator's value.
"""

import io
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts import permissions
from activity.models import StatusChange
from assessments.models import Need
from common.exports import XLSX_TYPE
from common.spreadsheets import neutralise_formula
from common.workflow import move_from_post
from facilities.models import Facility

from .indicator_forms import IndicatorValueForm
from .models import ActionComment, ActionPlan, Indicator, PlanAction, Project
from .summary import plan_queryset, plan_summary

PLAN_PAGE_SIZE = 25
STATUS_LOG_SHOWN = 50


@login_required
@require_GET
@transaction.non_atomic_requests
def plan_list(request):
    """IOM roles and viewers; the viewer's own council's plans come first."""
    if not permissions.reads_everything(request.user):
        raise PermissionDenied
    own_first = Case(
        When(council_id=request.user.organisation_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    plans = (
        ActionPlan.objects.visible_to(request.user)
        .select_related("region", "council")
        .annotate(
            action_count=Count("axes__actions", distinct=True),
            budget=Sum("axes__actions__budget"),
            pilot_count=Count("pilots", distinct=True),
        )
        .order_by(own_first, "region__code", "-starts_on", "pk")
    )
    page = Paginator(plans, PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/plan_list.html", {"plans": page, "page_obj": page})


@login_required
@require_GET
@transaction.non_atomic_requests
def plan_detail(request, pk):
    """A plan visible to the user (404 otherwise): actions, alignment, budget, indicators.

    A plan is bounded by design (a council's plan for a few years: tens of actions and
    indicators, each action for a handful of facilities), so they are shown whole; only the log
    of status moves, which grows with time, is capped (`STATUS_LOG_SHOWN`)."""
    user = request.user
    plan = get_object_or_404(plan_queryset().visible_to(user), pk=pk)
    context = plan_summary(plan)
    prefetch_related_objects(context["actions"], "projects")  # the page links them; the PDF not
    add_facilities_and_needs(context["actions"], user)
    context["next_statuses"] = [ActionPlan.Status(s) for s in plan.allowed_moves(user)]
    context["may_edit"] = permissions.edits_plans(user)
    context["may_comment"] = permissions.comments_on_plan(user, plan)
    if context["may_comment"]:
        threads = defaultdict(list)
        for comment in ActionComment.objects.filter(action__axis__plan=plan).select_related(
            "author__organisation"
        ):
            threads[comment.action_id].append(comment)
        for action in context["actions"]:
            action.thread = threads[action.pk]
    context["status_log"] = status_log(plan, context["actions"])
    return render(request, "plans/plan_detail.html", context)


def add_facilities_and_needs(actions, user) -> None:
    """Give each action the facilities it concerns that the user may open (`action.places`, by
    name) and their open needs (`action.open_needs`: count and cost), in two queries."""
    prefetch_related_objects(
        actions,
        Prefetch(
            "facilities",
            queryset=Facility.objects.visible_to(user).order_by("name", "pk"),
            to_attr="places",
        ),
    )
    shown = {facility.pk for action in actions for facility in action.places}
    needs = {}
    if shown:
        needs = {
            row["facility_id"]: row
            for row in Need.objects.visible_to(user)
            .open()
            .filter(facility_id__in=shown)
            .values("facility_id")
            .annotate(count=Count("pk"), cost=Sum("total_cost"))
            .order_by()
        }
    for action in actions:
        for facility in action.places:
            facility.open_needs = needs.get(facility.pk, {}).get("count", 0)
        rows = [needs[facility.pk] for facility in action.places if facility.pk in needs]
        action.open_needs = {
            "count": sum(row["count"] for row in rows),
            "cost": sum((row["cost"] or 0 for row in rows), Decimal("0")),
        }


def status_log(plan: ActionPlan, actions) -> list:
    """The status moves of the plan and of its actions, newest first, each with what moved."""
    codes = {action.pk: action for action in actions}
    action_type = ContentType.objects.get_for_model(PlanAction)
    moves = StatusChange.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(ActionPlan), object_id=plan.pk)
        | Q(content_type=action_type, object_id__in=codes)
    ).select_related("by")
    # The latest moves only: a plan's actions are bounded, their moves over years are not.
    log = list(moves.order_by("-at", "-pk")[:STATUS_LOG_SHOWN])
    for move in log:
        is_action = move.content_type_id == action_type.pk
        move.subject = codes.get(move.object_id) if is_action else None
    return log


@login_required
@require_POST
def plan_status(request, pk):
    """IOM roles move a plan to its next status; anyone else is refused."""
    plan = get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)
    if not request.user.is_iom:
        raise PermissionDenied
    refusal = move_from_post(request, plan)
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(
            request, _("The plan is now %(status)s.") % {"status": plan.get_status_display()}
        )
    return redirect(plan)


ACTION_COLUMNS = [
    (_("Axis"), "#sector+axis"),
    (_("Code"), "#activity+code"),
    (_("Action"), "#activity+name"),
    (_("SNIA programmes"), "#activity+programme"),
    (_("SDG targets"), "#indicator+code+sdg"),
    (_("Lead organisation"), "#org+prog"),
    (_("Partners"), "#org+impl"),
    (_("Budget (MAD)"), "#value+budget+mad"),
    (_("Funding source"), "#org+funder"),
    (_("Start"), "#date+start"),
    (_("End"), "#date+end"),
    (_("Status"), "#status"),
    (_("Region"), "#adm1+name"),
]
INDICATOR_COLUMNS = [
    (_("Code"), "#indicator+code"),
    (_("Indicator"), "#indicator+name"),
    (_("Unit"), "#indicator+unit"),
    (_("Baseline"), "#indicator+num+baseline"),
    (_("Target"), "#indicator+num+target"),
    (_("Latest value"), "#indicator+num"),
    (_("Date of the latest value"), "#date+reported"),
    (_("How it is measured"), "#meta+method"),
]


@login_required
@require_GET
@transaction.non_atomic_requests
def plan_export(request, pk):
    """The plan's actions and indicators as a workbook with an HXL row on each sheet."""
    plan = get_object_or_404(plan_queryset().visible_to(request.user), pk=pk)
    summary = plan_summary(plan)
    region = plan.region.name
    actions = [
        [
            str(axis),
            action.code,
            action.title,
            "; ".join(str(p) for p in action.programmes.all()),
            "; ".join(t.code for t in action.sdg_targets.all()),
            str(action.lead_organisation or ""),
            "; ".join(str(o) for o in action.partners.all()),
            action.budget,
            str(action.funder or ""),
            action.starts_on,
            action.ends_on,
            action.get_status_display(),
            region,
        ]
        for axis in summary["axes"]
        for action in axis.actions.all()
    ]
    indicators = [
        [
            row.indicator.code,
            row.indicator.name,
            row.indicator.get_unit_display(),
            row.indicator.baseline,
            row.indicator.target,
            row.current,
            row.latest.period_end
            if row.latest
            else (timezone.localdate() if row.computed else None),
            row.computed.formula if row.computed else (row.latest.source if row.latest else ""),
        ]
        for row in summary["indicator_rows"]
    ]
    workbook = Workbook()
    _sheet(workbook.active, _("Actions"), ACTION_COLUMNS, actions)
    _sheet(workbook.create_sheet(), _("Indicators"), INDICATOR_COLUMNS, indicators)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    filename = f"plan-{plan.region.code}-{plan.starts_on.year}-{plan.ends_on.year}"
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.xlsx"'
    return response


def _sheet(sheet, title, columns, rows) -> None:
    sheet.title = title[:31]
    sheet.append([str(header) for header, _tag in columns])
    sheet.append([tag for _header, tag in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise_formula(cell) for cell in row])
    sheet.freeze_panes = "A3"


@login_required
@require_http_methods(["GET", "POST"])
def indicator_value_create(request, pk):
    """IOM roles record a value of a typed indicator of a plan, pilot or project they can see."""
    user = request.user
    visible_plans = ActionPlan.objects.visible_to(user)
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan", "pilot__plan", "result__project").filter(
            Q(plan__in=visible_plans)
            | Q(pilot__plan__in=visible_plans)
            | Q(result__project__in=Project.objects.visible_to(user))
        ),
        pk=pk,
    )
    if not user.is_iom:
        raise PermissionDenied
    back = _owner_url(indicator)
    if indicator.is_computed:
        messages.error(
            request,
            _("This indicator is computed from Manara's records; its values cannot be typed."),
        )
        return redirect(back)
    form = IndicatorValueForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        value = form.save(commit=False)
        value.recorded_by = user
        value.save()
        messages.success(
            request,
            _("Value %(value)s recorded for %(indicator)s.")
            % {"value": value.value, "indicator": indicator.code},
        )
        return redirect(back)
    return render(
        request,
        "plans/indicator_value_form.html",
        {"form": form, "indicator": indicator, "back": back},
        status=400 if request.method == "POST" else 200,
    )


def _owner_url(indicator: Indicator) -> str:
    if indicator.plan_id:
        return indicator.plan.get_absolute_url()
    if indicator.pilot_id:
        return indicator.pilot.plan.get_absolute_url()
    return indicator.result.project.get_absolute_url()
