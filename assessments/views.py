"""Assessment entry and review: start, answer dimension by dimension, record needs, submit,
validate or return. Every view starts from the scoped querysets of managers.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from common.concurrency import VERSION_FIELD, StaleSave, VersionTokenForm
from common.workflow import move_from_post
from facilities.models import Facility

from . import reassessment
from .forms import (
    AnswerForm,
    NeedForm,
    ReturnForm,
    StartAssessmentForm,
    ValidateForm,
    unexpected_criteria,
)
from .models import Answer, Assessment, Dimension, Framework, Need

PAGE_SIZE = 25


def _visible_assessment(user, pk) -> Assessment:
    """The assessment if the user may read it; 404 otherwise, whether it exists or not."""
    return get_object_or_404(Assessment.objects.visible_to(user).with_related(), pk=pk)


def _editable_assessment(user, pk) -> Assessment:
    """The assessment if the user may change it: 404 outside their scope, 403 if only readable."""
    assessment = _visible_assessment(user, pk)
    if not Assessment.objects.editable_by(user).filter(pk=assessment.pk).exists():
        raise PermissionDenied(_("You cannot change this assessment."))
    return assessment


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start(request, facility_pk):
    """A partner (its organisation's facilities) or IOM staff starts a draft assessment."""
    if not permissions.does_field_work(request.user):
        raise PermissionDenied(_("Only IOM staff and partners assess facilities."))
    facility = get_object_or_404(
        Facility.objects.editable_by(request.user).select_related("region"), pk=facility_pk
    )
    framework = Framework.objects.current()
    open_assessments = (
        Assessment.objects.editable_by(request.user)
        .filter(facility=facility)
        .select_related("created_by")
    )
    form = StartAssessmentForm(request.POST or None)
    if request.method == "POST" and framework is not None and form.is_valid():
        assessment = form.save(commit=False)
        assessment.facility = facility
        assessment.framework = framework
        assessment.created_by = request.user
        assessment.assessor_organisation = request.user.organisation
        assessment.save()
        messages.success(request, _("Draft assessment started: answer dimension by dimension."))
        return redirect("assessments:answers", assessment.pk, Dimension.values[0])
    return render(
        request,
        "assessments/assessment_start.html",
        {
            "facility": facility,
            "framework": framework,
            "criteria_count": len(framework.criteria_for(facility.kind)) if framework else 0,
            "open_assessments": open_assessments,
            "form": form,
        },
    )


@login_required
@require_GET
def assessment_list(request):
    """Assessments the user may read; IOM staff see the ones awaiting validation first."""
    assessments = Assessment.objects.visible_to(request.user).with_related()
    status = request.GET.get("status", "")
    if status in Assessment.Status.values:
        assessments = assessments.filter(status=status)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/assessment_list.html",
        {
            "page_obj": page,
            "status": status,
            # A viewer reads validated assessments only: no other status to choose.
            "statuses": Assessment.Status.choices
            if permissions.reads_unvalidated_assessments(request.user)
            else [],
            "awaiting": Assessment.objects.visible_to(request.user)
            .filter(status=Assessment.Status.SUBMITTED)
            .count()
            if request.user.is_iom
            else None,
        },
    )


