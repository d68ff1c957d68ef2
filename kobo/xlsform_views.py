"""The XLSForm of a published framework, for KoboToolbox or ODK Collect."""

import re
from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import permissions
from assessments.models import Framework
from facilities.models import Facility

from . import submissions as kobo
from .xlsform import build_xlsform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
@transaction.non_atomic_requests
def xlsform(request, pk):
    """IOM roles and partners with an organisation, for a published framework (404 otherwise).

    The form lists the facilities the user may assess (`Facility.objects.editable_by`), closed
    ones left out, by code.
    """
    user = request.user
    if not permissions.collects_data(user):
        raise PermissionDenied(_("Only IOM staff and partners assess facilities."))
    framework = get_object_or_404(Framework.objects.published(), pk=pk)
    facilities = list(
        Facility.objects.editable_by(user)
        .exclude(status=Facility.Status.CLOSED)
        .only("code", "name", "kind")
        .order_by("code")
    )
    if not facilities:
        raise PermissionDenied(_("Your organisation has no open facility to assess."))
    content = BytesIO()
    build_xlsform(framework, facilities).save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX)
    version = re.sub(r"[^A-Za-z0-9._-]", "_", framework.version)
    filename = f"{kobo.form_id(framework)}-v{version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
