"""The HSDS 3.0 API of the public directory, under /api/hsds/: what an Open Referral client asks.

`/` (versions and the OpenAPI address), `/services`, `/organizations`, `/service_at_locations`,
`/taxonomies`, `/taxonomy_terms` (paged, in HSDS's Page object) and each one by id, in
`?lang=fr|ar|en`. Objects come from `directory.hsds`, the builders of the full document, so both
say the same. Each page runs a fixed number of queries whatever the data: the page's rows are
chosen in SQL (services are the facility-category pairs), then their facilities are read with
`with_related()`. Answers are public and cached like the directory's pages (`public` with
`cache_rendering`, keyed on `directory.freshness`), so an edit of a published facility shows at
once. Bad input is a 400 or 404 in JSON with an `error` text, never a 500.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from common.locks import cached_build
from facilities.models import Facility, ServiceCategory, TargetGroup, localized

from . import hsds, hsds_openapi
from .api import json_response
from .freshness import cache_key
from .hsds_params import (
    ApiError,
    IdIndex,
    Paging,
    modified_after,
    not_found,
    parse_uuid,
)
from .hsds_stream import RecordWriter
from .http import public

PAGING = {"page", "per_page"}
COUNT_SECONDS = 60 * 60
PROFILE_URL = "https://docs.openreferral.org/en/v3.0/"

ServiceLink = Facility.services.through


def endpoint(view: Callable) -> Callable:
    """A public, cached API view; `view(request, language, *args)` returns a JSON-able payload or
    raises ApiError. The language is checked first: `?lang=` is fr (default), ar or en."""

    @public(lambda: settings.PUBLIC_CACHE_SECONDS, cache_rendering=True)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = request.GET.get("lang") or settings.LANGUAGE_CODE
        try:
            if language not in hsds.LANGUAGES:
                raise ApiError(
                    400,
                    _("Unknown language. Use lang=%(languages)s.")
                    % {"languages": "|".join(hsds.LANGUAGES)},
                )
            with override(language):
                payload = view(request, language, *args, **kwargs)
        except ApiError as error:
            return json_response({"error": error.message}, status=error.status)
        response = json_response(payload)
        response["Content-Language"] = language
        return response

    return wrapped


def published_links():
    """The service categories of published facilities: one row per HSDS service."""
    return ServiceLink.objects.filter(
        facility__is_published=True, facility__status=Facility.Status.ACTIVE
    )


SERVICE_IDS = IdIndex(
    ("service", "service_at_location"),
    lambda: published_links().values_list("facility_id", "servicecategory_id").iterator(),
)
ORGANIZATION_IDS = IdIndex(
    ("organization",),
    lambda: (
        Facility.objects.published().values_list("managing_organisation_id").distinct().iterator()
    ),
)


def _terms() -> dict[str, object]:
    """Every taxonomy term by id: the service categories, then the target groups (two queries)."""
    terms = [*ServiceCategory.objects.order_by("order", "code"), *TargetGroup.objects.all()]
    return {hsds.term_id(term): term for term in terms}


# --- Services and the links to their locations -----------------------------------------------


def _filtered_links(request, language: str):
    """Published services filtered by `search`, `taxonomy_term_id`, `taxonomy_id`,
    `organization_id` and `modified_after`, in the document's order."""
    links = published_links()
    search = request.GET.get("search", "").strip()
    if search:
        # The few categories are matched here; the facilities' names by a subquery.
        folded = search.casefold()
        categories = [
            category.pk
            for category in ServiceCategory.objects.all()
            if folded in localized(category, "name", language)[0].casefold()
        ]
        named = Facility.objects.filter(
            Q(name__icontains=search) | Q(name_ar__icontains=search) | Q(name_en__icontains=search)
        )
        links = links.filter(Q(facility__in=named) | Q(servicecategory__in=categories))
    if request.GET.get("taxonomy_term_id"):
        term = _terms().get(parse_uuid(request.GET["taxonomy_term_id"], "taxonomy_term_id"))
        if term is None:
            raise ApiError(400, _("No taxonomy term has this taxonomy_term_id."))
        if isinstance(term, ServiceCategory):
            links = links.filter(servicecategory=term)
        else:
            links = links.filter(facility__target_groups=term)
    if request.GET.get("taxonomy_id"):
        taxonomy = parse_uuid(request.GET["taxonomy_id"], "taxonomy_id")
        if taxonomy not in {hsds.taxonomy_id(key) for key in hsds.TAXONOMIES}:
            raise ApiError(400, _("No taxonomy has this taxonomy_id."))
        if taxonomy == hsds.taxonomy_id("target-groups"):
            links = links.filter(facility__target_groups__isnull=False).distinct()
    if request.GET.get("organization_id"):
        keys = ORGANIZATION_IDS.keys(
            "organization", parse_uuid(request.GET["organization_id"], "organization_id")
        )
        if keys is None:
            raise ApiError(400, _("No published organization has this organization_id."))
        links = links.filter(facility__managing_organisation_id=keys[0])
    since = modified_after(request)
    if since is not None:
        links = links.filter(facility__updated_at__gte=since)
    # By ids: the order of the link table's unique index, so a page is read without sorting
    # every published service (the full document orders them by region and name).
    return links.order_by("facility_id", "servicecategory_id")


