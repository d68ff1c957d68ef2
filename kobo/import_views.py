"""Kobo submissions in: upload Kobo's export (XLSX or CSV), preview every submission, import.

IOM roles and partners with an organisation import; the check of each submission limits a
partner to the facilities its organisation manages. An import belongs to the person who made it;
IOM roles may open anyone's. Imports pulled from Kobo's API (kobo_api_views.py) end on the same
preview.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import permissions
from assessments.models import Framework

from .forms import KoboUploadForm
from .importing import KoboImportError, check, import_submissions
from .models import KoboImport
from .submissions import Submission
from .xlsx import KoboFileError, read_export_variant

RECENT_IMPORTS = 10
# File errors listed on the form; a file with more says how many it left out.
SHOWN_FILE_ERRORS = 20


def _check_importer(user) -> None:
    """IOM roles and partners of an organisation import Kobo submissions; nobody else."""
    if not permissions.collects_data(user):
        raise PermissionDenied(_("Only IOM staff and partners import assessments."))


def _imports_of(user):
    """The imports the user may open: anyone's for IOM roles, their own for a partner."""
    return KoboImport.objects.visible_to(user).select_related(
        "framework", "kobo_form", "created_by"
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """IOM roles and partners upload Kobo's export (XLSX, CSV files or a ZIP of them, any
    variant); it is read and kept for the preview."""
    _check_importer(request.user)
    if request.method == "POST":
        form = KoboUploadForm(request.POST, request.FILES)
    else:
        form = KoboUploadForm()
    if request.method == "POST" and form.is_valid():
        try:
            submissions, errors, variant = read_export_variant(
                form.cleaned_data["file"], form.cleaned_data["framework"]
            )
        except KoboFileError as error:
            form.add_error("file", str(error))
        else:
            for error in errors[:SHOWN_FILE_ERRORS]:
                form.add_error("file", error)
            if len(errors) > SHOWN_FILE_ERRORS:
                form.add_error(
                    "file",
                    _("… and %(count)s more errors.") % {"count": len(errors) - SHOWN_FILE_ERRORS},
                )
            if not errors:
                kobo_import = _store(request.user, form.cleaned_data, submissions, variant)
                return redirect("kobo:kobo_preview", kobo_import.pk)
    return render(
        request,
        "kobo/kobo_import.html",
        {
            "form": form,
            "recent_imports": _imports_of(request.user).filter(created_by=request.user)[
                :RECENT_IMPORTS
            ],
            "frameworks": Framework.objects.published().order_by("name", "-published_at"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _store(user, cleaned_data, submissions: list[Submission], variant) -> KoboImport:
    names = ", ".join(upload.name or "" for upload in cleaned_data["file"])
    return KoboImport.objects.create(
        source=KoboImport.Source.FILE,
        status=KoboImport.Status.READY,
        filename=names[:255],
        file_variant=variant.code,
        framework=cleaned_data["framework"],
        created_by=user,
        organisation=user.organisation,
        submissions=[submission.as_dict() for submission in submissions],
        fetched=len(submissions),
        total=len(submissions),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    """The importer's own import (IOM roles: anyone's): its progress, its failure, the check of
    every submission and the button that imports them, or what it created."""
    _check_importer(request.user)
    kobo_import = get_object_or_404(_imports_of(request.user), pk=pk)
    if request.method == "POST" and kobo_import.status != KoboImport.Status.READY:
        messages.error(request, _("This import cannot be imported now."))
        return redirect("kobo:kobo_preview", kobo_import.pk)
    preview, refusal = None, ""
    if kobo_import.status == KoboImport.Status.READY:
        submissions = [Submission.from_dict(data) for data in kobo_import.submissions]
        preview = check(submissions, kobo_import.framework, request.user)
        if request.method == "POST":
            if not preview.can_import:
                refusal = (
                    _("Some submissions have errors; nothing was imported. Correct them first.")
                    if preview.error_count
                    else _("There is nothing new to import.")
                )
            else:
                try:
                    created = import_submissions(kobo_import, request.user)
                except KoboImportError as error:
                    refusal = str(error)
                    preview = check(submissions, kobo_import.framework, request.user)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(created)s draft assessment created; %(imported)s already imported.",
                            "%(created)s draft assessments created; %(imported)s already imported.",
                            created,
                        )
                        % {"created": created, "imported": preview.imported_count},
                    )
                    if preview.update_count:
                        messages.success(
                            request,
                            ngettext(
                                "%(count)s draft assessment updated from its submission edited "
                                "on Kobo.",
                                "%(count)s draft assessments updated from their submissions "
                                "edited on Kobo.",
                                preview.update_count,
                            )
                            % {"count": preview.update_count},
                        )
                    return redirect("assessments:list")
    return render(
        request,
        "kobo/kobo_preview.html",
        {
            "kobo_import": kobo_import,
            "preview": preview,
            "refusal": refusal,
            "keep_days": settings.KOBO_IMPORT_KEEP_DAYS,
        },
        status=400 if request.method == "POST" else 200,
    )
