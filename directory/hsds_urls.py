"""The HSDS 3.0 API, outside the language prefix (`?lang=` chooses): /api/hsds/..."""

from django.urls import path

from . import hsds_api

app_name = "hsds_api"

urlpatterns = [
    path("", hsds_api.index, name="index"),
    path("openapi.json", hsds_api.openapi, name="openapi"),
    path("services", hsds_api.services, name="services"),
    path("services/<str:hsds_id>", hsds_api.service, name="service"),
    path("organizations", hsds_api.organizations, name="organizations"),
    path("organizations/<str:hsds_id>", hsds_api.organization, name="organization"),
    path("service_at_locations", hsds_api.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:hsds_id>",
        hsds_api.service_at_location,
        name="service_at_location",
    ),
    path("taxonomies", hsds_api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:hsds_id>", hsds_api.taxonomy, name="taxonomy"),
    path("taxonomy_terms", hsds_api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:hsds_id>", hsds_api.taxonomy_term, name="taxonomy_term"),
]
