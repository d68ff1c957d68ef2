"""The public directory as open data: an Open Referral HSDS 3.0 document and a spreadsheet.

Both read `Facility.objects.published()` only, in a fixed number of queries, and publish nothing
that the public pages do not show: never capacity, occupancy, contact person, owner authority,
management mode, nor anything from assessments or referrals.

HSDS ids are UUIDs derived from Manara's primary keys (`uuid5`), so a facility keeps the same
ids from one download to the next and a consumer can update its copy instead of duplicating it.
"""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override, pgettext
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from common.exports import spreadsheet_response
from facilities.models import Facility, localized
from guides.documents import public_path

HSDS_VERSION = "3.0"
# Fixed for ever: every published id is derived from it, so changing it changes them all.
NAMESPACE = uuid.UUID("d1f23516-e76d-4c95-91da-ee5bc52607c1")
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_NAME = "manara-directory"
COUNTRY = "MA"


def hsds_id(kind: str, *keys) -> str:
    """The stable UUID of an HSDS object: `manara:<kind>:<key>[:<key>...]` in Manara's namespace.

    Nested objects (phones, languages, ...) take their parent's id as key, so they are as stable
    as the parent and never collide with another parent's.
    """
    return str(uuid.uuid5(NAMESPACE, ":".join(["manara", kind, *(str(key) for key in keys)])))


def published_facilities():
    """Published, open facilities with everything the open data shows, in three queries."""
    return Facility.objects.published().with_related().order_by("region__code", "name", "pk")


def public_url(facility: Facility, language: str, site_url: str) -> str:
    """The absolute address of the facility's public page in `language`."""
    return site_url.rstrip("/") + public_path(facility, language)


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _is_website(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def _list(names: Iterable[str]) -> str:
    return pgettext("list separator", ", ").join(names)


# --- HSDS 3.0 --------------------------------------------------------------------------------


def _phones(facility: Facility, owner_field: str, owner_id: str) -> list[dict]:
    """The facility's phone (voice) and WhatsApp number (text), linked to a location or service."""
    phones = []
    if facility.phone:
        phones.append(
            {
                "id": hsds_id("phone", owner_id, "voice"),
                owner_field: owner_id,
                "number": facility.phone,
                "type": "voice",
            }
        )
    if facility.whatsapp:
        phones.append(
            {
                "id": hsds_id("phone", owner_id, "whatsapp"),
                owner_field: owner_id,
                "number": facility.whatsapp,
                "type": "text",
                "description": _("WhatsApp"),
            }
        )
    return phones


def _schedules(opening_hours: str, owner_field: str, owner_id: str) -> list[dict]:
    """Opening hours are free text in Manara, so they go in the schedule's description."""
    if not opening_hours:
        return []
    return [
        {
            "id": hsds_id("schedule", owner_id),
            owner_field: owner_id,
            "description": opening_hours,
        }
    ]


def _languages(facility: Facility, owner_field: str, owner_id: str) -> list[dict]:
    names = dict(Facility.LANGUAGE_CHOICES)
    return [
        {
            "id": hsds_id("language", owner_id, code),
            owner_field: owner_id,
            "code": code,
            "name": str(names.get(code, code)),
        }
        for code in facility.languages
    ]


def _organization(organisation, places: int) -> dict:
    """An organisation that runs published facilities; HSDS requires a description, so it says
    what kind of organisation it is and how many places it runs."""
    organization = {
        "id": hsds_id("organization", organisation.pk),
        "name": organisation.name,
        "description": ngettext(
            "%(kind)s that runs %(count)d place listed in Manara's public directory.",
            "%(kind)s that runs %(count)d places listed in Manara's public directory.",
            places,
        )
        % {"kind": organisation.get_kind_display(), "count": places},
    }
    if organisation.acronym:
        organization["alternate_name"] = organisation.acronym
    if organisation.email and _is_email(organisation.email):
        organization["email"] = organisation.email
    if organisation.website and _is_website(organisation.website):
        organization["website"] = organisation.website
    return organization


def _address(facility: Facility, location_id: str) -> dict:
    """The postal address; HSDS requires a postal code, so call it only when there is one."""
    town = facility.commune or facility.province.name
    return {
        "id": hsds_id("address", location_id),
        "location_id": location_id,
        "address_1": facility.address or town,
        "city": town,
        "region": facility.region.name,
        "state_province": facility.province.name,
        "postal_code": facility.postal_code,
        "country": COUNTRY,
        "address_type": "physical",
    }


def public_name(facility: Facility, language: str) -> str:
    """The facility's name in `language`, or its French name when it has none in it."""
    return localized(facility, "name", language, french_field="name")[0]


def _location(facility: Facility, language: str) -> dict:
    """A facility as an HSDS location, named in `language`; a name other than the French one
    carries the French name as `alternate_name`, so that consumers can match the languages."""
    location_id = hsds_id("location", facility.pk)
    name = public_name(facility, language)
    location = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organization", facility.managing_organisation_id),
        "name": name,
    }
    if name != facility.name:
        location["alternate_name"] = facility.name
    location["external_identifier"] = facility.code
    location["external_identifier_type"] = _("Manara facility code")
    description = localized(facility, "description", language)[0]
    if description:
        location["description"] = description
    if facility.has_location:
        location["latitude"] = float(facility.latitude)
        location["longitude"] = float(facility.longitude)
    location["addresses"] = [_address(facility, location_id)] if facility.postal_code else []
    location["phones"] = _phones(facility, "location_id", location_id)
    location["schedules"] = _schedules(
        localized(facility, "opening_hours", language)[0], "location_id", location_id
    )
    location["languages"] = _languages(facility, "location_id", location_id)
    return location