@login_required
@require_GET
def assessment_detail(request, pk):
    """Overview and review: progress, results, answers, needs, status history and actions.

    Shown whole: one assessment is bounded by its framework (an answer and at most a few needs
    per criterion, a handful of status moves)."""
    assessment = _visible_assessment(request.user, pk)
    criteria = assessment.criteria()
    answers = {a.criterion_id: a for a in assessment.answers.all()}
    can_edit = Assessment.objects.editable_by(request.user).filter(pk=assessment.pk).exists()
    can_review = request.user.is_iom and assessment.status == Assessment.Status.SUBMITTED
    sections = [
        {
            "dimension": dimension,
            "rows": [(c, answers.get(c.pk)) for c in criteria if c.dimension == dimension],
        }
        for dimension in Dimension
    ]
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "facility": assessment.facility,
            "progress": assessment.progress(criteria),
            "sections": sections,
            "needs": assessment.needs.select_related("criterion"),
            "transitions": assessment.moves.select_related("by"),
            "can_edit": can_edit,
            "can_review": can_review,
            # Earlier open needs to settle: validating goes through the page that lists them.
            "settles_needs": can_review and reassessment.earlier_open_needs(assessment).exists(),
            "validate_form": ValidateForm(),
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_answers(request, pk, dimension):
    """Answer the criteria of one dimension; saved as a draft, resumed at any time."""
    assessment = _editable_assessment(request.user, pk)
    if dimension not in Dimension.values:
        return redirect("assessments:answers", assessment.pk, Dimension.values[0])
    criteria = assessment.criteria()
    asked = [c for c in criteria if c.dimension == dimension]
    answers = {a.criterion_id: a for a in assessment.answers.filter(criterion__in=asked)}
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    forms = [AnswerForm(data, files, criterion=c, answer=answers.get(c.pk)) for c in asked]
    token = VersionTokenForm(data, instance=assessment)
    stray = unexpected_criteria(request.POST, {c.pk for c in asked}) if data else set()
    if data is not None:
        if stray:
            messages.error(
                request,
                _(
                    "The answers sent include criteria that are not part of this assessment; "
                    "nothing was saved. Reload the page and try again."
                ),
            )
        elif not token.is_valid():
            messages.error(request, " ".join(token.errors[VERSION_FIELD]))
        elif all(form.is_valid() for form in forms):
            try:
                with transaction.atomic():
                    token.claim(request.user)
                    for form in forms:
                        form.save(assessment)
                    assessment.save(update_fields=["updated_at"])
            except StaleSave as stale:
                token.refuse(stale)
                messages.error(request, stale.message)
            else:
                messages.success(request, _("Answers saved as a draft."))
                return redirect(_next_step(assessment, dimension, request.POST))
        else:
            messages.error(request, _("Some answers need correcting; nothing was saved."))
    index = Dimension.values.index(dimension)
    return render(
        request,
        "assessments/assessment_answers.html",
        {
            "assessment": assessment,
            "facility": assessment.facility,
            "dimension": Dimension(dimension),
            "forms": forms,
            "token": token,
            "progress": assessment.progress(criteria),
            "next_dimension": Dimension.values[index + 1]
            if index + 1 < len(Dimension.values)
            else None,
            "scale": Answer.Score.choices,
        },
        status=400 if data is not None else 200,
    )


def _next_step(assessment: Assessment, dimension: str, posted) -> str:
    """Where "save" leads: the same dimension, the next one, or the needs once all are done."""
    if "save_next" not in posted:
        return reverse("assessments:answers", args=[assessment.pk, dimension])
    index = Dimension.values.index(dimension)
    if index + 1 < len(Dimension.values):
        return reverse("assessments:answers", args=[assessment.pk, Dimension.values[index + 1]])
    return reverse("assessments:needs", args=[assessment.pk])


