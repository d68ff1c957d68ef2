"""The prioritisation list, the open needs with their totals, and the budget planner."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config.exports import spreadsheet_response
from config.forms import BootstrapFormMixin
from facilities.models import Region

from .filters import NeedFilter, PriorityFilter
from .models import Dimension, Need, PrioritySettings
from .planner import Candidate, plan_budget
from .prioritisation import explain, ranked_assessments, terms_of, vulnerable_group_count

PAGE_SIZE = 50
MAX_BUDGET = Decimal("10000000000")  # 10 billion MAD: anything above is a typing error.
EXPORT_FORMATS = ("csv", "xlsx")

RANKING_COLUMNS = [
    (gettext_lazy("Rank"), "#priority+rank"),
    (gettext_lazy("Code"), "#loc+code"),
    (gettext_lazy("Facility"), "#loc+name"),
    (gettext_lazy("Region"), "#adm1+name"),
    (gettext_lazy("Province or prefecture"), "#adm2+name"),
    (gettext_lazy("Kind"), "#loc+type"),
    (gettext_lazy("Managing organisation"), "#org+impl"),
    (gettext_lazy("Assessed on"), "#date+assessed"),
    (gettext_lazy("Overall score"), "#indicator+score+overall"),
    (gettext_lazy("Accessibility"), "#indicator+score+accessibility"),
    (gettext_lazy("Safety"), "#indicator+score+safety"),
    (gettext_lazy("Services"), "#indicator+score+services"),
    (gettext_lazy("Protection"), "#indicator+score+protection"),
    (gettext_lazy("Severity"), "#severity"),
    (gettext_lazy("Critical gaps"), "#indicator+gaps+critical"),
    (gettext_lazy("People served"), "#population+served"),
    (gettext_lazy("Needs cost (MAD)"), "#value+cost+mad"),
    (gettext_lazy("Priority"), "#priority+score"),
    (gettext_lazy("Why this rank"), "#description+priority"),
]


def _rounded(value):
    return None if value is None else round(value)


@login_required
@require_GET
def prioritisation(request):
    """Facilities ranked by the priority of their latest validated assessment, with the why."""
    weights = PrioritySettings.load()
    vulnerable_total = vulnerable_group_count()
    ranked = ranked_assessments(request.user, weights, vulnerable_total)
    filterset = PriorityFilter(request.GET or None, queryset=ranked)
    file_format = request.GET.get("format")
    if file_format in EXPORT_FORMATS:
        rows = (
            _ranking_cells(rank, row, explain(row, weights, vulnerable_total))
            for rank, row in enumerate(filterset.qs, start=1)
        )
        return spreadsheet_response(
            "prioritisation",
            file_format,
            [str(header) for header, _tag in RANKING_COLUMNS],
            [tag for _header, tag in RANKING_COLUMNS],
            rows,
        )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"rank": rank, "row": row, "terms": terms_of(row, weights, vulnerable_total)}
        for rank, row in enumerate(page.object_list, start=page.start_index())
    ]
    return render(
        request,
        "assessments/prioritisation.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "weights": weights,
            "export_query": _query_without(request, "page", "format"),
        },
    )


def _ranking_cells(rank, row, why) -> list:
    facility = row.facility
    return [
        rank,
        facility.code,
        facility.name,
        facility.region.name,
        facility.province.name if facility.province_id else "",
        facility.get_kind_display(),
        str(facility.managing_organisation) if facility.managing_organisation_id else "",
        row.assessed_on,
        _rounded(row.overall_score),
        _rounded(row.score_accessibility),
        _rounded(row.score_safety),
        _rounded(row.score_services),
        _rounded(row.score_protection),
        row.severity,
        row.critical_gaps,
        row.people,
        row.needs_cost,
        round(row.priority, 1),
        why,
    ]


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


class BudgetForm(BootstrapFormMixin, forms.Form):
    budget = forms.DecimalField(
        label=gettext_lazy("Budget (MAD)"),
        required=False,
        min_value=0,
        max_value=MAX_BUDGET,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )


NEED_COLUMNS = [
    (gettext_lazy("Order"), "#meta+order"),
    (gettext_lazy("Funded"), "#status+funded"),
    (gettext_lazy("Facility"), "#loc+name"),
    (gettext_lazy("Region"), "#adm1+name"),
    (gettext_lazy("Dimension"), "#sector"),
    (gettext_lazy("Criterion"), "#indicator+code"),
    (gettext_lazy("Kind of need"), "#activity+type"),
    (gettext_lazy("Description"), "#activity+description"),
    (gettext_lazy("Urgency"), "#priority+urgency"),
    (gettext_lazy("Cost (MAD)"), "#value+cost+mad"),
    (gettext_lazy("Running total (MAD)"), "#value+cost+cumulative"),
]


@login_required
@require_GET
def need_list(request):
    """Open needs with totals by dimension, region and kind; with ?budget=, the funding plan."""
    needs = Need.objects.visible_to(request.user).open().with_related()
    filterset = NeedFilter(request.GET or None, queryset=needs)
    selected = filterset.qs
    budget_form = BudgetForm(request.GET if "budget" in request.GET else None)
    plan = None
    if budget_form.is_bound and budget_form.is_valid():
        budget = budget_form.cleaned_data["budget"]
        if budget is not None:
            plan = _plan(request.user, selected, budget)
    file_format = request.GET.get("format")
    if plan is not None and file_format in EXPORT_FORMATS:
        return spreadsheet_response(
            "budget-plan",
            file_format,
            [str(header) for header, _tag in NEED_COLUMNS],
            [tag for _header, tag in NEED_COLUMNS],
            _plan_cells(plan),
        )
    page = Paginator(selected.order_by("facility__name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/need_list.html",
        {
            "filter": filterset,
            "budget_form": budget_form,
            "page_obj": page,
            "plan": plan,
            "totals": _totals(selected),
            "can_update_status": request.user.is_iom,
            "export_query": _query_without(request, "page", "format"),
            "next_url": request.get_full_path(),
        },
    )


def _totals(needs) -> dict:
    """Sums of cost and counts of the selected needs, by dimension, region and kind of need."""
    dimension_labels = dict(Dimension.choices)
    kind_labels = dict(Need.Kind.choices)
    by_dimension = (
        needs.order_by().values("dimension").annotate(total=Sum("total_cost"), count=Count("pk"))
    )
    by_region = (
        needs.order_by()
        .values("facility__region")
        .annotate(total=Sum("total_cost"), count=Count("pk"))
    )
    by_kind = needs.order_by().values("kind").annotate(total=Sum("total_cost"), count=Count("pk"))
    regions = {region.pk: region.name for region in Region.objects.all()}
    overall = needs.order_by().aggregate(total=Sum("total_cost"), count=Count("pk"))
    return {
        "overall": overall,
        "by_dimension": sorted(
            ({"label": dimension_labels[r["dimension"]], **r} for r in by_dimension),
            key=lambda r: -r["total"],
        ),
        "by_region": sorted(
            ({"label": regions.get(r["facility__region"], "—"), **r} for r in by_region),
            key=lambda r: -r["total"],
        ),
        "by_kind": sorted(
            ({"label": kind_labels[r["kind"]], **r} for r in by_kind), key=lambda r: -r["total"]
        ),
    }


def _plan(user, needs, budget: Decimal) -> dict:
    """Run the planner over the selected needs, with each facility's current priority."""
    weights = PrioritySettings.load()
    priorities = dict(
        ranked_assessments(user, weights, vulnerable_group_count()).values_list(
            "facility_id", "priority"
        )
    )
    by_key = {need.pk: need for need in needs}
    candidates = [
        Candidate(
            key=need.pk,
            cost=need.total_cost,
            urgency=need.urgency,
            is_critical=bool(need.criterion and need.criterion.is_critical),
            facility_priority=priorities.get(need.facility_id, 0.0),
        )
        for need in by_key.values()
    ]
    result = plan_budget(budget, candidates)
    running = Decimal("0")
    funded = []
    for candidate in result.funded:
        running += candidate.cost
        funded.append({"need": by_key[candidate.key], "candidate": candidate, "running": running})
    return {
        "result": result,
        "funded": funded,
        "unfunded": [{"need": by_key[c.key], "candidate": c} for c in result.unfunded],
    }


