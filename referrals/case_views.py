"""Cases, referrals and follow-ups: registration, referral, work lists and the timeline.

Viewers get 403 on every page here; a partner reaches only the cases its organisation owns and
the referrals sent to or from it (404 for anything else).
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import CharField, Count, F, Value
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions, twofactor
from common.concurrency import VERSION_FIELD, BadToken, parse_token
from common.exports import spreadsheet_response
from common.locks import cached_build
from facilities.models import Region, ServiceCategory

from . import dashboard as figures
from .caseloads import tab_counts, tabs_for
from .filters import CaseFilter, ReferralFilter, follow_ups_due_this_week
from .forms import CaseForm, DeliveryForm, FollowUpForm, ReferralForm, ReferralNoteForm
from .models import (
    Case,
    Referral,
    ReferralNote,
    SustainabilitySettings,
)
from .services import notify

PAGE_SIZE = 25
# Rows of a case's referrals and follow-ups shown on its page before "see all".
CASE_PAGE_ROWS = 10
# Entries of a referral's timeline shown on its page (the latest) before "see all".
TIMELINE_ROWS = 20
# Scored follow-ups the case's sustainability chart draws, the latest ones.
CHART_POINTS = 24


def _case_worker(user) -> None:
    """Only IOM roles and partners handle cases and referrals; viewers see aggregates only."""
    if not permissions.does_field_work(user):
        raise PermissionDenied(_("Cases and referrals are not shown to your role."))


@login_required
@require_GET
def case_list(request):
    """The cases the user may read: search by reference, filters, pages."""
    _case_worker(request.user)
    cases = (
        Case.objects.visible_to(request.user)
        .select_related("region", "owner")
        .order_by("-created_at", "-pk")
    )
    filterset = CaseFilter(request.GET or None, queryset=cases)
    if not request.user.is_iom:
        # A partner's list holds its own organisation's cases only.
        del filterset.form.fields["owner"]
        filterset.filters.pop("owner")
    # Counted and paged without grouping: the referrals are counted for the page's rows only.
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_referral_counts(page.object_list)
    return render(request, "referrals/case_list.html", {"page_obj": page, "filter": filterset})


def _with_referral_counts(cases) -> list:
    """`cases` (one page) as a list, each with its `referral_count`, in one grouped query."""
    cases = list(cases)
    counts = dict(
        Referral.objects.filter(case__in=[case.pk for case in cases])
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values_list("case", "n")
    )
    for case in cases:
        case.referral_count = counts.get(case.pk, 0)
    return cases


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    """Register a case for the user's organisation; consent is recorded with who and when."""
    _case_worker(request.user)
    if not request.user.organisation_id:
        raise PermissionDenied(_("Your account has no organisation."))
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case.owner = request.user.organisation
        case.created_by = request.user
        if case.consent_given:
            case.consent_recorded_by = request.user
        case.save()
        form.save_m2m()
        messages.success(request, _("Case %(reference)s registered.") % {"reference": case})
        return redirect(case)
    return render(
        request, "referrals/case_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    """A case: its needs, referrals with their status, follow-ups and, on request, identity."""
    _case_worker(request.user)
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related("region", "province", "owner"), pk=pk
    )
    handler = permissions.handles_case(request.user, case)
    identity = None
    if handler and request.method == "POST" and "show_identity" in request.POST:
        if not twofactor.recently_checked(request):
            # Proved who they are too long ago: the password (or a code) first, then back here.
            check = reverse("accounts:identity_check")
            return redirect(f"{check}?{urlencode({'next': case.get_absolute_url()})}")
        identity = case.open_identity(request.user)
    referral_form = None
    if handler:
        # "Refer a case here" on a service's page arrives with ?service=: chosen in the form when
        # the form offers it (an active service of the case's region), else ignored.
        referral_form = ReferralForm(case=case)
        wanted = request.GET.get("service", "")
        if wanted.isdigit() and referral_form.fields["service"].queryset.filter(pk=wanted).exists():
            referral_form.initial["service"] = int(wanted)
    follow_up_form = FollowUpForm() if handler else None
    # Each list shows its latest rows and "see all" beyond them; ?all=referrals or
    # ?all=follow_ups pages that list in full (?page=), the other one left out.
    listing = request.GET.get("all")
    referrals = case.referrals.with_related().order_by("-created_at", "-pk")
    follow_ups = case.follow_ups.select_related("by").order_by("-date", "-pk")
    context = {
        "case": case,
        "handler": handler,
        "identity": identity,
        "referral_form": referral_form,
        "follow_up_form": follow_up_form,
        "listing": listing if listing in ("referrals", "follow_ups") else None,
        # The chart draws the latest scored follow-ups, whatever the list shows.
        "scored_follow_ups": case.follow_ups.filter(score_composite__isnull=False).order_by(
            "-date", "-pk"
        )[:CHART_POINTS],
    }
    if context["listing"] == "referrals":
        context["page_obj"] = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
        context["referrals"] = context["page_obj"].object_list
    elif context["listing"] == "follow_ups":
        context["page_obj"] = Paginator(follow_ups, PAGE_SIZE).get_page(request.GET.get("page"))
        context["follow_ups"] = context["page_obj"].object_list
    else:
        # One row more than shown tells whether to offer "see all".
        for name, rows in (("referrals", referrals), ("follow_ups", follow_ups)):
            rows = list(rows[: CASE_PAGE_ROWS + 1])
            context[name] = rows[:CASE_PAGE_ROWS]
            context[f"more_{name}"] = len(rows) > CASE_PAGE_ROWS
    return render(request, "referrals/case_detail.html", context)


@login_required
@require_POST
def referral_create(request, pk):
    """Refer the case to a service; sent at once when asked and when consent is recorded."""
    _case_worker(request.user)
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    if not permissions.handles_case(request.user, case):
        raise PermissionDenied
    form = ReferralForm(request.POST, case=case)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(case)
    try:
        with transaction.atomic():
            referral = form.save(commit=False)
            referral.from_organisation = case.owner
            referral.created_by = request.user
            referral.save()
            if "send" in request.POST:
                referral.move(Referral.Status.SENT, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(case)
    if referral.status == Referral.Status.SENT:
        notify(
            referral, Referral.Status.SENT, request.build_absolute_uri(referral.get_absolute_url())
        )
        messages.success(request, _("Referral sent."))
    else:
        messages.success(request, _("Referral saved as a draft."))
    return redirect(referral)


@login_required
@require_POST
def follow_up_create(request, pk):
    _case_worker(request.user)
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    if not permissions.handles_case(request.user, case):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.case = case
        follow_up.by = request.user
        follow_up.save()
        form.save_answers(follow_up)
        messages.success(request, _("Follow-up recorded."))
    else:
        messages.error(request, _("The follow-up was not recorded; check the dates."))
    return redirect(case)


@login_required
@require_GET
def referral_list(request):
    """The caseload: tabs to answer, in progress, sent, closed, each filtered and paged, with
    their counts; then the follow-ups due this week."""
    _case_worker(request.user)
    tabs = tabs_for(request.user)
    current = next((tab for tab in tabs if tab.slug == request.GET.get("tab")), tabs[0])
    filterset = ReferralFilter(
        request.GET or None, queryset=Referral.objects.visible_to(request.user)
    )
    referrals = filterset.qs
    counts = tab_counts(referrals, tabs)
    paginator = Paginator(
        referrals.filter(current.condition).with_related().order_by(*current.ordering), PAGE_SIZE
    )
    # The tab's count is already known (`tab_counts`): the paginator need not count again.
    paginator.count = counts[current.slug]
    page = paginator.get_page(request.GET.get("page"))
    # The first few due this week, then "see all": the case list filtered on them, paged.
    follow_ups = list(
        follow_ups_due_this_week()
        .filter(case__in=Case.objects.visible_to(request.user))
        .select_related("case")
        .order_by("next_date", "pk")[: CASE_PAGE_ROWS + 1]
    )
    return render(
        request,
        "referrals/referral_list.html",
        {
            "tabs": [(tab, counts[tab.slug]) for tab in tabs],
            "current": current,
            "page_obj": page,
            "filter": filterset,
            "follow_ups": follow_ups[:CASE_PAGE_ROWS],
            "more_follow_ups": len(follow_ups) > CASE_PAGE_ROWS,
        },
    )


class Timeline:
    """The moves, progress notes and deliveries of a referral, oldest first, as one sequence a
    Paginator can page: a slice is one UNION query of (kind, id, time) rows in SQL, then the
    slice's rows of each kind fetched with their people."""

    def __init__(self, referral):
        self.referral = referral
        stamps = [
            (referral.moves.all(), "at", "move"),
            (referral.notes.all(), "at", "note"),
            (referral.deliveries.all(), "recorded_at", "delivery"),
        ]
        parts = [
            rows.order_by().values(
                entry_kind=Value(kind, output_field=CharField()),
                entry_id=F("pk"),
                entry_at=F(field),
            )
            for rows, field, kind in stamps
        ]
        self.stamps = parts[0].union(*parts[1:], all=True)

    def count(self) -> int:
        return self.stamps.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index) -> list[dict]:
        if not isinstance(index, slice):
            raise TypeError("A timeline is read by slices.")
        rows = [
            (row["entry_kind"], row["entry_id"], row["entry_at"])
            for row in self.stamps.order_by("entry_at", "entry_kind", "entry_id")[index]
        ]
        wanted = {"move": [], "note": [], "delivery": []}
        for kind, pk, _at in rows:
            wanted[kind].append(pk)
        found = {
            "move": self.referral.moves.select_related("by").in_bulk(wanted["move"]),
            "note": self.referral.notes.select_related("author", "organisation").in_bulk(
                wanted["note"]
            ),
            "delivery": self.referral.deliveries.select_related("recorded_by").in_bulk(
                wanted["delivery"]
            ),
        }
        return [{"at": at, kind: found[kind][pk]} for kind, pk, at in rows if pk in found[kind]]