def _page_of_links(
    request, language: str, columns: Iterable[str] = ()
) -> tuple[Paging, int, list[tuple]]:
    """The page's (facility pk, category pk, *columns) rows and the count of all of them."""
    paging = Paging.of(request)
    links = _filtered_links(request, language)
    # Counting every published service is the page's dearest query: kept until the published
    # data change, so that a client reading page after page counts once.
    query = urlencode(sorted((k, v) for k, v in request.GET.items() if k not in PAGING))
    total = cached_build(
        cache_key("hsds-api:links-count", query), links.count, COUNT_SECONDS, wait=5
    )
    window = paging.window(total)
    if not columns:
        return paging, total, list(links.values_list("facility_id", "servicecategory_id")[window])
    # The page's links are chosen first, narrow, then read with their facility's columns: sorting
    # wide rows would cost more (and does, where the planner has no statistics).
    rows = (
        ServiceLink.objects.filter(pk__in=links.values("pk")[window])
        .order_by("facility_id", "servicecategory_id")
        .values_list("facility_id", "servicecategory_id", *columns)
    )
    return paging, total, list(rows)


def _facilities(pks: Iterable[int]) -> dict[int, Facility]:
    """Published facilities by pk with what the records show (three queries)."""
    return {facility.pk: facility for facility in hsds.published_facilities().filter(pk__in=pks)}


def _category(facility: Facility, category_pk: int):
    return next(
        (category for category in facility.services.all() if category.pk == category_pk), None
    )


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


@endpoint
def index(request, language):
    """Which HSDS this API speaks and where its OpenAPI description is."""
    return {
        "version": hsds.HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("hsds_api:openapi")),
    }


@endpoint
def services(request, language):
    """Published services, one-to-one fields only, paged: the page's rows come with their
    facility's columns, and `hsds_stream.RecordWriter` writes their JSON (the document's)."""
    writer = RecordWriter(language, _site_url(request))
    paging, total, rows = _page_of_links(
        request, language, [f"facility__{column}" for column in writer.columns]
    )
    groups = writer.groups_of({facility_pk for facility_pk, *_rest in rows})
    facilities, contents = {}, []
    for facility_pk, category_pk, *values in rows:
        facility = facilities.get(facility_pk)
        if facility is None:
            facility = dict(zip(writer.columns, values, strict=True))
            facility["groups"] = groups.get(facility_pk, [])
            facility = facilities[facility_pk] = writer.prepare(facility)
        contents.append(writer.service_fields(facility, category_pk))
    return paging.page_text(total, contents)


def _service_of(hsds_id: str, kind: str) -> tuple[Facility, object]:
    keys = SERVICE_IDS.keys(kind, parse_uuid(hsds_id))
    if keys is None:
        raise not_found()
    facility = _facilities([keys[0]]).get(keys[0])
    category = _category(facility, keys[1]) if facility else None
    if category is None:
        raise not_found()
    return facility, category


def _organization_of(facility: Facility) -> dict:
    organisation = hsds.publishing_organisations().get(pk=facility.managing_organisation_id)
    return hsds.organization_record(organisation, organisation.places)


@endpoint
def service(request, language, hsds_id):
    """One published service with its phones, hours, languages, organization, location and
    taxonomy terms."""
    facility, category = _service_of(hsds_id, "service")
    record = hsds.service_record(facility, category, language, _site_url(request))
    record["organization"] = _organization_of(facility)
    link = hsds.service_at_location_record(facility.pk, category.pk)
    link["location"] = hsds.location_record(facility, language)
    record["service_at_locations"] = [link]
    record["attributes"] = hsds.service_attributes(
        record["id"], [category, *facility.target_groups.all()], language
    )
    return record


