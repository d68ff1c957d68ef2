"""The actor map's data: the filtered actors in the part of the map in view (common/maps.py)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from common import maps

from .models import ActorService
from .views import ActorFilter, _actors


@login_required
@require_GET
def actor_geojson(request):
    """The filtered actors that have coordinates, as GeoJSON for `?bbox=&zoom=`.

    Far out, actors close together come as one numbered group, so the answer stays small.
    """
    try:
        view = maps.parse_view(request.GET)
    except maps.MapRequestError as error:
        return maps.bad_request(error)
    filterset = ActorFilter(request.GET or None, queryset=_actors(request.user))
    return JsonResponse(maps.map_features(filterset.qs, view, _actor_points))


def _actor_points(actors) -> list[dict]:
    """Map points of actors: name, kind, regions and services; current or potential marker."""
    located = actors.select_related("organisation").prefetch_related(
        "regions",
        Prefetch(
            "services",
            queryset=ActorService.objects.filter(is_active=True).select_related("category"),
        ),
    )
    return [
        maps.point_feature(
            actor.longitude,
            actor.latitude,
            {
                "name": str(actor.organisation),
                "kind": actor.organisation.get_kind_display(),
                "region": ", ".join(region.name for region in actor.regions.all()),
                "organisation": ", ".join(s.category.name for s in actor.services.all()),
                "status": actor.map_marker,
                "status_label": actor.get_standing_display(),
                "url": actor.get_absolute_url(),
            },
        )
        for actor in located.order_by("pk")
    ]
