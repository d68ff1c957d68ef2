"""Cases, referrals and follow-ups: registration, referral, work lists and the timeline.

Viewers get 403 on every page here; a partner reaches only the cases its organisation owns and
the referrals sent to or from it (404 for anything else).
"""

import datetime
import statistics
from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions, twofactor
from common.concurrency import VERSION_FIELD, BadToken, parse_token
from common.exports import spreadsheet_response
from facilities.models import Region, ServiceCategory

from .caseloads import tab_counts, tabs_for
from .filters import CaseFilter, ReferralFilter
from .forms import CaseForm, DeliveryForm, FollowUpForm, ReferralForm, ReferralNoteForm
from .models import (
    ActorService,
    Case,
    FollowUp,
    Referral,
    ReferralNote,
    SustainabilitySettings,
)
from .services import notify

PAGE_SIZE = 25


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
        .annotate(referral_count=Count("referrals"))
        .order_by("-created_at", "-pk")
    )
    filterset = CaseFilter(request.GET or None, queryset=cases)
    if not request.user.is_iom:
        # A partner's list holds its own organisation's cases only.
        del filterset.form.fields["owner"]
        filterset.filters.pop("owner")
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/case_list.html", {"page_obj": page, "filter": filterset})


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
    return render(
        request,
        "referrals/case_detail.html",
        {
            "case": case,
            "handler": handler,
            "identity": identity,
            "referrals": case.referrals.with_related(),
            "follow_ups": case.follow_ups.select_related("by"),
            "referral_form": referral_form,
            "follow_up_form": follow_up_form,
        },
    )


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
    page = Paginator(
        referrals.filter(current.condition).with_related().order_by(*current.ordering), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    follow_ups = (
        FollowUp.objects.filter(
            case__in=Case.objects.visible_to(request.user),
            next_date__gte=today,
            next_date__lte=today + datetime.timedelta(days=7),
        )
        .select_related("case")
        .order_by("next_date")
    )
    return render(
        request,
        "referrals/referral_list.html",
        {
            "tabs": [(tab, counts[tab.slug]) for tab in tabs],
            "current": current,
            "page_obj": page,
            "filter": filterset,
            "follow_ups": follow_ups,
        },
    )


def _timeline(referral) -> list[dict]:
    """The moves, progress notes and deliveries of a referral, oldest first, as one list."""
    entries = [{"at": move.at, "move": move} for move in referral.moves.select_related("by")]
    entries += [
        {"at": note.at, "note": note}
        for note in referral.notes.select_related("author", "organisation")
    ]
    entries += [
        {"at": delivery.recorded_at, "delivery": delivery}
        for delivery in referral.deliveries.select_related("recorded_by")
    ]
    return sorted(entries, key=lambda entry: entry["at"])


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
            "timeline": _timeline(referral),
            "moves": [(status, Referral.ACTIONS[status]) for status in own],
            "moves_need_reason": bool(Referral.NEEDS_REASON.intersection(own)),
            "behalf_moves": [(status, Referral.ACTIONS[status]) for status in on_behalf],
            "behalf_organisations": [
                referral.organisation_of_side(side) for side in sorted(behalf_sides)
            ],
            "needs_reason": Referral.NEEDS_REASON,
            "deliveries": referral.deliveries.all(),
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
    (gettext_lazy("Programme"), "#sector+programme"),
    (gettext_lazy("Owning organisation"), "#org+name"),
    (gettext_lazy("Sex"), "#beneficiary+sex"),
    (gettext_lazy("Age band"), "#beneficiary+age"),
    (gettext_lazy("Region of return"), "#adm1+name"),
    (gettext_lazy("Vulnerabilities"), "#beneficiary+vulnerable"),
    (gettext_lazy("Consent"), "#status+consent"),
    (gettext_lazy("Status"), "#status"),
    (gettext_lazy("Referrals"), "#indicator+referrals"),
    (gettext_lazy("Registered on"), "#date+registered"),
]


@login_required
@require_GET
def case_export(request):
    """The cases the user may read, as XLSX, with no identifying column at all."""
    _case_worker(request.user)
    cases = (
        Case.objects.visible_to(request.user)
        .select_related("region", "owner")
        .annotate(referral_count=Count("referrals"))
        .order_by("reference")
    )
    return spreadsheet_response(
        "cases",
        "xlsx",
        [str(header) for header, _tag in CASE_COLUMNS],
        [tag for _header, tag in CASE_COLUMNS],
        (
            [
                case.reference,
                case.get_programme_display(),
                str(case.owner),
                case.get_sex_display(),
                case.age_band,
                case.region.name,
                ", ".join(case.vulnerability_labels()),
                str(_("yes")) if case.consent_given else str(_("no")),
                case.get_status_display(),
                case.referral_count,
                timezone.localtime(case.created_at).date(),
            ]
            for case in cases
        ),
    )