@login_required
@require_GET
def referral_detail(request, pk):
    """A referral's timeline, the same for both organisations; the moves of my side, and for
    IOM the moves it may make on another organisation's behalf, apart."""
    _case_worker(request.user)
    referral = get_object_or_404(Referral.objects.visible_to(request.user).with_related(), pk=pk)
    own, on_behalf = referral.moves_for(request.user)
    behalf_sides = {
        Referral.side_of_move(referral.workflow.move_to(referral.status, target))
        for target in on_behalf
    }
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            **_timeline_context(request, referral),
            "moves": [(status, Referral.ACTIONS[status]) for status in own],
            "moves_need_reason": bool(Referral.NEEDS_REASON.intersection(own)),
            "behalf_moves": [(status, Referral.ACTIONS[status]) for status in on_behalf],
            "behalf_organisations": [
                referral.organisation_of_side(side) for side in sorted(behalf_sides)
            ],
            "needs_reason": Referral.NEEDS_REASON,
            "deliveries": referral.deliveries.all()[:CASE_PAGE_ROWS],
            "delivery_form": DeliveryForm()
            if _records_deliveries(request.user, referral)
            else None,
            "note_form": ReferralNoteForm()
            if permissions.writes_referral_note(request.user, referral)
            else None,
            "case_link": permissions.handles_case(request.user, referral.case),
            "organisation_links": {
                organisation.pk
                for organisation in (referral.from_organisation, referral.to_organisation)
                if permissions.reads_organisation(request.user, organisation)
            },
        },
    )


