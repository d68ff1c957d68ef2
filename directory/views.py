"""The public side of Manara: no login, no cookie, a fixed number of queries per page.

Every view here reads `Facility.objects.published()` (published and open) and never writes.
Pages are cacheable by browsers and shared caches (`Cache-Control: public`), answer conditional
requests with 304 (ETag), and never touch the session, so no cookie is ever set.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language

from common import maps
from facilities.models import Facility

from .forms import DirectorySearchForm, search
from .freshness import help_stamp
from .http import public
from .models import EmergencyNumber, HelpSection

PAGE_SIZE = 20

public_page = public(lambda: settings.PUBLIC_CACHE_SECONDS)
# Pages made of published facilities only: their rendering is kept on the server too (http.py).
cached_public_page = public(lambda: settings.PUBLIC_CACHE_SECONDS, cache_rendering=True)
# The help page is the admin's sections and numbers: kept until one of them changes.
cached_help_page = public(
    lambda: settings.PUBLIC_CACHE_SECONDS, cache_rendering=True, stamp=help_stamp
)


@cached_public_page
def directory(request):
    """Search the published facilities; the list comes first and works without JavaScript."""
    form = DirectorySearchForm(request.GET)
    facilities = search(Facility.objects.published(), request.GET)
    page = Paginator(
        facilities.with_related().order_by("region__code", "commune", "name", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    search_query = query.urlencode()
    return render(
        request,
        "directory/directory.html",
        {
            "form": form,
            "page_obj": page,
            "query": search_query,
            "map_data_url": reverse("directory:map_data")
            + (f"?{search_query}" if search_query else ""),
        },
    )


@public_page
def directory_map(request):
    """The same search on the map, for the part the visitor sees (`?bbox=&zoom=`, common/maps.py).

    Loaded only when the visitor opens the map; far out, places close together come as one
    numbered group, so the answer stays small however many places are published.
    """
    try:
        view = maps.parse_view(request.GET)
    except maps.MapRequestError as error:
        return maps.bad_request(error)
    facilities = search(Facility.objects.published(), request.GET)
    return JsonResponse(maps.map_features(facilities, view, _public_points))


def _public_points(places) -> list[dict]:
    """Points of published places: the name in the page's language (or French, said so)."""
    language = get_language()
    features = []
    for place in places.order_by("pk").only(
        "slug", "name", "name_ar", "name_en", "commune", "latitude", "longitude"
    ):
        name, in_french = place.public_name
        features.append(
            maps.point_feature(
                place.longitude,
                place.latitude,
                {
                    "name": name,
                    "lang": "fr" if in_french else language,
                    "town": place.commune,
                    "url": reverse("directory:facility", args=[place.slug]),
                },
            )
        )
    return features


@cached_public_page
def facility(request, slug):
    """What a published facility offers, for whom, where and when; never its internal data."""
    place = get_object_or_404(Facility.objects.published().with_related(), slug=slug)
    return render(
        request,
        "directory/facility.html",
        {
            "facility": place,
            "name": place.public_name,
            "services": list(place.services.all()),
            "target_groups": list(place.target_groups.all()),
            "description": place.description(),
            "access_conditions": place.access_conditions(),
            "opening_hours": place.opening_hours(),
        },
    )


@cached_help_page
def help_page(request):
    """How to get help: the admin's sections and the emergency numbers, in the page's language."""
    return render(
        request,
        "directory/help.html",
        {
            "sections": list(HelpSection.objects.shown()),
            "numbers": list(EmergencyNumber.objects.shown()),
        },
    )