def _median_days(pairs) -> float | None:
    durations = [(end - start).total_seconds() / 86400 for start, end in pairs if start and end]
    return round(statistics.median(durations), 1) if durations else None


@login_required
@require_GET
def dashboard(request):
    """Aggregate figures of the mechanism for IOM and viewers: no reference, no person."""
    if not permissions.reads_everything(request.user):
        raise PermissionDenied(_("The dashboard is for IOM and for viewers."))
    referrals = Referral.objects.exclude(status=Referral.Status.DRAFT)
    by_status = {
        row["status"]: row["n"] for row in referrals.values("status").annotate(n=Count("pk"))
    }
    regions = {region.pk: region.name for region in Region.objects.all()}
    services = {category.pk: category.name for category in ServiceCategory.objects.all()}
    by_region = [
        (regions[row["case__region"]], row["n"])
        for row in referrals.values("case__region").annotate(n=Count("pk")).order_by("-n")
    ]
    by_service = [
        (services[row["service__category"]], row["n"])
        for row in referrals.values("service__category").annotate(n=Count("pk")).order_by("-n")
    ]
    timings = defaultdict(lambda: {"accept": [], "complete": []})
    for row in referrals.filter(sent_at__isnull=False).values(
        "to_organisation__name", "status", "sent_at", "answered_at", "completed_at"
    ):
        actor = timings[row["to_organisation__name"]]
        if row["status"] != Referral.Status.DECLINED:
            actor["accept"].append((row["sent_at"], row["answered_at"]))
        actor["complete"].append((row["sent_at"], row["completed_at"]))
    per_actor = sorted(
        (
            {
                "actor": name,
                "accept": _median_days(values["accept"]),
                "complete": _median_days(values["complete"]),
                "count": len(values["complete"]),
            }
            for name, values in timings.items()
        ),
        key=lambda row: -row["count"],
    )
    # Counted by id and named from the lists above, in the page's language.
    demand = Counter(
        Case.needs.through.objects.filter(case__status="open").values_list(
            "case__region", "servicecategory"
        )
    )
    supply = Counter(
        ActorService.regions.through.objects.filter(actorservice__is_active=True).values_list(
            "region", "actorservice__category"
        )
    )
    balance = sorted(
        (
            {
                "region": regions[region],
                "service": services[service],
                "demand": count,
                "supply": supply[(region, service)],
            }
            for (region, service), count in demand.items()
        ),
        key=lambda row: (row["supply"] - row["demand"], row["region"]),
    )
    sustainability = _sustainability_shares(regions, services)
    return render(
        request,
        "referrals/dashboard.html",
        {
            "sustainability": sustainability,
            "by_status": [
                (label, by_status.get(value, 0))
                for value, label in Referral.Status.choices
                if value != Referral.Status.DRAFT
            ],
            "by_region": by_region,
            "by_service": by_service,
            "per_actor": per_actor,
            "balance": balance[:30],
            "total": sum(by_status.values()),
        },
    )


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


def _sustainability_shares(regions: dict, services: dict) -> dict:
    """Share of cases whose latest scored follow-up reaches the threshold, by region and by
    service received (completed referrals)."""
    threshold = SustainabilitySettings.load().threshold
    latest: dict[int, float] = {}
    for case_id, composite in (
        FollowUp.objects.filter(score_composite__isnull=False)
        .order_by("date", "pk")
        .values_list("case_id", "score_composite")
    ):
        latest[case_id] = composite
    case_regions = dict(Case.objects.filter(pk__in=latest).values_list("pk", "region_id"))
    received = defaultdict(set)
    for case_id, category_id in Referral.objects.filter(
        case_id__in=latest, status=Referral.Status.COMPLETED
    ).values_list("case_id", "service__category_id"):
        received[category_id].add(case_id)

    def share(case_ids) -> dict:
        scores = [latest[c] for c in case_ids]
        above = sum(1 for s in scores if s >= threshold)
        return {"cases": len(scores), "above": above, "percent": round(100 * above / len(scores))}

    by_region = defaultdict(list)
    for case_id, region_id in case_regions.items():
        by_region[region_id].append(case_id)
    return {
        "threshold": threshold,
        "overall": share(latest) if latest else None,
        "by_region": [(regions[r], share(ids)) for r, ids in by_region.items()],
        "by_service": [(services[c], share(ids)) for c, ids in received.items()],
    }