def _timeline_context(request, referral) -> dict:
    """The timeline's latest entries, or with ?all=timeline the whole timeline paged."""
    timeline = Timeline(referral)
    if request.GET.get("all") == "timeline":
        page = Paginator(timeline, PAGE_SIZE).get_page(request.GET.get("page"))
        return {"timeline": page.object_list, "page_obj": page, "listing": "timeline"}
    total = timeline.count()
    shown = max(total - TIMELINE_ROWS, 0)
    return {"timeline": timeline[shown:total], "older_entries": shown}


def _records_deliveries(user, referral) -> bool:
    return permissions.receives_referral(user, referral) and referral.status in (
        Referral.Status.IN_PROGRESS,
        Referral.Status.COMPLETED,
    )


@login_required
@require_POST
def referral_status(request, pk):
    """Move a referral (POST status, reason, seen_version, on_behalf); a stale page is refused,
    not merged."""
    _case_worker(request.user)
    referral = get_object_or_404(Referral.objects.visible_to(request.user).with_related(), pk=pk)
    try:
        seen = parse_token(request.POST.get(VERSION_FIELD, request.POST.get("version")))
        referral.move(
            request.POST.get("status", ""),
            request.user,
            request.POST.get("reason", ""),
            seen_version=seen,
            on_behalf=request.POST.get("on_behalf") == "1",
        )
    except BadToken as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        notify(referral, referral.status, request.build_absolute_uri(referral.get_absolute_url()))
        messages.success(
            request,
            _("The referral is now %(status)s.")
            % {"status": referral.get_status_display().lower()},
        )
    return redirect(referral)


