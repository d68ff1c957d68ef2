"""Downloads of a regional action plan and of a pilot project's proposal, as PDF.

They go through the guides' PDF machinery (bundled fonts, right-to-left Arabic, a fetcher that
reads only the project's files, a cache keyed by the document's HTML). The URL's language prefix
chooses the document's language. A plan the user may not read is 404, and so are its pilots.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from guides.pdf import cached_pdf, pdf_response, render_html

from . import documents
from .summary import plan_queryset


@login_required
@require_GET
@transaction.non_atomic_requests
def plan_pdf(request, pk):
    """Whoever may read the plan (`ActionPlan.objects.visible_to`); 404 for anyone else."""
    plan = get_object_or_404(plan_queryset().visible_to(request.user), pk=pk)
    html = render_html("plans/plan_pdf.html", documents.plan_document(plan))
    return pdf_response(cached_pdf("plan", html, documents.plan_filename(plan)))


@login_required
@require_GET
@transaction.non_atomic_requests
def pilot_pdf(request, pk):
    """Whoever may read the pilot's plan; 404 for anyone else."""
    pilot = get_object_or_404(documents.pilot_visible_to(request.user), pk=pk)
    html = render_html("plans/pilot_pdf.html", documents.pilot_document(pilot))
    return pdf_response(cached_pdf("pilot", html, documents.pilot_filename(pilot)))