@endpoint
def service_at_locations(request, language):
    """Links between published services and their locations, paged."""
    paging, total, pairs = _page_of_links(request, language)
    return paging.page(total, [hsds.service_at_location_record(*pair) for pair in pairs])


@endpoint
def service_at_location(request, language, hsds_id):
    """One link with its service and its location in full."""
    facility, category = _service_of(hsds_id, "service_at_location")
    link = hsds.service_at_location_record(facility.pk, category.pk)
    link["service"] = hsds.service_record(facility, category, language, _site_url(request))
    link["location"] = hsds.location_record(facility, language)
    return link


# --- Organizations ---------------------------------------------------------------------------


@endpoint
def organizations(request, language):
    """Organisations running published facilities, paged; `search` in their name or acronym."""
    paging = Paging.of(request)
    found = hsds.publishing_organisations()
    search = request.GET.get("search", "").strip()
    if search:
        found = found.filter(Q(name__icontains=search) | Q(acronym__icontains=search))
    total = found.count()
    contents = [
        hsds.organization_record(organisation, organisation.places)
        for organisation in found[paging.window(total)]
    ]
    return paging.page(total, contents)


@endpoint
def organization(request, language, hsds_id):
    """One organisation with the services of its published facilities."""
    keys = ORGANIZATION_IDS.keys("organization", parse_uuid(hsds_id))
    organisation = (
        hsds.publishing_organisations().filter(pk=keys[0]).first() if keys is not None else None
    )
    if organisation is None:
        raise not_found()
    record = hsds.organization_record(organisation, organisation.places)
    # Each service by id and name only (HSDS's choice for this answer): an organisation may run
    # hundreds of places, and /services/{id} gives the rest. One query of names, no instances.
    names = ["name_fr", "name_ar", "name_en"]
    links = (
        published_links()
        .filter(facility__managing_organisation=organisation)
        .order_by(
            "facility__region__code",
            "facility__name",
            "facility_id",
            "servicecategory__order",
            "servicecategory__code",
        )
        .values_list(
            "facility_id",
            "servicecategory_id",
            "facility__name",
            "facility__name_ar",
            "facility__name_en",
            *(f"servicecategory__{name}" for name in names),
        )
    )
    own = names.index(f"name_{language}")
    record["services"] = [
        {
            "id": hsds.named_id(f"service:{facility_pk}:{category_pk}"),
            "organization_id": record["id"],
            "name": f"{category[own] or category[0]} — {facility[own] or facility[0]}",
            "status": "active",
        }
        for facility_pk, category_pk, *texts in links
        for facility, category in [(texts[:3], texts[3:])]
    ]
    return record


# --- Taxonomies ------------------------------------------------------------------------------


@endpoint
def taxonomies(request, language):
    """Manara's two taxonomies: service categories and target groups."""
    paging = Paging.of(request)
    records = hsds.taxonomy_records()
    return paging.page(len(records), records[paging.window(len(records))])


@endpoint
def taxonomy(request, language, hsds_id):
    found = {record["id"]: record for record in hsds.taxonomy_records()}.get(parse_uuid(hsds_id))
    if found is None:
        raise not_found()
    return found


@endpoint
def taxonomy_terms(request, language):
    """The service categories and target groups as taxonomy terms, paged; `taxonomy_id` keeps
    one taxonomy's, `search` looks in their names."""
    paging = Paging.of(request)
    records = [hsds.taxonomy_term_record(term, language) for term in _terms().values()]
    if request.GET.get("taxonomy_id"):
        taxonomy_id = parse_uuid(request.GET["taxonomy_id"], "taxonomy_id")
        records = [record for record in records if record["taxonomy_id"] == taxonomy_id]
    search = request.GET.get("search", "").strip().casefold()
    if search:
        records = [record for record in records if search in record["name"].casefold()]
    return paging.page(len(records), records[paging.window(len(records))])


@endpoint
def taxonomy_term(request, language, hsds_id):
    term = _terms().get(parse_uuid(hsds_id))
    if term is None:
        raise not_found()
    return hsds.taxonomy_term_record(term, language)


@endpoint
def openapi(request, language):
    """The OpenAPI 3.1 description of this API."""
    return hsds_openapi.document(request.build_absolute_uri(reverse("hsds_api:index")))