@login_required
@require_POST
def referral_note(request, pk):
    """Add a progress note to a referral, read by both organisations."""
    _case_worker(request.user)
    referral = get_object_or_404(Referral.objects.visible_to(request.user).with_related(), pk=pk)
    if not permissions.writes_referral_note(request.user, referral):
        raise PermissionDenied
    note = ReferralNote(
        referral=referral, author=request.user, organisation_id=request.user.organisation_id
    )
    form = ReferralNoteForm(request.POST, instance=note)
    if form.is_valid():
        form.save()
        messages.success(request, _("Progress note added."))
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The note was not added: %(problems)s") % {"problems": problems})
    return redirect(referral)


CASE_COLUMNS = [
    (gettext_lazy("Reference"), "#beneficiary+code"),
    (gettext_lazy("Programme"), "#activity+programme"),
    (gettext_lazy("Owning organisation"), "#org+name"),
    (gettext_lazy("Sex"), "#beneficiary+sex"),
    (gettext_lazy("Age band"), "#beneficiary+age"),
    (gettext_lazy("Region of return"), "#adm1+name+return"),
    (gettext_lazy("Vulnerabilities"), "#beneficiary+type"),
    (gettext_lazy("Consent"), "#status+consent"),
    (gettext_lazy("Status"), "#status"),
    (gettext_lazy("Referrals"), "#indicator+num+referrals"),
    (gettext_lazy("Registered on"), "#date+registered"),
]


@login_required
@require_GET
def case_export(request):
    """The cases the user may read, as XLSX, with no identifying column at all.

    The rows are read in chunks from a lean `.values()` query and handed on as an iterator, so
    neither the cases nor the rows are ever all in memory.
    """
    _case_worker(request.user)
    cases = (
        Case.objects.visible_to(request.user)
        .order_by("reference")
        .values(
            "reference",
            "programme",
            "owner__name",
            "owner__acronym",
            "sex",
            "age_band",
            "region",
            "vulnerabilities",
            "consent_given",
            "status",
            "created_at",
        )
        .annotate(referral_count=Count("referrals"))
    )
    return spreadsheet_response(
        "cases",
        "xlsx",
        [str(header) for header, _tag in CASE_COLUMNS],
        [tag for _header, tag in CASE_COLUMNS],
        _case_rows(cases.iterator(chunk_size=2000)),
    )