def _service(facility: Facility, category, language: str, site_url: str) -> dict:
    """One service category offered at one facility."""
    service_id = hsds_id("service", facility.pk, category.pk)
    service = {
        "id": service_id,
        "organization_id": hsds_id("organization", facility.managing_organisation_id),
        "name": f"{category.name} — {public_name(facility, language)}",
        "status": "active",
    }
    description = localized(facility, "description", language)[0] or category.description_fr
    if description:
        service["description"] = description
    if site_url:
        service["url"] = public_url(facility, language, site_url)
    if facility.email and _is_email(facility.email):
        service["email"] = facility.email
    access_conditions = localized(facility, "access_conditions", language)[0]
    if access_conditions:
        service["application_process"] = access_conditions
    target_groups = [group.name for group in facility.target_groups.all()]
    if target_groups:
        service["eligibility_description"] = _list(target_groups)
    if facility.last_verified_on:
        service["assured_date"] = facility.last_verified_on.isoformat()
    service["last_modified"] = facility.updated_at.isoformat(timespec="seconds")
    service["phones"] = _phones(facility, "service_id", service_id)
    service["schedules"] = _schedules(
        localized(facility, "opening_hours", language)[0], "service_id", service_id
    )
    service["languages"] = _languages(facility, "service_id", service_id)
    return service


def hsds_document(language: str = "fr", site_url: str = "") -> dict:
    """The public directory as one HSDS 3.0 document, its texts in `language` (French fallback).

    Organisations running published facilities become organizations, each facility a location,
    each service category offered at a facility a service linked to it by a service_at_location.
    `site_url` (scheme and host) gives each service the absolute address of its public page.
    """
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {LANGUAGES}.")
    organisations, places = {}, {}
    locations, services, links = [], [], []
    with override(language):
        for facility in published_facilities():
            organisation = facility.managing_organisation
            organisations[organisation.pk] = organisation
            places[organisation.pk] = places.get(organisation.pk, 0) + 1
            location = _location(facility, language)
            locations.append(location)
            for category in facility.services.all():
                service = _service(facility, category, language, site_url)
                services.append(service)
                links.append(
                    {
                        "id": hsds_id("service_at_location", facility.pk, category.pk),
                        "service_id": service["id"],
                        "location_id": location["id"],
                    }
                )
        organizations = [
            _organization(organisation, places[organisation.pk])
            for organisation in sorted(organisations.values(), key=lambda o: (o.name, o.pk))
        ]
    return {
        "hsds_version": HSDS_VERSION,
        "language": language,
        "organizations": organizations,
        "services": services,
        "locations": locations,
        "service_at_locations": links,
    }


