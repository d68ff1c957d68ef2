"""The prioritisation ranking, the open needs with their totals and the budget planner, and the
need status changes IOM staff make from that list."""

from collections.abc import Iterator
from decimal import Decimal
from itertools import accumulate

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from common.exports import requested_format
from common.forms import BootstrapFormMixin
from common.workflow import move_from_post
from facilities.models import Facility, Region

from . import exports
from .filters import NeedFilter, PriorityFilter
from .models import Assessment, Dimension, Need, PrioritySettings
from .planner import Candidate, Plan, plan_budget
from .prioritisation import TERM_LABELS, TERMS, ranked_assessments, terms_of, weight_of

PAGE_SIZE = 50
# The plan shows this many funded needs and as many unfunded ones per page; the download has all.
PLAN_PAGE_SIZE = 25
# Needs loaded at a time while the plan's download is written.
EXPORT_CHUNK = 2000
# 10 billion dirhams: a budget above this is a typing error, not a plan.
MAX_BUDGET = Decimal("10000000000")


def _query_without(request, *names: str) -> str:
    """The current query string without `names`, to build the download links from it."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_GET
def prioritisation(request):
    """Every facility the user may read, ranked by the priority of its latest validated
    assessment, with the terms of each rank; ?format=csv|xlsx downloads the whole ranking."""
    settings = PrioritySettings.load()
    ranked = ranked_assessments(request.user, settings)
    filterset = PriorityFilter(request.GET or None, queryset=ranked)
    file_format = requested_format(request, exports.FORMATS)
    if file_format:
        return exports.ranking_download(filterset.qs, settings, file_format)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"rank": rank, "row": row, "terms": terms_of(row, settings)}
        for rank, row in enumerate(page.object_list, start=page.start_index())
    ]
    user = request.user
    return render(
        request,
        "assessments/prioritisation.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "columns": exports.RANKING_COLUMNS,
            "weights": [
                {"label": TERM_LABELS[name], "weight": weight_of(settings, name)} for name in TERMS
            ],
            "weights_change": settings.history.select_related("history_user").first(),
            # A partner opens the assessments of its own facilities only.
            "can_read_every_assessment": permissions.reads_everything(user),
            "export_query": _query_without(request, "page", "format"),
        },
    )


class BudgetForm(BootstrapFormMixin, forms.Form):
    budget = forms.DecimalField(
        label=gettext_lazy("Budget (MAD)"),
        required=False,
        min_value=0,
        max_value=MAX_BUDGET,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any", "inputmode": "decimal"}),
    )


@login_required
@require_GET
def need_list(request):
    """Open needs the user may read, with totals by dimension, region and kind; with ?budget=,
    the needs to fund first (and ?format=csv|xlsx downloads that plan)."""
    needs = Need.objects.visible_to(request.user).open().with_related()
    filterset = NeedFilter(request.GET or None, queryset=needs)
    selected = filterset.qs
    budget_form = BudgetForm(request.GET if "budget" in request.GET else None)
    plan = None
    if budget_form.is_bound and budget_form.is_valid():
        budget = budget_form.cleaned_data["budget"]
        if budget is not None:
            plan = _plan(selected, budget)
    file_format = requested_format(request, exports.FORMATS)
    if file_format and plan is not None:
        return _plan_download(plan, file_format)
    if file_format and not budget_form.is_bound:
        budget_form = BudgetForm({"budget": ""})
    if file_format and budget_form.is_valid():
        budget_form.add_error("budget", _("Enter a budget to download the plan."))
    page = _needs_page(selected, request.GET.get("page"))
    return render(
        request,
        "assessments/need_list.html",
        {
            "filter": filterset,
            "one_facility": _one_facility(request.user, filterset),
            "budget_form": budget_form,
            "page_obj": page,
            "plan": _plan_pages(request, plan) if plan is not None else None,
            "plan_columns": exports.PLAN_COLUMNS,
            "totals": _totals(selected),
            "can_update_status": request.user.is_iom,
            "export_query": _query_without(
                request, "page", "funded_page", "unfunded_page", "format"
            ),
            "next_url": request.get_full_path(),
        },
        # A plan asked for as a file without a (valid) budget: the page, saying why, but not
        # with a 200 that a script would save as its file.
        status=400 if file_format else 200,
    )


def _one_facility(user, filterset):
    """The facility whose needs `?facility=` keeps (the facility page's "see all" link), if the
    user may read it; None otherwise."""
    if not filterset.is_bound or not filterset.is_valid():
        return None
    pk = filterset.form.cleaned_data.get("facility")
    if not pk:
        return None
    return Facility.objects.visible_to(user).filter(pk=int(pk)).first()


def _needs_page(needs: QuerySet, number):
    """One page of `needs` by facility name: the page's ids are sorted on their own (a narrow
    sort of the selected needs), then only those needs are loaded with their relations."""
    page = Paginator(needs.order_by("facility__name", "pk").values_list("pk", flat=True), PAGE_SIZE)
    page = page.get_page(number)
    loaded = needs.in_bulk(list(page.object_list))
    page.object_list = [loaded[pk] for pk in page.object_list]
    return page


def _totals(needs: QuerySet) -> dict:
    """Count and cost of the selected needs, overall and by dimension, region and kind of need.

    One GROUP BY over the three of them (at most dimensions × regions × kinds rows, whatever the
    number of needs), summed up here per line: one pass over the needs instead of four.
    """
    dimension_labels = dict(Dimension.choices)
    kind_labels = dict(Need.Kind.choices)
    # Grouped by the region's id only (a narrow sort), its name put back from the few regions.
    groups = list(
        needs.order_by()
        .values("dimension", "kind", "facility__region")
        .annotate(total=Sum("total_cost"), count=Count("pk"))
    )
    regions = Region.objects.in_bulk({group["facility__region"] for group in groups})

    def region_label(line: dict) -> str:
        region = regions.get(line["facility__region"])
        return (region.name if region else "") or "—"

    def by(field: str, label) -> list[dict]:
        lines: dict = {}
        for group in groups:
            line = lines.setdefault(
                group[field], {"label": label(group), field: group[field], "total": 0, "count": 0}
            )
            line["total"] += group["total"] or 0
            line["count"] += group["count"]
        return sorted(lines.values(), key=lambda line: (-line["total"], str(line["label"])))

    return {
        "overall": {
            "total": sum((group["total"] or 0 for group in groups), Decimal("0"))
            if groups
            else None,
            "count": sum(group["count"] for group in groups),
        },
        "by_dimension": by("dimension", lambda line: dimension_labels[line["dimension"]]),
        "by_region": by("facility__region", region_label),
        "by_kind": by("kind", lambda line: kind_labels[line["kind"]]),
    }


def _plan(needs: QuerySet, budget: Decimal) -> Plan:
    """Run the planner over the selected needs, each with its facility's current priority
    (0 for a facility without a validated assessment).

    Only the five values the rule reads are loaded for each need (one row of plain values per
    need, no model instance), and the priorities as stored on the latest validated assessments
    (`prioritisation.refresh_priorities`): a facility's priority is the same whoever asks, and
    `needs` is already limited to what the user may read.
    """
    priorities = dict(Assessment.objects.latest_validated().values_list("facility_id", "priority"))
    rows = needs.order_by().values_list(
        "pk", "total_cost", "urgency", "criterion__is_critical", "facility_id"
    )
    return plan_budget(
        budget,
        [
            Candidate(
                key=pk,
                cost=cost,
                urgency=urgency,
                is_critical=bool(is_critical),
                facility_priority=priorities.get(facility_id) or 0.0,
            )
            for pk, cost, urgency, is_critical, facility_id in rows
        ],
    )


def _running_totals(funded: list[Candidate]) -> list[Decimal]:
    """What the funded needs cost so far, after each of them in funding order."""
    return list(accumulate((candidate.cost for candidate in funded), initial=Decimal("0")))[1:]


def _plan_pages(request, plan: Plan) -> dict:
    """The plan as the page shows it: its totals, and one page of the funded needs (in funding
    order, with their running total) and one of those left unfunded, each paged on its own so
    that the page stays small whatever the number of needs. Only the needs shown are loaded."""
    running = _running_totals(plan.funded)
    funded_page = Paginator(range(len(plan.funded)), PLAN_PAGE_SIZE).get_page(
        request.GET.get("funded_page")
    )
    unfunded_page = Paginator(plan.unfunded, PLAN_PAGE_SIZE).get_page(
        request.GET.get("unfunded_page")
    )
    shown_funded = [plan.funded[index] for index in funded_page.object_list]
    loaded = Need.objects.with_related().in_bulk(
        [candidate.key for candidate in (*shown_funded, *unfunded_page.object_list)]
    )
    funded_page.object_list = [
        {
            "order": index + 1,
            "need": loaded[plan.funded[index].key],
            "candidate": plan.funded[index],
            "running_total": running[index],
        }
        for index in funded_page.object_list
    ]
    unfunded_page.object_list = [
        {"need": loaded[candidate.key], "candidate": candidate}
        for candidate in unfunded_page.object_list
    ]
    funded_page.links = _page_links(request, funded_page, "funded_page", "plan-funded")
    unfunded_page.links = _page_links(request, unfunded_page, "unfunded_page", "plan-unfunded")
    return {"result": plan, "funded": funded_page, "unfunded": unfunded_page}


def _page_links(request, page, parameter: str, anchor: str) -> dict:
    """The first, previous, next and last addresses of one of the plan's two tables, each
    changing only its own `parameter` in the current query (the other table keeps its page)."""

    def address(number: int) -> str:
        query = request.GET.copy()
        query[parameter] = number
        return f"?{query.urlencode()}#{anchor}"

    links = {}
    if page.has_previous():
        links.update(first=address(1), previous=address(page.previous_page_number()))
    if page.has_next():
        links.update(next=address(page.next_page_number()), last=address(page.paginator.num_pages))
    return links


def _plan_download(plan: Plan, file_format: str):
    """The whole plan as a file, every funded then every unfunded need, read from the database
    a chunk at a time as the file is written (never every need at once)."""
    running = _running_totals(plan.funded)

    def loaded(candidates: list[Candidate]) -> Iterator[tuple[Candidate, Need]]:
        for start in range(0, len(candidates), EXPORT_CHUNK):
            chunk = candidates[start : start + EXPORT_CHUNK]
            needs = Need.objects.with_related().in_bulk([c.key for c in chunk])
            for candidate in chunk:
                yield candidate, needs[candidate.key]

    funded = (
        {"need": need, "running_total": total}
        for (_candidate, need), total in zip(loaded(plan.funded), running, strict=True)
    )
    unfunded = ({"need": need} for _candidate, need in loaded(plan.unfunded))
    return exports.plan_download(funded, unfunded, file_format)


def _safe_next(request) -> str:
    """The `next` address posted with the form if it is a path on this site, else the list."""
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("assessments:need_list")


@login_required
@require_POST
def need_status(request, pk):
    """IOM staff move a need one step along identified → planned → funded → in progress → done
    (or one step back); without htmx the browser goes back to the list with a message."""
    need = get_object_or_404(Need.objects.visible_to(request.user).with_related(), pk=pk)
    if not request.user.is_iom:
        raise PermissionDenied(_("Only IOM staff change the status of a need."))
    refusal = move_from_post(request, need)
    if refusal:
        # Nothing was changed; the row shows the need as stored now (it may have moved meanwhile).
        need = Need.objects.with_related().get(pk=need.pk)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "assessments/_need_row.html",
            {
                "need": need,
                "can_update_status": True,
                "next_url": _safe_next(request),
                "row_error": refusal,
            },
        )
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(
            request,
            _("“%(need)s” is now %(status)s.")
            % {"need": need.description[:60], "status": need.get_status_display().lower()},
        )
    return redirect(_safe_next(request))