def _plan_cells(plan: dict):
    for order, item in enumerate(plan["funded"], start=1):
        yield _need_cells(order, _("yes"), item["need"], item["running"])
    for item in plan["unfunded"]:
        yield _need_cells(None, _("no"), item["need"], None)


def _need_cells(order, funded, need, running) -> list:
    return [
        order,
        funded,
        need.facility.name,
        need.facility.region.name,
        need.get_dimension_display(),
        need.criterion.code if need.criterion_id else "",
        need.get_kind_display(),
        need.description,
        need.get_urgency_display(),
        need.total_cost,
        running,
    ]


@login_required
@require_POST
def need_status(request, pk):
    """IOM staff move a need along identified → planned → funded → in progress → done."""
    need = get_object_or_404(Need.objects.visible_to(request.user).with_related(), pk=pk)
    if not request.user.is_iom:
        raise PermissionDenied(_("Only IOM staff change the status of a need."))
    is_htmx = bool(request.headers.get("HX-Request"))
    error = ""
    try:
        need.set_status(request.POST.get("status", ""), request.user)
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    if is_htmx:
        return render(
            request,
            "assessments/_need_row.html",
            {
                "need": need,
                "can_update_status": True,
                "next_url": request.POST.get("next", ""),
                "row_error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("“%(need)s” is now %(status)s.")
            % {"need": need.description[:60], "status": need.get_status_display().lower()},
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "assessments:need_list"
    return redirect(next_url)