# --- Spreadsheet -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the directory spreadsheet: its header and its HXL hashtag."""

    header: str
    hxl: str


# Headers are field names, the same in every language, so that scripts can rely on them; the
# HXL row under them says what each column holds for humanitarian tools. `name` is the name in
# the file's language (French when there is none); name_fr/ar/en give each as staff wrote it.
EXPORT_COLUMNS = (
    Column("code", "#loc+code"),
    Column("name", "#loc+name"),
    Column("name_fr", "#loc+name+i_fr"),
    Column("name_ar", "#loc+name+i_ar"),
    Column("name_en", "#loc+name+i_en"),
    Column("kind", "#loc+type"),
    Column("managing_organisation", "#org+name"),
    Column("region_code", "#adm1+code"),
    Column("region", "#adm1+name"),
    Column("province_code", "#adm2+code"),
    Column("province", "#adm2+name"),
    Column("commune", "#adm3+name"),
    Column("address", "#loc+address"),
    Column("postal_code", "#loc+postcode"),
    Column("latitude", "#geo+lat"),
    Column("longitude", "#geo+lon"),
    Column("services", "#service+name"),
    Column("target_groups", "#beneficiary+type"),
    Column("languages", "#meta+language"),
    Column("opening_hours", "#access+hours"),
    Column("access_conditions", "#access+conditions"),
    Column("description", "#description"),
    Column("phone", "#contact+phone"),
    Column("whatsapp", "#contact+phone+whatsapp"),
    Column("email", "#contact+email"),
    Column("public_url", "#meta+url"),
    Column("last_verified_on", "#date+verified"),
)


def _text(value: str) -> str:
    # Control characters (a pasted vertical tab, ...) are invalid in XLSX and would fail the file.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def export_row(facility: Facility, language: str, site_url: str) -> list:
    """The cells of one facility in `EXPORT_COLUMNS` order, in the active language."""
    cells = [
        facility.code,
        public_name(facility, language),
        facility.name,
        facility.name_ar,
        facility.name_en,
        facility.get_kind_display(),
        facility.managing_organisation.name,
        facility.region.code,
        facility.region.name,
        facility.province.code,
        facility.province.name,
        facility.commune,
        facility.address,
        facility.postal_code,
        float(facility.latitude) if facility.latitude is not None else None,
        float(facility.longitude) if facility.longitude is not None else None,
        _list(service.name for service in facility.services.all()),
        _list(group.name for group in facility.target_groups.all()),
        _list(facility.language_names()),
        localized(facility, "opening_hours", language)[0],
        localized(facility, "access_conditions", language)[0],
        localized(facility, "description", language)[0],
        facility.phone,
        facility.whatsapp,
        facility.email,
        public_url(facility, language, site_url),
        facility.last_verified_on,
    ]
    return [_text(cell) if isinstance(cell, str) else cell for cell in cells]


def export_rows(language: str, site_url: str) -> Iterator[list]:
    """One row per published facility; call it with `language` active."""
    for facility in published_facilities():
        yield export_row(facility, language, site_url)


def directory_download(file_format: str, language: str = "fr", site_url: str = "") -> HttpResponse:
    """The public directory as a dated CSV (UTF-8 with BOM) or XLSX file with an HXL row.

    Cells that a spreadsheet program would run as a formula are neutralised by
    `common.exports.spreadsheet_response`.
    """
    if file_format not in EXPORT_FORMATS:
        raise ValueError(f"Unknown format {file_format!r}; expected one of {EXPORT_FORMATS}.")
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {LANGUAGES}.")
    with override(language):
        response = spreadsheet_response(
            EXPORT_NAME,
            file_format,
            [column.header for column in EXPORT_COLUMNS],
            [column.hxl for column in EXPORT_COLUMNS],
            export_rows(language, site_url),
        )
    if file_format == "csv":
        response["Content-Type"] = "text/csv; charset=utf-8"
    return response
