"""IOM's technical support to partners: the list, recording an activity, its page, its
attendance sheet, and the page of an organisation with its support history.

IOM roles read and record everything. Anyone else with an organisation reads only the support
given to it (404 for the rest); a user without organisation has nothing to read here (403).
Attendance sheets are never served from a public URL: only `attendance_sheet` sends them, to
those who may read the activity.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from accounts.models import Organisation
from facilities.models import Facility
from referrals.models import Referral

from .models import Project, ProjectPartner, SupportActivity, SupportFollowUp, SupportParticipants
from .support_forms import SupportActivityFilter, SupportRecord, attendance_content_type

PAGE_SIZE = 25
# The organisation page shows the latest activities; the list filtered on it shows them all.
HISTORY_SIZE = 20
# Its other lists are capped too (an organisation may manage thousands of facilities): the first
# ones with their count and a link to the paginated list filtered on the organisation.
SHOWN_ON_ORGANISATION = 20


def _refuse_without_scope(user) -> None:
    """Support records are read by IOM roles and by the organisations supported."""
    if not permissions.sees_support(user):
        raise PermissionDenied(
            _("Support records are shown to IOM and to the organisations supported.")
        )


def _refuse_unless_iom(user) -> None:
    if not user.is_iom:
        raise PermissionDenied(_("Only IOM staff record support activities."))


def _with_figures(activities):
    """Activities with their related rows and, in the same query, participants by sex and the
    number of open follow-ups (subqueries: two joins would multiply each other's rows)."""
    participants = SupportParticipants.objects.filter(activity=OuterRef("pk")).order_by()
    open_follow_ups = SupportFollowUp.objects.filter(activity=OuterRef("pk"), is_done=False)

    def total(rows, expression):
        summed = rows.values("activity").annotate(total=expression).values("total")
        return Coalesce(Subquery(summed), Value(0))

    return activities.select_related("organisation", "facility", "project").annotate(
        women_count=total(participants, Sum("women")),
        men_count=total(participants, Sum("men")),
        open_follow_up_count=total(open_follow_ups.order_by(), Count("pk")),
    )


@transaction.non_atomic_requests
@login_required
@require_GET
def support_list(request):
    """Support activities, filtered and paginated: all for IOM roles, else the organisation's."""
    _refuse_without_scope(request.user)
    activities = SupportActivity.objects.visible_to(request.user)
    filterset = SupportActivityFilter(request.GET or None, queryset=activities, request=request)
    page = Paginator(_with_figures(filterset.qs), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/support_list.html",
        {"filter": filterset, "page_obj": page, "can_record": request.user.is_iom},
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_create(request):
    """IOM roles record an activity with its participants, follow-ups and attendance sheet.

    All or nothing: any error shows the form again and stores neither rows nor file.
    """
    _refuse_unless_iom(request.user)
    if request.method != "POST":
        rows = request.GET.get("rows", "")
        record = SupportRecord(rows=int(rows) if rows.isdigit() else None)
        return render(request, "plans/support_form.html", {"record": record})
    record = SupportRecord(request.POST, request.FILES)
    if record.is_valid():
        try:
            activity = record.save(recorded_by=request.user)
        except IntegrityError:
            messages.error(
                request,
                _("The support activity was not recorded: the data changed meanwhile. Try again."),
            )
        else:
            messages.success(
                request,
                _("The support activity “%(topic)s” is recorded.") % {"topic": activity.topic},
            )
            return redirect("plans:support_detail", pk=activity.pk)
    else:
        messages.error(
            request, _("The support activity was not recorded: correct the marked fields.")
        )
    if request.FILES:
        messages.warning(request, _("The attendance sheet was not kept: choose the file again."))
    return render(request, "plans/support_form.html", {"record": record}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def support_detail(request, pk):
    """One activity as recorded, for those who may read it (404 for the rest).

    A POST of `action=done` and `follow_up=<id>` marks one of its follow-ups done: IOM roles only.
    """
    activity = get_object_or_404(
        SupportActivity.objects.visible_to(request.user).select_related(
            "organisation", "facility", "project", "recorded_by"
        ),
        pk=pk,
    )
    if request.method == "POST":
        return _mark_follow_up_done(request, activity)
    participants = list(activity.participants.select_related("organisation"))
    user = request.user
    return render(
        request,
        "plans/support_detail.html",
        {
            "activity": activity,
            "participants": participants,
            "women": sum(group.women for group in participants),
            "men": sum(group.men for group in participants),
            "follow_ups": list(activity.follow_ups.all()),
            "can_mark_done": user.is_iom,
            "facility_link": bool(activity.facility_id)
            and Facility.objects.visible_to(user).filter(pk=activity.facility_id).exists(),
            "project_link": bool(activity.project_id)
            and Project.objects.visible_to(user).filter(pk=activity.project_id).exists(),
        },
    )


def _mark_follow_up_done(request, activity: SupportActivity):
    """IOM roles close a follow-up action of this activity; another activity's is not found."""
    _refuse_unless_iom(request.user)
    if request.POST.get("action") != "done":
        return HttpResponseBadRequest(_("Unknown action."))
    follow_up_id = request.POST.get("follow_up", "")
    if not follow_up_id.isdigit():
        raise Http404
    follow_up = get_object_or_404(activity.follow_ups, pk=int(follow_up_id))
    follow_up.mark_done(request.user)
    messages.success(request, _("“%(action)s” is marked done.") % {"action": follow_up.action})
    return redirect(f"{reverse('plans:support_detail', args=[activity.pk])}#follow-ups")


@transaction.non_atomic_requests
@login_required
@require_GET
def attendance_sheet(request, pk):
    """The attendance sheet of an activity, as a download, to those who may read the activity."""
    activity = get_object_or_404(
        SupportActivity.objects.visible_to(request.user).exclude(attendance_sheet=""), pk=pk
    )
    sheet = activity.attendance_sheet
    try:
        stored = sheet.storage.open(sheet.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = attendance_content_type(stored.read(8)) or "application/octet-stream"
    stored.seek(0)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=os.path.basename(sheet.name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@transaction.non_atomic_requests
@login_required
@require_GET
def organisation_detail(request, pk):
    """An organisation: contacts, actor profile, referrals sent and received, facilities it
    manages, projects and support received.

    IOM roles open any organisation; other users only their own (404 for any other).
    """
    user = request.user
    organisation = get_object_or_404(
        Organisation.objects.select_related("actor_profile").prefetch_related("regions"), pk=pk
    )
    if not permissions.reads_organisation(user, organisation):
        raise Http404
    facilities = Facility.objects.visible_to(user).filter(managing_organisation=organisation)
    projects = (
        ProjectPartner.objects.filter(
            organisation=organisation, project__in=Project.objects.visible_to(user)
        )
        .select_related("project")
        .order_by("-project__starts_on", "project__code")
    )
    activities = SupportActivity.objects.visible_to(user).filter(organisation=organisation)
    participants = SupportParticipants.objects.filter(activity__in=activities).aggregate(
        women=Coalesce(Sum("women"), 0), men=Coalesce(Sum("men"), 0)
    )
    open_follow_ups = (
        SupportFollowUp.objects.filter(activity__in=activities, is_done=False)
        .select_related("activity")
        .order_by("due_on", "pk")
    )
    return render(
        request,
        "plans/organisation_detail.html",
        {
            "organisation": organisation,
            "facilities": list(
                facilities.select_related("region").order_by("name", "pk")[:SHOWN_ON_ORGANISATION]
            ),
            "facility_count": facilities.count(),
            "projects": list(projects[:SHOWN_ON_ORGANISATION]),
            "project_count": projects.count(),
            "shown": SHOWN_ON_ORGANISATION,
            "activity_count": activities.count(),
            "history": _with_figures(activities)[:HISTORY_SIZE],
            "participants": participants,
            "open_follow_ups": list(open_follow_ups[:SHOWN_ON_ORGANISATION]),
            "open_follow_up_count": open_follow_ups.count(),
            "history_size": HISTORY_SIZE,
            "actor": getattr(organisation, "actor_profile", None),
            "referrals": Referral.objects.visible_to(user).sent_and_received(organisation)
            if permissions.does_field_work(user)
            else None,
        },
    )