def _case_rows(cases):
    """The export's rows for `cases` (dicts from `case_export`), labelled in the page's language."""
    programmes = dict(Case.Programme.choices)
    sexes = dict(Case.Sex.choices)
    statuses = dict(Case.Status.choices)
    vulnerabilities = dict(Case.VULNERABILITIES)
    regions = {region.pk: region.name for region in Region.objects.all()}
    yes, no = str(_("yes")), str(_("no"))
    for case in cases:
        owner, acronym = case["owner__name"], case["owner__acronym"]
        yield [
            case["reference"],
            str(programmes.get(case["programme"], case["programme"])),
            f"{owner} ({acronym})" if acronym else owner,
            str(sexes.get(case["sex"], case["sex"])),
            case["age_band"],
            regions.get(case["region"], ""),
            ", ".join(str(vulnerabilities.get(code, code)) for code in case["vulnerabilities"]),
            yes if case["consent_given"] else no,
            str(statuses.get(case["status"], case["status"])),
            case["referral_count"],
            timezone.localtime(case["created_at"]).date(),
        ]


# Rows of the dashboard's tables that can grow (organisations, regions × services) before "see
# all"; the whole table is then paged on the dashboard itself (?table=…).
DASHBOARD_ROWS = 20
DASHBOARD_TABLES = ("per_actor", "balance")
# The figures are keyed on the data they read, so this only bounds how long unused ones stay.
DASHBOARD_CACHE_SECONDS = 60 * 60


@login_required
@require_GET
def dashboard(request):
    """Aggregate figures of the mechanism for IOM and viewers: no reference, no person.

    Every figure is computed by the database (`referrals.dashboard`); the tables that grow with
    the network show their first rows and a "see all" link to the whole table, paged.
    """
    if not permissions.reads_everything(request.user):
        raise PermissionDenied(_("The dashboard is for IOM and for viewers."))
    table = request.GET.get("table")
    # Named in the page's language (`name` is a property over the translated columns).
    regions = {region.pk: region.name for region in Region.objects.all()}
    services = {category.pk: category.name for category in ServiceCategory.objects.all()}
    actors = figures.actors_by_referrals()
    context = {"table": table if table in DASHBOARD_TABLES else None, "rows": DASHBOARD_ROWS}
    if table == "per_actor":
        paginator = Paginator(actors, PAGE_SIZE)
        paginator.count = figures.count_receivers()  # not the medians of every organisation
        page = paginator.get_page(request.GET.get("page"))
        context |= {"page_obj": page, "per_actor": figures.actor_timings(page.object_list)}
    elif table == "balance":
        balance = figures.demand_and_supply(regions, services)
        page = Paginator(balance, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {"page_obj": page, "balance": page.object_list}
    else:
        threshold = SustainabilitySettings.load().threshold
        key = (
            "referrals:dashboard:"
            + hashlib.sha256(
                repr((translation.get_language(), threshold, figures.stamp())).encode()
            ).hexdigest()
        )

        def build() -> dict:
            balance = figures.demand_and_supply(regions, services)
            by_status = figures.counts_by_status()
            return {
                "sustainability": figures.sustainability_shares(regions, services, threshold),
                "by_status": [
                    (str(label), by_status.get(value, 0))
                    for value, label in Referral.Status.choices
                    if value != Referral.Status.DRAFT
                ],
                "by_region": figures.counts_by("case__region", regions),
                "by_service": figures.counts_by("service__category", services),
                "per_actor": figures.actor_timings(actors[: DASHBOARD_ROWS + 1]),
                "balance": balance[: DASHBOARD_ROWS + 1],
                "total": sum(by_status.values()),
            }

        # The same figures for every reader in a language until the data move (`figures.stamp`),
        # computed by one request at a time.
        context |= cached_build(key, build, DASHBOARD_CACHE_SECONDS)
    return render(request, "referrals/dashboard.html", context)


@login_required
@require_POST
def referral_delivery(request, pk):
    """The receiving organisation (or IOM) records what it delivered for the referral."""
    _case_worker(request.user)
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=pk)
    if not _records_deliveries(request.user, referral):
        raise PermissionDenied(_("Only the receiving organisation records what it delivered."))
    form = DeliveryForm(request.POST)
    if form.is_valid():
        delivery = form.save(commit=False)
        delivery.referral = referral
        delivery.recorded_by = request.user
        delivery.save()
        messages.success(request, _("Delivery recorded."))
    else:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request, _("The delivery was not recorded: %(problems)s") % {"problems": problems}
        )
    return redirect(referral)
