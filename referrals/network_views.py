"""Staff pages that write the actor map: actors and their capacities, services, SWOT entries,
the roadmap's recommendations and their status; partners' proposed changes and IOM's review.

IOM roles (`edits_network`) write; partners propose changes to their own organisation's profile
only (another organisation's: 404); viewers get 403 everywhere here. Every edit form carries the
record's version: a save over someone else's newer change is refused, the input kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from common.concurrency import VERSION_FIELD, BadToken, StaleSave, claim, parse_token
from common.workflow import move_from_post
from notifications.kinds import Kind
from notifications.services import notify, people_who

from .models import (
    ActorChangeProposal,
    ActorProfile,
    ActorService,
    Case,
    Recommendation,
    SwotEntry,
)
from .network_forms import (
    ActorForm,
    ActorServiceForm,
    ProfileProposalForm,
    ProposalNoteForm,
    RecommendationForm,
    ServiceProposalForm,
    SwotForm,
    proposal_form,
    proposed_changes,
)

PAGE_SIZE = 25
NOT_SAVED = _("Nothing was saved: correct the marked fields.")


def _network_editor(user) -> None:
    if not permissions.edits_network(user):
        raise PermissionDenied(_("Only IOM staff edit the actor map."))


def _save(request, form, saved_message: str):
    """Save a valid form under its version claim; the saved object, or None (form shows why)."""
    if not form.is_valid():
        if not form.stale:
            messages.error(request, NOT_SAVED)
        return None
    saved = form.save_or_refuse(request.user)
    if saved is not None:
        messages.success(request, saved_message)
    return saved


def _render_form(request, template, form, context):
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request,
        template,
        {"form": form, "current": form.stale.instance if form.stale else None, **context},
        status=status,
    )


# Actors


@login_required
@require_http_methods(["GET", "POST"])
def actor_create(request):
    """IOM staff record a new actor: an existing organisation, or a new one named here."""
    _network_editor(request.user)
    form = ActorForm(request.POST or None)
    if request.method == "POST":
        with transaction.atomic():
            actor = _save(request, form, _("The actor is recorded."))
        if actor is not None:
            return redirect(actor)
    return _render_form(request, "referrals/network/actor_form.html", form, {"actor": None})


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request, pk):
    """IOM staff change an actor's profile and capacity ratings."""
    _network_editor(request.user)
    actor = get_object_or_404(ActorProfile.objects.select_related("organisation"), pk=pk)
    form = ActorForm(request.POST or None, instance=actor)
    if request.method == "POST" and _save(request, form, _("The actor is saved.")):
        return redirect(actor)
    return _render_form(request, "referrals/network/actor_form.html", form, {"actor": actor})


