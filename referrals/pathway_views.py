"""Referral pathways: read by every signed-in user, written by IOM roles.

A pathway is one cell of region × service: the providers to contact in order, who is eligible and
what to bring. A cell with no provider at all is a gap the roadmap must fill.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.concurrency import VERSION_FIELD, StaleSave, claim
from facilities.models import Region, ServiceCategory

from .forms import STALE_PATHWAY, PathwayForm, PathwayStepFormSet
from .models import ActorService, Pathway, PathwayStep


@login_required
@require_GET
def pathways(request):
    """Referral pathways of a region, read like a printed pathway; missing providers are gaps."""
    regions = list(Region.objects.order_by("code"))
    region = next(
        (r for r in regions if str(r.pk) == request.GET.get("region")),
        next((r for r in regions if r.code == "06"), regions[0]),
    )
    steps = PathwayStep.objects.select_related(
        "service__actor__organisation", "service__category"
    ).order_by("order", "pk")
    by_category = {
        pathway.category_id: pathway
        for pathway in Pathway.objects.filter(region=region).prefetch_related(
            Prefetch("steps", queryset=steps)
        )
    }
    offered = set(
        ActorService.objects.filter(is_active=True, regions=region).values_list(
            "category_id", flat=True
        )
    )
    rows = [
        {
            "category": category,
            "pathway": by_category.get(category.pk),
            "has_provider": category.pk in offered,
        }
        for category in ServiceCategory.objects.all()
    ]
    return render(
        request,
        "referrals/pathways.html",
        {"regions": regions, "region": region, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathway_edit(request, region, category):
    """IOM roles write one pathway (creating it if the cell has none) and its ordered providers.

    The page carries the pathway's version: if someone saved it in between, the save is refused
    (their version shown, the editor's input kept) rather than overwriting their work.
    """
    if not request.user.is_iom:
        raise PermissionDenied(_("Only IOM staff edit referral pathways."))
    region = get_object_or_404(Region, pk=region)
    category = get_object_or_404(ServiceCategory, code=category)
    pathway = Pathway.objects.filter(region=region, category=category).first() or Pathway(
        region=region, category=category
    )
    providers = (
        ActorService.objects.filter(is_active=True, category=category, regions=region)
        .select_related("actor__organisation")
        .order_by("actor__organisation__name", "pk")
    )
    current = None
    if request.method == "POST":
        data = request.POST
        if "seen" in data and VERSION_FIELD not in data:
            # "seen" is the token's name in pages loaded before it was renamed seen_version.
            data = data.copy()
            data[VERSION_FIELD] = data["seen"]
        form = PathwayForm(data, instance=pathway)
        steps = PathwayStepFormSet(data, instance=pathway, providers=providers)
        if form.is_valid() and steps.is_valid():
            try:
                with transaction.atomic():
                    if pathway.pk:
                        claim(pathway, form.seen_version, request.user)
                    pathway = form.save()
                    steps.instance = pathway
                    steps.save()
            except StaleSave as stale:
                form.refuse(stale)
            except IntegrityError:  # a pathway of this cell was created meanwhile
                messages.error(request, _(STALE_PATHWAY))
                return redirect(request.path)
            else:
                messages.success(
                    request,
                    _("The %(service)s pathway of %(region)s is saved.")
                    % {"service": category.name, "region": region.name},
                )
                return redirect(
                    f"{reverse('referrals:pathways')}?region={region.pk}#h-pathway-{category.code}"
                )
        elif not form.stale:
            messages.error(request, _("The pathway was not saved: correct the marked fields."))
        # A refused stale save shows the pathway as now saved above the editor's input.
        current = form.stale.instance if form.stale else None
    else:
        form = PathwayForm(instance=pathway)
        steps = PathwayStepFormSet(instance=pathway, providers=providers)
    return render(
        request,
        "referrals/pathway_form.html",
        {
            "region": region,
            "category": category,
            "form": form,
            "steps": steps,
            "seen": form[VERSION_FIELD].value() if VERSION_FIELD in form.fields else "",
            "current": current,
            "has_providers": providers.exists(),
        },
    )
