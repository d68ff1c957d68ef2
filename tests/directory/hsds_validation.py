"""Validation of Manara's HSDS answers against the official Open Referral HSDS 3.0 files.

The files in `hsds_schemas/` are the specification's own (see its README.txt); nothing here is
written by hand. The specification's OpenAPI refers to its schemas by their published addresses:
a `referencing` registry maps those addresses to the local copies, so validation runs offline,
and an answer of `/services` is validated against exactly what the specification's OpenAPI says
`/services` answers.

One addition makes the check stricter than the files alone: every object of the HSDS schemas
refuses properties it does not list (`additionalProperties: false`, added when loading), so a
misspelt field or an internal one (capacity, contact person) fails instead of passing unseen.
"""

import copy
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .hsds_schema import FORMAT_CHECKER

FOLDER = Path(__file__).parent / "hsds_schemas"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URI = BASE + "openapi.json"
FILES = {
    "compiled/service.json": "service.json",
    "compiled/service_list.json": "service_list.json",
    "compiled/organization.json": "organization.json",
    "compiled/organization_list.json": "organization_list.json",
    "compiled/service_at_location.json": "service_at_location.json",
    "compiled/service_at_location_list.json": "service_at_location_list.json",
    "taxonomy.json": "taxonomy.json",
    "taxonomy_term.json": "taxonomy_term.json",
    "metadata.json": "metadata.json",
}
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def _strict(schema):
    """A copy of `schema` in which every object with listed properties allows only those."""
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    strict = {key: _strict(value) for key, value in schema.items()}
    if isinstance(schema.get("properties"), dict) and "additionalProperties" not in schema:
        strict["additionalProperties"] = False
    return strict


def load(name: str) -> dict:
    return json.loads((FOLDER / name).read_text())


@cache
def openapi() -> dict:
    """The specification's OpenAPI document, unchanged."""
    return load("openapi.json")


@cache
def registry() -> Registry:
    resources = [
        (BASE + path, Resource.from_contents(_strict(load(name)), DRAFT202012))
        for path, name in FILES.items()
    ]
    resources.append((OPENAPI_URI, Resource.from_contents(copy.deepcopy(openapi()), DRAFT202012)))
    return Registry().with_resources(resources)


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@cache
def validator_for(path: str) -> Draft202012Validator:
    """What the specification's OpenAPI says `path` answers with 200 (e.g. "/services").

    /service_at_locations/{id} is the exception: the specification's OpenAPI gives the service
    schema there, which a service_at_location cannot meet (it has no name nor status); it is
    validated against the specification's compiled service_at_location schema.
    """
    if path == "/service_at_locations/{id}":
        reference = BASE + "compiled/service_at_location.json"
    else:
        assert path in openapi()["paths"], path
        reference = (
            OPENAPI_URI
            + "#/"
            + _pointer(
                "paths", path, "get", "responses", "200", "content", "application/json", "schema"
            )
        )
    return Draft202012Validator(
        {"$ref": reference}, registry=registry(), format_checker=FORMAT_CHECKER
    )


def schema_validator(address: str) -> Draft202012Validator:
    """A validator of one of the specification's files, by its published address."""
    return Draft202012Validator(
        {"$ref": address}, registry=registry(), format_checker=FORMAT_CHECKER
    )


def errors(path: str, answer) -> list[str]:
    """Every way `answer` breaks the specification for `path`; a page must also have every
    field of HSDS's Page object (the OpenAPI lists them without requiring them)."""
    found = [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator_for(path).iter_errors(answer)
    ]
    if "{id}" not in path and path != "/" and isinstance(answer, dict):
        missing = PAGE_KEYS - answer.keys()
        if missing:
            found.append(f"(root): Page fields missing: {sorted(missing)}")
    return found
