"""The OpenAPI 3.1 description of Manara's HSDS API (`/api/hsds/openapi.json`).

It follows the Open Referral HSDS 3.0 OpenAPI (`schema/openapi.json` of the specification):
the same paths, parameters and Page object, and responses that refer to the official compiled
schemas by their published addresses, so a client validates Manara's answers with the
specification's own files. Only the parameters Manara implements are listed, plus `lang`.
"""

from .hsds import HSDS_VERSION, LANGUAGES

SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
# What each answer is, as a file of the specification. The specification's OpenAPI gives
# compiled/service.json for /service_at_locations/{id}; Manara answers a service_at_location
# (with its service and location inside), so it refers to compiled/service_at_location.json.
ANSWERS = {
    "/services": "compiled/service_list.json",
    "/services/{id}": "compiled/service.json",
    "/organizations": "compiled/organization_list.json",
    "/organizations/{id}": "compiled/organization.json",
    "/service_at_locations": "compiled/service_at_location_list.json",
    "/service_at_locations/{id}": "compiled/service_at_location.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomies/{id}": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
    "/taxonomy_terms/{id}": "taxonomy_term.json",
}
FILTERS = {
    "/services": ["search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after"],
    "/service_at_locations": [
        "search",
        "taxonomy_term_id",
        "taxonomy_id",
        "organization_id",
        "modified_after",
    ],
    "/organizations": ["search"],
    "/taxonomies": [],
    "/taxonomy_terms": ["search", "taxonomy_id"],
}
PARAMETERS = {
    "lang": {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of the texts (French when absent).",
        "schema": {"type": "string", "enum": list(LANGUAGES), "default": "fr"},
    },
    "search": {
        "name": "search",
        "in": "query",
        "required": False,
        "description": "Text to find in the names (facility and service category).",
        "schema": {"type": "string"},
    },
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Page number of paginated result, from 1.",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": "Number of results requested in a single page.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    },
    "taxonomy_term_id": {
        "name": "taxonomy_term_id",
        "in": "query",
        "required": False,
        "description": "Services with this taxonomy term (a service category or a target group).",
        "schema": {"type": "string", "format": "uuid"},
    },
    "taxonomy_id": {
        "name": "taxonomy_id",
        "in": "query",
        "required": False,
        "description": "Results with any term of this taxonomy.",
        "schema": {"type": "string", "format": "uuid"},
    },
    "organization_id": {
        "name": "organization_id",
        "in": "query",
        "required": False,
        "description": "Services that this organization provides.",
        "schema": {"type": "string", "format": "uuid"},
    },
    "modified_after": {
        "name": "modified_after",
        "in": "query",
        "required": False,
        "description": "Results modified on or after this date or date and time (ISO 8601).",
        "schema": {"type": "string", "format": "date-time"},
    },
}
PAGE = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer", "description": "Count of total results."},
        "total_pages": {"type": "integer", "description": "Count of total pages."},
        "page_number": {"type": "integer", "description": "Current page number."},
        "size": {"type": "integer", "description": "Size of current page."},
        "first_page": {"type": "boolean", "description": "Is this page the first page."},
        "last_page": {"type": "boolean", "description": "Is this page the last page."},
        "empty": {"type": "boolean", "description": "Is the result empty."},
    },
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "description": "What was wrong, for a person."}},
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/{name}"}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    descriptions = {400: "Bad input (parameter, id or language).", 404: "Not found."}
    return {str(status): _json(descriptions[status], _ref("schemas/Error")) for status in statuses}


def _operation(path: str) -> dict:
    schema = {"$ref": SCHEMAS + ANSWERS[path]}
    if path.endswith("{id}"):
        return {
            "parameters": [
                {
                    "in": "path",
                    "name": "id",
                    "required": True,
                    "description": "The HSDS id (a UUID).",
                    "schema": {"type": "string", "format": "uuid"},
                },
                _ref("parameters/lang"),
            ],
            "responses": {"200": _json("The object.", schema), **_errors(400, 404)},
        }
    parameters = [_ref(f"parameters/{name}") for name in ["lang", "page", "per_page"]]
    parameters += [_ref(f"parameters/{name}") for name in FILTERS[path]]
    page = {
        "allOf": [_ref("schemas/Page")],
        "properties": {"contents": {"type": "array", "items": schema}},
    }
    return {
        "parameters": parameters,
        "responses": {"200": _json("A page of results.", page), **_errors(400, 404)},
    }


def document(server_url: str) -> dict:
    """The OpenAPI document, its server being `server_url` (the API's root address)."""
    paths = {
        "/": {
            "get": {
                "summary": "Information about this API.",
                "parameters": [_ref("parameters/lang")],
                "responses": {
                    "200": _json(
                        "HSDS version, profile and OpenAPI address.",
                        {
                            "type": "object",
                            "properties": {
                                "version": {"type": "string"},
                                "profile": {"type": "string", "format": "uri"},
                                "openapi_url": {"type": "string", "format": "uri"},
                            },
                        },
                    ),
                    **_errors(400),
                },
            }
        }
    }
    for path in ANSWERS:
        paths[path] = {"get": _operation(path)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Manara public directory: HSDS API",
            "version": HSDS_VERSION,
            "summary": "The places that receive migrants in Morocco, as Open Referral HSDS 3.0.",
            "description": (
                "Published facilities of Manara's public directory: each facility is a "
                "location, each service category it offers a service. Texts in French, Arabic "
                "or English (lang). The whole directory in one file: /api/directory/hsds/."
            ),
            "license": {
                "name": "Open data: the same facts as the public directory",
                "url": server_url,
            },
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": paths,
        "components": {
            "schemas": {"Page": PAGE, "Error": ERROR},
            "parameters": PARAMETERS,
        },
    }
