"""JSON Schema fragments of the HSDS 3.0 objects Manara publishes, written by hand.

From the facts in /work/shared/reference/hsds.md (Open Referral specification, `schema/` at tag
v3.0): required fields, uuid ids, enums, ISO country codes. Like upstream's own example checks,
unknown keys are errors (`additionalProperties: false`): a misspelt field, or an internal one
such as capacity, fails validation. Only the HSDS fields Manara may use are listed.

jsonschema's FormatChecker checks `date-time` and `uri` only when optional packages are
installed; the two checks below make the validation independent of them.
"""

import datetime
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker

FORMAT_CHECKER = FormatChecker()


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def is_date_time(value) -> bool:
    """RFC 3339: a date, "T", a time and a UTC offset."""
    if not isinstance(value, str):
        return True
    if "T" not in value.upper():
        return False
    moment = datetime.datetime.fromisoformat(value)
    return moment.tzinfo is not None


@FORMAT_CHECKER.checks("uri", raises=ValueError)
def is_uri(value) -> bool:
    """An absolute URI: a scheme and, for web addresses, a host."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and (parts.scheme not in ("http", "https") or bool(parts.netloc))


UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
NON_EMPTY_TEXT = {"type": "string", "minLength": 1}

PHONE = {
    "type": "object",
    "required": ["id", "number"],
    "properties": {
        "id": UUID,
        "location_id": UUID,
        "service_id": UUID,
        "organization_id": UUID,
        "contact_id": UUID,
        "service_at_location_id": UUID,
        "number": NON_EMPTY_TEXT,
        "extension": {"type": "number"},
        "type": {"enum": ["text", "voice", "fax", "cell", "video", "pager", "textphone"]},
        "description": TEXT,
    },
    "additionalProperties": False,
}

SCHEDULE = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": UUID,
        "service_id": UUID,
        "location_id": UUID,
        "service_at_location_id": UUID,
        "valid_from": {"type": "string", "format": "date"},
        "valid_to": {"type": "string", "format": "date"},
        "timezone": {"type": "number"},
        "freq": {"enum": ["WEEKLY", "MONTHLY"]},
        "wkst": {"enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]},
        "byday": TEXT,
        "bymonthday": TEXT,
        "opens_at": {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "closes_at": {"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "description": TEXT,
        "attending_type": TEXT,
        "notes": TEXT,
        "schedule_link": {"type": "string", "format": "uri"},
    },
    "additionalProperties": False,
}

LANGUAGE = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": UUID,
        "service_id": UUID,
        "location_id": UUID,
        "phone_id": UUID,
        # ISO 639-1 (two letters) or ISO 639-3 (three letters).
        "code": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "name": TEXT,
        "note": TEXT,
    },
    "additionalProperties": False,
}

ADDRESS = {
    "type": "object",
    "required": [
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "properties": {
        "id": UUID,
        "location_id": UUID,
        "attention": TEXT,
        "address_1": NON_EMPTY_TEXT,
        "address_2": TEXT,
        "city": NON_EMPTY_TEXT,
        "region": TEXT,
        "state_province": NON_EMPTY_TEXT,
        "postal_code": NON_EMPTY_TEXT,
        # ISO 3166-1 alpha-2.
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "address_type": {"enum": ["physical", "postal", "virtual"]},
    },
    "additionalProperties": False,
}

ORGANIZATION = {
    "type": "object",
    "required": ["id", "name", "description"],
    "properties": {
        "id": UUID,
        "name": NON_EMPTY_TEXT,
        "alternate_name": TEXT,
        "description": NON_EMPTY_TEXT,
        "email": {"type": "string", "format": "email"},
        "website": {"type": "string", "format": "uri"},
        "phones": {"type": "array", "items": PHONE},
    },
    "additionalProperties": False,
}

LOCATION = {
    "type": "object",
    "required": ["id", "location_type"],
    "properties": {
        "id": UUID,
        "location_type": {"enum": ["physical", "postal", "virtual"]},
        "url": {"type": "string", "format": "uri"},
        "organization_id": UUID,
        "name": TEXT,
        "alternate_name": TEXT,
        "description": TEXT,
        "transportation": TEXT,
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "external_identifier": TEXT,
        "external_identifier_type": TEXT,
        "addresses": {"type": "array", "items": ADDRESS},
        "phones": {"type": "array", "items": PHONE},
        "schedules": {"type": "array", "items": SCHEDULE},
        "languages": {"type": "array", "items": LANGUAGE},
    },
    "additionalProperties": False,
}

SERVICE = {
    "type": "object",
    # organization_id is required in the tabular form; Manara always gives it.
    "required": ["id", "name", "status", "organization_id"],
    "properties": {
        "id": UUID,
        "organization_id": UUID,
        "program_id": UUID,
        "name": NON_EMPTY_TEXT,
        "alternate_name": TEXT,
        "description": TEXT,
        "url": {"type": "string", "format": "uri"},
        "email": {"type": "string", "format": "email"},
        "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
        "interpretation_services": TEXT,
        "application_process": TEXT,
        "fees_description": TEXT,
        "eligibility_description": TEXT,
        "minimum_age": {"type": "number"},
        "maximum_age": {"type": "number"},
        "assured_date": {"type": "string", "format": "date"},
        "alert": TEXT,
        "last_modified": {"type": "string", "format": "date-time"},
        "phones": {"type": "array", "items": PHONE},
        "schedules": {"type": "array", "items": SCHEDULE},
        "languages": {"type": "array", "items": LANGUAGE},
    },
    "additionalProperties": False,
}

SERVICE_AT_LOCATION = {
    "type": "object",
    # Only id is required nested; the tabular form also requires both links, and Manara's
    # service_at_locations are a top-level table.
    "required": ["id", "service_id", "location_id"],
    "properties": {
        "id": UUID,
        "service_id": UUID,
        "location_id": UUID,
        "description": TEXT,
    },
    "additionalProperties": False,
}

DOCUMENT = {
    "type": "object",
    "required": ["organizations", "services", "locations", "service_at_locations"],
    "properties": {
        "hsds_version": {"const": "3.0"},
        "language": {"enum": ["fr", "ar", "en"]},
        "organizations": {"type": "array", "items": ORGANIZATION},
        "services": {"type": "array", "items": SERVICE},
        "locations": {"type": "array", "items": LOCATION},
        "service_at_locations": {"type": "array", "items": SERVICE_AT_LOCATION},
    },
    "additionalProperties": False,
}

SCHEMAS = {
    "organizations": ORGANIZATION,
    "services": SERVICE,
    "locations": LOCATION,
    "service_at_locations": SERVICE_AT_LOCATION,
    "addresses": ADDRESS,
    "phones": PHONE,
    "schedules": SCHEDULE,
    "languages": LANGUAGE,
}


def validator(schema: dict) -> Draft202012Validator:
    """A Draft 2020-12 validator of `schema` that checks formats (uuid, email, date-time, uri)."""
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


def errors(schema: dict, instance) -> list[str]:
    """Every validation error of `instance`, as readable lines (empty when it is valid)."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator(schema).iter_errors(instance)
    ]
