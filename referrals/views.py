"""Staff pages of the actor mapping: actors (list, map, page), coverage, roadmap and pathways.

Any signed-in user reads actors, coverage and the roadmap; SWOT entries and capacity
ratings are shown to IOM roles only.
"""

from collections import defaultdict

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts import permissions
from accounts.models import Organisation
from common.exports import requested_format, spreadsheet_response
from facilities.filters import FacilityFilterForm
from facilities.models import Region, ServiceCategory

from .models import ActorProfile, ActorService, Recommendation, Referral

PAGE_SIZE = 25
# A cell of the coverage matrix with fewer actors than this is thin (one actor: no alternative).
THIN_BELOW = 2


class ActorFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="regions",
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
        distinct=True,
    )
    service = django_filters.ModelChoiceFilter(
        label=_("Service"),
        queryset=ServiceCategory.objects.all(),
        empty_label=_("All services"),
        method="offering",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
    )
    standing = django_filters.ChoiceFilter(
        label=_("Current or potential"),
        choices=ActorProfile.Standing.choices,
        empty_label=_("Current and potential"),
    )

    class Meta:
        model = ActorProfile
        fields = []
        form = FacilityFilterForm

    def offering(self, queryset, name, category):
        return queryset.filter(services__category=category, services__is_active=True).distinct()


def _actors(user):
    return (
        ActorProfile.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related(
            "regions",
            Prefetch(
                "services",
                queryset=ActorService.objects.filter(is_active=True).select_related("category"),
            ),
        )
    )


@login_required
@require_GET
def actor_list(request):
    """Actors with filters by region, service, kind and standing, then on a map."""
    filterset = ActorFilter(request.GET or None, queryset=_actors(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/actor_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "located_count": filterset.qs.filter(latitude__isnull=False).count(),
        },
    )


@login_required
@require_GET
def actor_detail(request, pk):
    """An actor: services, recommendations and, for IOM roles, capacities and the SWOT grid."""
    actor = get_object_or_404(_actors(request.user), pk=pk)
    internal = request.user.is_iom
    swot = defaultdict(list)
    if internal:
        for entry in actor.swot.select_related("author"):
            swot[entry.quadrant].append(entry)
    quadrants = [(code, label, swot[code]) for code, label in actor.swot.model.Quadrant.choices]
    user = request.user
    editor = permissions.edits_network(user)
    services = actor.services.all()
    if editor:
        # IOM staff see the inactive services too, to change or reactivate them.
        services = (
            ActorService.objects.filter(actor=actor)
            .select_related("category")
            .prefetch_related("regions")
            .order_by("category__order", "pk")
        )
    proposer = permissions.proposes_changes_to(user, actor)
    received = None
    if permissions.does_field_work(user):
        received = (
            Referral.objects.visible_to(user).filter(to_organisation=actor.organisation_id).count()
        )
    return render(
        request,
        "referrals/actor_detail.html",
        {
            "actor": actor,
            "internal": internal,
            "quadrants": quadrants,
            "services": services,
            "recommendations": actor.recommendations.select_related("responsible", "region"),
            "editor": editor,
            "proposer": proposer,
            "refers": permissions.does_field_work(user),
            "received": received,
            "organisation_page": permissions.reads_organisation(user, actor.organisation),
            "pending_proposals": actor.change_proposals.filter(status="pending").count()
            if editor or proposer
            else 0,
        },
    )


@login_required
@require_GET
def coverage(request):
    """How many actors offer each service in each region; empty and thin cells are the gaps."""
    regions = list(Region.objects.order_by("code"))
    categories = list(ServiceCategory.objects.all())
    counts = {
        (row["category_id"], row["regions"]): row["actors"]
        for row in ActorService.objects.filter(is_active=True)
        .values("category_id", "regions")
        .annotate(actors=Count("actor", distinct=True))
    }
    rows = [
        {
            "category": category,
            "cells": [
                {"region": region, "count": counts.get((category.pk, region.pk), 0)}
                for region in regions
            ],
        }
        for category in categories
    ]
    gaps = sum(1 for row in rows for cell in row["cells"] if cell["count"] == 0)
    return render(
        request,
        "referrals/coverage.html",
        {"regions": regions, "rows": rows, "thin_below": THIN_BELOW, "gaps": gaps},
    )


class RoadmapFilterForm(FacilityFilterForm):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("All regions"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Recommendation.Status.choices],
    )


ROADMAP_COLUMNS = [
    (_("Region"), "#adm1+name"),
    (_("Actor"), "#org+name"),
    (_("Action"), "#activity+name"),
    (_("Responsible organisation"), "#org+impl"),
    (_("Due date"), "#date+end"),
    (_("Priority"), "#meta+priority"),
    (_("Status"), "#status"),
    (_("Overdue"), "#status+overdue"),
]


@login_required
@require_GET
def roadmap(request):
    """The recommendations by region and status, overdue ones first; exports to XLSX."""
    form = RoadmapFilterForm(request.GET or None)
    recommendations = Recommendation.objects.select_related(
        "actor__organisation", "region", "responsible"
    ).prefetch_related("actor__regions")
    if form.is_valid():
        if form.cleaned_data["region"]:
            region = form.cleaned_data["region"]
            recommendations = recommendations.filter(
                Q(region=region) | Q(actor__regions=region)
            ).distinct()
        if form.cleaned_data["status"]:
            recommendations = recommendations.filter(status=form.cleaned_data["status"])
    # Overdue first, then the open ones, then done or cancelled; by due date (none last). In SQL,
    # so the page is a slice of the ordered rows.
    today = timezone.localdate()
    open_statuses = (Recommendation.Status.PLANNED, Recommendation.Status.IN_PROGRESS)
    closed_statuses = (Recommendation.Status.DONE, Recommendation.Status.CANCELLED)
    recommendations = recommendations.annotate(
        overdue_rank=Case(
            When(due_on__lt=today, status__in=open_statuses, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        closed_rank=Case(
            When(status__in=closed_statuses, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).order_by("overdue_rank", "closed_rank", F("due_on").asc(nulls_last=True), "pk")
    file_format = requested_format(request)
    if file_format:
        return spreadsheet_response(
            "roadmap",
            file_format,
            [str(header) for header, _tag in ROADMAP_COLUMNS],
            [tag for _header, tag in ROADMAP_COLUMNS],
            (
                [
                    _region_names(r),
                    str(r.actor) if r.actor_id else "",
                    r.action,
                    str(r.responsible) if r.responsible_id else "",
                    r.due_on,
                    r.get_priority_display(),
                    r.get_status_display(),
                    str(_("yes")) if r.is_overdue else "",
                ]
                for r in recommendations.iterator(chunk_size=2000)
            ),
        )
    page = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/roadmap.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [(r, _region_names(r)) for r in page.object_list],
            "overdue": recommendations.filter(overdue_rank=0).count(),
            "export_query": _query_without_format(request),
        },
    )


def _region_names(recommendation) -> str:
    if recommendation.region_id:
        return recommendation.region.name
    if recommendation.actor_id:
        return ", ".join(region.name for region in recommendation.actor.regions.all())
    return ""


def _query_without_format(request) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()
