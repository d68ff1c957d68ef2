"""Staff pages of the facility registry: list, map, detail, create and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import permissions
from common import maps
from common.exports import requested_format

from .filters import FacilityFilter
from .forms import FacilityForm
from .models import Facility, Province

PAGE_SIZE = 25
# Sortable columns of the table: (ordering key of FacilityFilter.o, column title).
SORTABLE_COLUMNS = ("name", "code", "region", "kind", "capacity", "occupancy", "updated")


@login_required
@require_GET
def facility_list(request):
    """Filtered, sortable and paginated table of the facilities the user may read."""
    if requested_format(request, ("map",)):
        return facility_map(request)
    facilities = Facility.objects.visible_to(request.user).with_related()
    filterset = FacilityFilter(request.GET or None, queryset=facilities)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "facilities/facility_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "current_sort": request.GET.get("o", ""),
            "can_create": Facility.can_be_created_by(request.user),
        },
    )


@login_required
@require_GET
def facility_map(request):
    """The same filters as the list, shown on a map; the points come from `facility_geojson`."""
    located = Facility.objects.visible_to(request.user).filter(latitude__isnull=False)
    filterset = FacilityFilter(request.GET or None, queryset=located)
    return render(
        request,
        "facilities/facility_map.html",
        {"filter": filterset, "located_count": filterset.qs.count()},
    )


@login_required
@require_GET
def facility_geojson(request):
    """GeoJSON of the filtered facilities with coordinates, for the part of the map in view.

    `?bbox=&zoom=` (common/maps.py): far out, facilities close together come as one numbered
    group, so the answer stays small whatever the registry holds. Points are built from plain
    values (no model instances); texts are data, never markup: the map script inserts them
    with textContent.
    """
    try:
        view = maps.parse_view(request.GET)
    except maps.MapRequestError as error:
        return maps.bad_request(error)
    facilities = Facility.objects.visible_to(request.user).filter(latitude__isnull=False)
    filterset = FacilityFilter(request.GET or None, queryset=facilities)
    return JsonResponse(maps.map_features(filterset.qs, view, _staff_points))


def _staff_points(facilities) -> list[dict]:
    """Map points of facilities: what the popup shows and the status its marker is drawn by."""
    language = (get_language() or "fr")[:2]
    kinds = dict(Facility.Kind.choices)
    statuses = dict(Facility.Status.choices)
    detail_url = reverse("facilities:detail", args=[0])
    rows = facilities.values(
        "pk",
        "code",
        "name",
        "kind",
        "status",
        "latitude",
        "longitude",
        "capacity",
        f"region__name_{language}",
        "managing_organisation__name",
    ).order_by("pk")
    return [
        maps.point_feature(
            row["longitude"],
            row["latitude"],
            {
                "id": row["pk"],
                "code": row["code"],
                "name": row["name"],
                "kind": str(kinds.get(row["kind"], row["kind"])),
                "status": row["status"],
                "status_label": str(statuses.get(row["status"], row["status"])),
                "region": row[f"region__name_{language}"],
                "organisation": row["managing_organisation__name"],
                "capacity": row["capacity"],
                "url": detail_url.replace("/0/", f"/{row['pk']}/"),
            },
        )
        for row in rows
    ]


@login_required
@require_GET
def facility_detail(request, pk):
    """Everything staff know about one facility, with its recent changes."""
    facility = get_object_or_404(Facility.objects.visible_to(request.user).with_related(), pk=pk)
    can_edit = Facility.objects.editable_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "facilities/facility_detail.html",
        {
            "facility": facility,
            "can_edit": can_edit,
            "organisation_link": permissions.reads_organisation(
                request.user, facility.managing_organisation
            ),
        },
    )


@login_required
def facility_create(request):
    """Register a new facility (IOM roles; partners for their own organisation)."""
    if not Facility.can_be_created_by(request.user):
        raise PermissionDenied(_("Your role does not allow you to add facilities."))
    form = FacilityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        facility = form.save()
        messages.success(request, _("The facility “%(name)s” was added.") % {"name": facility})
        return redirect(facility)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": None})


@login_required
def facility_edit(request, pk):
    """Change a facility the user may edit; any other facility is not found."""
    facility = get_object_or_404(Facility.objects.editable_by(request.user), pk=pk)
    form = FacilityForm(request.POST or None, instance=facility, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save_or_refuse(request.user):
        messages.success(request, _("The changes to “%(name)s” were saved.") % {"name": facility})
        return redirect(facility)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": facility})


@login_required
@require_GET
def province_options(request):
    """The <option>s of the province select for one region (htmx swaps them into the form)."""
    region = request.GET.get("region", "")
    provinces = Province.objects.select_related("region")
    if region.isdigit():
        provinces = provinces.filter(region_id=region)
    return render(request, "facilities/_province_options.html", {"provinces": provinces})