# Services


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request, pk):
    _network_editor(request.user)
    actor = get_object_or_404(ActorProfile.objects.select_related("organisation"), pk=pk)
    form = ActorServiceForm(request.POST or None, instance=ActorService(actor=actor))
    if request.method == "POST" and _save(request, form, _("The service is recorded.")):
        return redirect(f"{actor.get_absolute_url()}#h-services")
    return _render_form(
        request, "referrals/network/service_form.html", form, {"actor": actor, "service": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    """Change a service, or deactivate it (untick "active"): it then leaves the coverage matrix,
    the pathway editor and the referral form, and its past referrals keep it."""
    _network_editor(request.user)
    service = get_object_or_404(
        ActorService.objects.select_related("actor__organisation", "category"), pk=pk
    )
    form = ActorServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and _save(request, form, _("The service is saved.")):
        return redirect(f"{service.actor.get_absolute_url()}#h-services")
    return _render_form(
        request,
        "referrals/network/service_form.html",
        form,
        {"actor": service.actor, "service": service},
    )


# SWOT


@login_required
@require_http_methods(["GET", "POST"])
def swot_create(request, pk):
    _network_editor(request.user)
    actor = get_object_or_404(ActorProfile.objects.select_related("organisation"), pk=pk)
    form = SwotForm(request.POST or None, instance=SwotEntry(actor=actor, author=request.user))
    if request.method == "POST" and _save(request, form, _("The SWOT entry is recorded.")):
        return redirect(f"{actor.get_absolute_url()}#h-swot")
    return _render_form(
        request, "referrals/network/swot_form.html", form, {"actor": actor, "entry": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def swot_edit(request, pk):
    _network_editor(request.user)
    entry = get_object_or_404(SwotEntry.objects.select_related("actor__organisation"), pk=pk)
    form = SwotForm(request.POST or None, instance=entry)
    if request.method == "POST" and _save(request, form, _("The SWOT entry is saved.")):
        return redirect(f"{entry.actor.get_absolute_url()}#h-swot")
    return _render_form(
        request, "referrals/network/swot_form.html", form, {"actor": entry.actor, "entry": entry}
    )


@login_required
@require_POST
def swot_delete(request, pk):
    """Delete a SWOT entry, unless it changed since the page that asked was loaded."""
    _network_editor(request.user)
    entry = get_object_or_404(SwotEntry.objects.select_related("actor"), pk=pk)
    actor = entry.actor
    try:
        seen = parse_token(request.POST.get(VERSION_FIELD))
        with transaction.atomic():
            claim(entry, seen, request.user)
            entry._history_user = request.user
            entry.delete()
    except BadToken as error:
        messages.error(request, str(error.message))
        return redirect("referrals:swot_edit", pk=pk)
    except StaleSave as stale:
        messages.error(request, stale.status_message)
        return redirect("referrals:swot_edit", pk=pk)
    messages.success(request, _("The SWOT entry is deleted."))
    return redirect(f"{actor.get_absolute_url()}#h-swot")


# Recommendations


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request):
    """A new roadmap action (for the actor named in ?actor= if any), planned until moved."""
    _network_editor(request.user)
    initial = {}
    actor = ActorProfile.objects.filter(pk=_int(request.GET.get("actor"))).first()
    if actor is not None:
        initial = {"actor": actor, "responsible": actor.organisation_id}
    form = RecommendationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        recommendation = _save(request, form, _("The recommendation is recorded."))
        if recommendation is not None:
            return redirect("referrals:recommendation_edit", pk=recommendation.pk)
    return _render_form(
        request, "referrals/network/recommendation_form.html", form, {"recommendation": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk):
    """A recommendation's fields, its status moves and what changed."""
    _network_editor(request.user)
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("actor__organisation", "region", "responsible"),
        pk=pk,
    )
    form = RecommendationForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and _save(request, form, _("The recommendation is saved.")):
        return redirect("referrals:recommendation_edit", pk=pk)
    return _render_form(
        request,
        "referrals/network/recommendation_form.html",
        form,
        _status_context(recommendation, request.user),
    )


def _status_context(recommendation, user) -> dict:
    workflow = Recommendation.workflow
    targets = recommendation.allowed_moves(user)
    return {
        "recommendation": recommendation,
        "moves": [
            {
                "status": Recommendation.Status(target),
                "reason": workflow.move_to(recommendation.status, target).reason,
            }
            for target in targets
        ],
        "log": recommendation.moves.select_related("by").order_by("-at", "-pk"),
    }


@login_required
@require_POST
def recommendation_status(request, pk):
    """Move a recommendation's status through its workflow (with the reason it asks for)."""
    _network_editor(request.user)
    recommendation = get_object_or_404(Recommendation, pk=pk)
    refusal = move_from_post(request, recommendation, reason=request.POST.get("reason", ""))
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(
            request,
            _("The recommendation is now %(status)s.")
            % {"status": recommendation.get_status_display()},
        )
    return redirect("referrals:recommendation_edit", pk=pk)


# Proposals


def _own_actor(request, pk) -> ActorProfile:
    """The actor profile of the partner's own organisation (404 for any other)."""
    if not permissions.proposes_actor_changes(request.user):
        raise PermissionDenied(_("Partners propose changes to their own organisation's profile."))
    return get_object_or_404(
        ActorProfile.objects.select_related("organisation"),
        pk=pk,
        organisation_id=request.user.organisation_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request, pk):
    """A partner proposes a change to its profile (?service= a service, or "new" for a new one;
    none: the description and address). Checked by the same rules as IOM's forms."""
    actor = _own_actor(request, pk)
    wanted = request.GET.get("service", "")
    service = None
    if wanted == "new":
        subject = ActorChangeProposal.Subject.SERVICE
        form = ServiceProposalForm(request.POST or None, instance=ActorService(actor=actor))
    elif wanted:
        service = get_object_or_404(actor.services.select_related("category"), pk=_int(wanted))
        subject = ActorChangeProposal.Subject.SERVICE
        form = ServiceProposalForm(request.POST or None, instance=service)
    else:
        subject = ActorChangeProposal.Subject.PROFILE
        form = ProfileProposalForm(request.POST or None, instance=actor)
    note = ProposalNoteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and note.is_valid():
            changes = proposed_changes(form)
            if not changes:
                messages.error(request, _("Nothing was proposed: you changed no field."))
            else:
                with transaction.atomic():
                    proposal = ActorChangeProposal.objects.create(
                        actor=actor,
                        subject=subject,
                        service=service,
                        proposed=changes,
                        note=note.cleaned_data["note"],
                        proposed_by=request.user,
                    )
                    notify(
                        people_who(permissions.edits_network),
                        Kind.ACTOR_CHANGE_PROPOSED,
                        {
                            "organisation": str(actor.organisation),
                            "subject": proposal.get_subject_display,
                        },
                        proposal.get_absolute_url(),
                        actor=request.user,
                        site_url=request.build_absolute_uri("/"),
                    )
                messages.success(request, _("Your proposal is sent to IOM."))
                return redirect(actor)
        else:
            messages.error(request, NOT_SAVED)
    return render(
        request,
        "referrals/network/proposal_form.html",
        {"actor": actor, "service": service, "form": form, "note": note, "new": wanted == "new"},
        status=400 if request.method == "POST" else 200,
    )


def _proposals_for(user):
    proposals = ActorChangeProposal.objects.select_related(
        "actor__organisation", "service__category", "proposed_by", "reviewed_by"
    )
    if permissions.edits_network(user):
        return proposals
    if permissions.proposes_actor_changes(user):
        return proposals.filter(actor__organisation_id=user.organisation_id)
    raise PermissionDenied(_("Proposed changes are shown to IOM staff and partners."))


@login_required
@require_http_methods(["GET"])
def proposal_list(request):
    """IOM staff: every proposal, those waiting first; a partner: its organisation's."""
    proposals = _proposals_for(request.user)
    state = request.GET.get("status", ActorChangeProposal.Status.PENDING)
    if state in ActorChangeProposal.Status.values:
        proposals = proposals.filter(status=state)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/network/proposal_list.html",
        {"page_obj": page, "state": state, "states": ActorChangeProposal.Status.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_review(request, pk):
    """A proposal beside the record as it is now; IOM staff accept (the change is written) or
    reject it with a reason, and its author's organisation is told."""
    proposal = get_object_or_404(_proposals_for(request.user), pk=pk)
    if request.method == "POST":
        _network_editor(request.user)
        refusal = move_from_post(request, proposal, reason=request.POST.get("reason", ""))
        if refusal:
            messages.error(request, refusal)
        else:
            _tell_proposer(request, proposal)
            messages.success(
                request,
                _("The proposal is %(status)s.") % {"status": proposal.get_status_display()},
            )
            return redirect("referrals:proposal_list")
    form = proposal_form(proposal)
    rows = []
    for name in proposal.proposed:
        if name not in form.fields:
            continue
        field = form.fields[name]
        rows.append(
            {
                "label": field.label,
                "now": _shown(field, form.initial.get(name)),
                "proposed": _shown(field, proposal.proposed[name]),
            }
        )
    return render(
        request,
        "referrals/network/proposal_review.html",
        {
            "proposal": proposal,
            "rows": rows,
            "problem": proposal.problem() if proposal.status == "pending" else None,
            "reviewer": permissions.edits_network(request.user),
            "log": proposal.moves.select_related("by").order_by("-at", "-pk"),
        },
    )


def _tell_proposer(request, proposal) -> None:
    partners = [
        user
        for user in proposal.actor.organisation.users.filter(is_active=True)
        if permissions.proposes_actor_changes(user)
    ]
    notify(
        partners,
        Kind.ACTOR_CHANGE_ANSWERED,
        {"organisation": str(proposal.actor.organisation), "status": proposal.get_status_display},
        proposal.get_absolute_url(),
        actor=request.user,
        site_url=request.build_absolute_uri("/"),
    )


def _shown(field, value) -> str:
    """A proposed or current value as a person reads it (names of choices, not their codes)."""
    if value in (None, "", []):
        return "—"
    values = value if isinstance(value, list | tuple) else [value]
    choices = getattr(field, "choices", None)
    if choices is not None:
        names = {str(key): label for key, label in choices}
        values = [names.get(str(getattr(v, "pk", v)), v) for v in values]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return ", ".join(str(v) for v in values)


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


# Refer a case to a service


@login_required
@require_http_methods(["GET"])
def refer_to_service(request):
    """From a service's "refer a case here": the open cases the user handles in a region the
    service serves (searchable by reference, paged); each leads to the case's referral form
    with the service chosen."""
    if not permissions.does_field_work(request.user):
        raise PermissionDenied(_("Cases and referrals are not shown to your role."))
    service = get_object_or_404(
        ActorService.objects.filter(is_active=True).select_related(
            "actor__organisation", "category"
        ),
        pk=_int(request.GET.get("service")),
    )
    cases = (
        Case.objects.visible_to(request.user)
        .filter(status=Case.Status.OPEN, region__in=service.regions.all())
        .select_related("region", "owner")
        .order_by("-created_at", "-pk")
    )
    query = request.GET.get("q", "").strip()[:40]
    for word in query.split()[:4]:
        cases = cases.filter(reference__icontains=word)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/network/refer_pick_case.html",
        {
            "service": service,
            "page_obj": page,
            "q": query,
            "prefill": urlencode({"service": service.pk}),
            "regions": service.regions.order_by("code"),
        },
    )
