"""IOM projects: the list (filters, XLSX download), a project's page and recording its funding.

Any signed-in user reads the projects `Project.objects.visible_to` gives them: IOM roles and
viewers all of them, a partner those it takes part in (404 for the others). What a project did is
shown as counts only; a partner sees the funded needs of its own facilities, and the totals.
Only IOM roles record that a project funds a need.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from common.exports import spreadsheet_response

from .figures import annotate_funding, project_figures, results_framework
from .filters import ProjectFilter
from .forms import NeedFundingForm
from .models import (
    ActionPlan,
    NeedFunding,
    PlanAction,
    Project,
    ProjectPartner,
    SupportActivity,
)
from .services import record_funding

PAGE_SIZE = 25
FUNDINGS_PAGE_SIZE = 50
ACTIVITIES_SHOWN = 20

EXPORT_COLUMNS = [
    (gettext_lazy("IOM project code"), "#activity+code"),
    (gettext_lazy("PRIMA id"), "#activity+code+prima"),
    (gettext_lazy("Title"), "#activity+name"),
    (gettext_lazy("Short name"), "#activity+name+short"),
    (gettext_lazy("Type"), "#activity+type"),
    (gettext_lazy("Donors"), "#org+funder"),
    (gettext_lazy("Budget"), "#value+budget"),
    (gettext_lazy("Currency"), "#currency"),
    (gettext_lazy("Budget (MAD)"), "#value+budget+mad"),
    (gettext_lazy("Start"), "#date+start"),
    (gettext_lazy("End"), "#date+end"),
    (gettext_lazy("Status"), "#status"),
    (gettext_lazy("Regions"), "#adm1+name"),
    (gettext_lazy("Thematic areas"), "#sector"),
    (gettext_lazy("People to reach"), "#targeted+ind"),
    (gettext_lazy("Needs funded"), "#indicator+num+needs_funded"),
    (gettext_lazy("Needs funded (MAD)"), "#value+funded+mad"),
]


def _projects(user):
    """The projects `user` reads, with what the list and the download show."""
    return annotate_funding(Project.objects.visible_to(user)).prefetch_related(
        "donors", "regions", "themes"
    )


def _coverage(project: Project) -> str:
    if project.is_national:
        return _("National")
    return ", ".join(region.name for region in project.regions.all())


@transaction.non_atomic_requests
@login_required
@require_GET
def project_list(request):
    """Projects the user reads, filtered by status, donor, region and theme, 25 a page."""
    filterset = ProjectFilter(request.GET or None, queryset=_projects(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/project_list.html",
        {"filter": filterset, "page_obj": page, "current_sort": request.GET.get("o", "")},
    )


@transaction.non_atomic_requests
@login_required
@require_GET
def project_export(request):
    """The filtered project list as an XLSX file, with the HXL hashtag row."""
    filterset = ProjectFilter(request.GET or None, queryset=_projects(request.user))
    rows = (
        [
            project.code,
            project.prima_id,
            project.title,
            project.short_name,
            project.get_kind_display(),
            "; ".join(str(donor) for donor in project.donors.all()),
            project.budget,
            project.currency,
            project.budget_mad,
            project.starts_on,
            project.ends_on,
            project.get_status_display(),
            _coverage(project),
            "; ".join(theme.name for theme in project.themes.all()),
            project.people_to_reach,
            project.funded_count,
            project.funded_total,
        ]
        for project in filterset.qs
    )
    return spreadsheet_response(
        "projects",
        "xlsx",
        [str(header) for header, _tag in EXPORT_COLUMNS],
        [tag for _header, tag in EXPORT_COLUMNS],
        rows,
    )


def _project_page(request, project: Project, form: NeedFundingForm | None):
    """The project page: header, what it did beside its targets, results, needs, support."""
    user = request.user
    figures = project_figures(project)
    fundings = NeedFunding.objects.filter(project=project).select_related(
        "need", "need__facility", "need__facility__region"
    )
    if not permissions.reads_everything(user):
        # A partner reads the funded needs of the facilities it manages; the totals cover all.
        fundings = fundings.filter(need__facility__managing_organisation_id=user.organisation_id)
    # One more than shown, to know whether to link to the rest without counting them.
    latest = list(
        SupportActivity.objects.visible_to(user)
        .filter(project=project)
        .select_related("organisation")
        .prefetch_related("participants")
        .order_by("-date", "-pk")[: ACTIVITIES_SHOWN + 1]
    )
    return render(
        request,
        "plans/project_detail.html",
        {
            "project": project,
            "coverage": _coverage(project),
            "figures": figures,
            "framework": results_framework(project, figures),
            # A project may fund thousands of needs: a page of them at a time (?page=).
            "fundings": Paginator(fundings, FUNDINGS_PAGE_SIZE).get_page(request.GET.get("page")),
            "all_fundings_shown": permissions.reads_everything(user),
            # The latest ones; the support list filtered on the project has them all.
            "activities": latest[:ACTIVITIES_SHOWN],
            "more_activities": len(latest) > ACTIVITIES_SHOWN,
            "plan_actions": PlanAction.objects.filter(
                projects=project, axis__plan__in=ActionPlan.objects.visible_to(user)
            ).select_related("axis__plan__region"),
            "internal": user.is_iom,
            "form": form,
        },
    )


def _project(user, pk: int) -> Project:
    projects = Project.objects.visible_to(user).prefetch_related(
        "donors",
        "regions",
        "themes",
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("organisation")),
    )
    return get_object_or_404(projects, pk=pk)


@transaction.non_atomic_requests
@login_required
@require_GET
def project_detail(request, pk):
    """A project the user reads; IOM roles also get the form to record a funded need."""
    project = _project(request.user, pk)
    may_fund = request.user.is_iom and project.status != Project.Status.COMPLETED
    form = NeedFundingForm(project=project) if may_fund else None
    return _project_page(request, project, form)


@login_required
@require_http_methods(["GET", "POST"])
def funding_create(request, pk):
    """IOM roles record that the project funds an open need of its regions (others: 403)."""
    if not request.user.is_iom:
        raise PermissionDenied(_("Only IOM staff record what a project funds."))
    project = _project(request.user, pk)
    search = request.GET.get("q", "").strip()
    form = NeedFundingForm(request.POST or None, project=project, search=search)
    if request.method == "POST" and form.is_valid():
        try:
            record_funding(
                form.cleaned_data["need"], project, form.cleaned_data["amount"], request.user
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            messages.success(request, _("Need funded by %(code)s.") % {"code": project.code})
            return redirect(project)
    return render(
        request,
        "plans/project_funding_form.html",
        {"project": project, "form": form, "search": search},
        status=400 if form.errors else 200,
    )