@login_required
@require_http_methods(["GET", "POST"])
def assessment_needs(request, pk):
    """The costed needs found by the assessment, and the form to add one."""
    assessment = _visible_assessment(request.user, pk)
    can_edit = Assessment.objects.editable_by(request.user).filter(pk=assessment.pk).exists()
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("You cannot change this assessment."))
    form = NeedForm(request.POST or None, assessment=assessment) if can_edit else None
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Need added."))
            return redirect("assessments:needs", assessment.pk)
        messages.error(request, _("The need was not added; correct the fields marked below."))
    needs = assessment.needs.select_related("criterion")
    return render(
        request,
        "assessments/assessment_needs.html",
        {
            "assessment": assessment,
            "facility": assessment.facility,
            "needs": needs,
            "total": sum(need.total_cost for need in needs),
            "form": form,
            "can_edit": can_edit,
            "progress": assessment.progress(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def answer_photo(request, pk, answer_pk):
    """A photo attached to an answer, served only to those who may read the assessment.

    Photos show the inside of facilities (and sometimes people), so they are never exposed under
    a public media address. Viewers never get them: they are part of what the assessor noted.
    """
    assessment = _visible_assessment(request.user, pk)
    if not permissions.reads_assessor_comments(request.user):
        raise Http404
    answer = get_object_or_404(assessment.answers.exclude(photo=""), pk=answer_pk)
    response = FileResponse(answer.photo.open("rb"))
    response["Cache-Control"] = "private, no-store"  # assessment data: kept by no cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def assessment_need_delete(request, pk, need_pk):
    """Remove a need recorded by mistake, while the assessment is still open."""
    assessment = _editable_assessment(request.user, pk)
    need = get_object_or_404(assessment.needs, pk=need_pk)
    need.delete()
    messages.success(request, _("Need removed."))
    return redirect("assessments:needs", assessment.pk)


@login_required
@require_POST
def assessment_submit(request, pk):
    """The author sends a complete assessment to IOM; the scores are computed and stored."""
    assessment = _editable_assessment(request.user, pk)
    refusal = move_from_post(request, assessment, Assessment.Status.SUBMITTED)
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, _("Assessment submitted: IOM staff will review it."))
    return redirect(assessment)


def _reviewable_assessment(user, pk) -> Assessment:
    assessment = _visible_assessment(user, pk)
    if not user.is_iom:
        raise PermissionDenied(_("Only IOM staff validate assessments."))
    return assessment


@login_required
@require_http_methods(["GET", "POST"])
def assessment_validate(request, pk):
    """IOM staff validate a submitted assessment: it now counts for prioritisation, and the open
    needs of the facility's earlier assessments are carried over, done or superseded, as the
    validator chose on this page (what `reassessment.proposals` proposes when posted without)."""
    assessment = _reviewable_assessment(request.user, pk)
    if assessment.status != Assessment.Status.SUBMITTED and request.method == "GET":
        messages.info(request, _("Only a submitted assessment can be validated."))
        return redirect(assessment)
    proposals = reassessment.proposals(assessment)
    data = request.POST if request.method == "POST" else None
    form = ValidateForm(data, proposals=proposals)
    token = VersionTokenForm(data, instance=assessment)
    if data is not None:
        refusal = _validate(request, assessment, form, token)
        if refusal is None:
            messages.success(request, _("Assessment validated: the facility's scores are updated."))
            return redirect(assessment)
        messages.error(request, refusal)
        if not proposals:
            return redirect(assessment)
        # Shown again as stored now (a stale page: with the version to save against).
        assessment.refresh_from_db()
    return render(
        request,
        "assessments/assessment_validate.html",
        {
            "assessment": assessment,
            "facility": assessment.facility,
            "form": form,
            "token": token,
            "choices": reassessment.Choice,
        },
        status=400 if data is not None else 200,
    )


def _validate(request, assessment, form, token) -> str | None:
    """Validate with the posted choices; None when done, else why nothing was written."""
    if not token.is_valid():
        return " ".join(token.errors[VERSION_FIELD])
    if not form.is_valid():
        if "comment" in form.errors:
            return " ".join(form.errors["comment"])
        return _("Choose what becomes of each earlier need; nothing was validated.")
    try:
        assessment.validate(
            request.user,
            form.cleaned_data["comment"],
            seen_version=token.seen_version,
            need_choices=form.need_choices(),
        )
    except reassessment.CarryOverRefused as refused:
        form.refuse(refused)
        return _("Some earlier needs cannot be carried over; nothing was validated.")
    except ValidationError as error:
        return " ".join(error.messages)
    return None


@login_required
@require_POST
def assessment_return(request, pk):
    """IOM staff return a submitted assessment to its author with what to correct."""
    assessment = _reviewable_assessment(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        refusal = _("Say what the assessor must correct.")
    else:
        comment = form.cleaned_data["comment"]
        refusal = move_from_post(request, assessment, Assessment.Status.RETURNED, comment)
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, _("Assessment returned to its author."))
    return redirect(assessment)


@login_required
@require_GET
def need_history(request, pk):
    """One need as stored, with its status moves (why each, as at a re-assessment) and its
    recent changes (the assessment it came from); for those who may read the need."""
    need = get_object_or_404(Need.objects.visible_to(request.user).with_related(), pk=pk)
    return render(
        request,
        "assessments/need_history.html",
        {"need": need, "moves": need.moves.select_related("by")},
    )
