"""Downloads of the PDF guides and reports, each checked against the user's role and scope.

Objects outside a user's scope are 404, as everywhere in Manara; a report the role may not read
at all is 403. The URL's language prefix chooses the document's language.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from assessments.models import Framework
from common.forms import BootstrapFormMixin
from facilities.models import Facility, Region

from . import documents
from .models import GuideBatch
from .pdf import cached_pdf, pdf_response, render_html
from .tasks import build_batch


@login_required
@require_GET
def facility_guide(request, pk):
    """IOM roles, viewers and the partner that manages the facility; 404 for anyone else."""
    user = request.user
    facility = get_object_or_404(
        Facility.objects.visible_to(user).select_related(
            "region", "province", "managing_organisation"
        ),
        pk=pk,
    )
    if not (permissions.reads_everything(user) or permissions.manages_facility(user, facility)):
        raise Http404
    assessment = documents.latest_validated(facility)
    if assessment is None:
        raise Http404(_("This facility has no validated assessment yet."))
    guide = documents.facility_guide(
        facility, assessment, with_comments=permissions.reads_assessor_comments(user)
    )
    html = render_html("guides/facility_guide.html", guide)
    filename = documents.filename_for("guide", facility.code or facility.slug)
    return pdf_response(cached_pdf("facility", html, filename))


@login_required
@require_GET
def framework_guide(request, pk):
    """Every signed-in user reads a published or retired framework; drafts are for IOM roles."""
    frameworks = Framework.objects.all()
    if not request.user.is_iom:
        frameworks = frameworks.exclude(status=Framework.Status.DRAFT)
    framework = get_object_or_404(frameworks, pk=pk)
    html = render_html("guides/framework_guide.html", documents.framework_guide(framework))
    filename = documents.filename_for("reference-guide", framework.name, framework.version)
    return pdf_response(cached_pdf("framework", html, filename))


@require_GET
def information_sheet(request, pk):
    """Anyone, for a published and open facility (404 otherwise)."""
    facility = get_object_or_404(
        Facility.objects.published().select_related("region", "province"),
        pk=pk,
    )
    language = request.LANGUAGE_CODE
    public_url = request.build_absolute_uri(documents.public_path(facility, language))
    html = render_html(
        "guides/information_sheet.html", documents.information_sheet(facility, public_url)
    )
    filename = documents.filename_for("sheet", facility.slug, language)
    return pdf_response(cached_pdf("sheet", html, filename), public=True)


@login_required
@require_GET
def region_priorities(request, code):
    """IOM roles and viewers."""
    if not permissions.reads_everything(request.user):
        raise PermissionDenied(_("This report is for IOM staff and viewers."))
    region = get_object_or_404(Region, code=code)
    html = render_html(
        "guides/region_priorities.html", documents.region_priorities(region, request.user)
    )
    # The French name: the file name is ASCII, and an Arabic name would leave nothing of it.
    filename = documents.filename_for("priorities", region.code, region.name_fr)
    return pdf_response(cached_pdf("priorities", html, filename))


@login_required
@require_GET
def region_actors(request, code):
    """IOM roles only: the report holds SWOT grids and capacity judgements."""
    if not request.user.is_iom:
        raise PermissionDenied(_("This report is for IOM staff only."))
    region = get_object_or_404(Region, code=code)
    html = render_html("guides/region_actors.html", documents.region_actors(region))
    filename = documents.filename_for("actors", region.code, region.name_fr)
    return pdf_response(cached_pdf("actors", html, filename))


class BatchForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = GuideBatch
        fields = ["kind", "region"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == GuideBatch.Kind.REGION_GUIDES and not cleaned.get("region"):
            self.add_error("region", _("Choose the region whose guides you want."))
        return cleaned


def _iom_only(user) -> None:
    if not user.is_iom:
        raise PermissionDenied(_("Batches of guides are for IOM staff."))


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request):
    """IOM roles ask for a ZIP of many guides, made in the background, and follow its progress."""
    _iom_only(request.user)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = form.save(commit=False)
        batch.requested_by = request.user
        batch.language = request.LANGUAGE_CODE
        batch.base_url = request.build_absolute_uri("/")
        batch.save()
        build_batch.enqueue(batch.pk)
        return redirect("guides:batch_detail", pk=batch.pk)
    batches = GuideBatch.objects.select_related("region", "requested_by")[:20]
    return render(request, "guides/batch_list.html", {"form": form, "batches": batches})


@login_required
@require_GET
def batch_detail(request, pk):
    """The batch's progress; htmx asks for the progress fragment again until it is finished."""
    _iom_only(request.user)
    batch = get_object_or_404(GuideBatch.objects.select_related("region"), pk=pk)
    template = (
        "guides/_batch_progress.html"
        if request.headers.get("HX-Request")
        else "guides/batch_detail.html"
    )
    return render(request, template, {"batch": batch})


@login_required
@require_GET
def batch_download(request, pk):
    _iom_only(request.user)
    batch = get_object_or_404(GuideBatch, pk=pk, status=GuideBatch.Status.DONE)
    return FileResponse(
        batch.archive.open("rb"),
        as_attachment=True,
        filename=batch.archive.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
