"""Manara's public directory in Open Referral HSDS 3.0: one serialisation of each object.

The full document (`hsds_document`) and the HSDS API (`directory.hsds_api`) build their objects
with the same functions below, so a service reads the same in both;
`directory.hsds_stream.write_hsds_document`, which writes the full document to a file, writes the
same objects' JSON text straight from rows, for speed (the tests compare the two byte for byte).
All read `Facility.objects.published()` only and publish nothing that the public pages do not
show: never capacity, occupancy, contact person, owner authority, management mode, nor anything
from assessments or referrals.

HSDS ids are UUIDs derived from Manara's keys (`uuid5`), so a facility keeps the same ids from
one download to the next and a consumer can update its copy instead of duplicating it.
"""

import functools
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override, pgettext

from accounts.models import Organisation
from facilities.models import Facility, ServiceCategory, TargetGroup, localized
from guides.documents import public_path

HSDS_VERSION = "3.0"
# Fixed for ever: every published id is derived from it, so changing it changes them all.
NAMESPACE = uuid.UUID("d1f23516-e76d-4c95-91da-ee5bc52607c1")
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
COUNTRY = "MA"


# The SHA-1 state after the namespace and "manara:", copied for each id.
_ID_PREFIX = hashlib.sha1(NAMESPACE.bytes + b"manara:", usedforsecurity=False)
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def hsds_id(kind: str, *keys) -> str:
    """The stable UUID of an HSDS object: `manara:<kind>:<key>[:<key>...]` in Manara's namespace.

    Nested objects (phones, languages, ...) take their parent's id as key, so they are as stable
    as the parent and never collide with another parent's.
    """
    return named_id(":".join((kind, *map(str, keys))))


def named_id(name: str) -> str:
    """`hsds_id` of the name `<kind>:<key>[:<key>...]` already joined (what the streamed build
    writes a few hundred thousand times): `str(uuid.uuid5(NAMESPACE, "manara:" + name))` computed
    from the SHA-1 digest directly, three times faster."""
    state = _ID_PREFIX.copy()
    state.update(name.encode())
    digest = state.hexdigest()
    return (
        f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{_VARIANT[digest[16]]}{digest[17:20]}-"
        f"{digest[20:32]}"
    )


def published_facilities():
    """Published, open facilities with everything the open data shows, in three queries."""
    return Facility.objects.published().with_related().order_by("region__code", "name", "pk")


def publishing_organisations():
    """Organisations running published facilities, each with `places`: how many it runs."""
    published = Q(
        managed_facilities__is_published=True,
        managed_facilities__status=Facility.Status.ACTIVE,
    )
    return (
        Organisation.objects.annotate(places=Count("managed_facilities", filter=published))
        .filter(places__gt=0)
        .order_by("name", "pk")
    )


def public_url(facility: Facility, language: str, site_url: str) -> str:
    """The absolute address of the facility's public page in `language`."""
    return site_url.rstrip("/") + public_path(facility, language)


def public_name(facility: Facility, language: str) -> str:
    """The facility's name in `language`, or its French name when it has none in it."""
    return localized(facility, "name", language, french_field="name")[0]


def list_text(names: Iterable[str]) -> str:
    """Names joined as a list in the active language ("a, b, c")."""
    return pgettext("list separator", ", ").join(names)


def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def is_website(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


# --- What every record of a facility repeats ------------------------------------------------


@functools.lru_cache(maxsize=8)
def labels(language: str) -> dict:
    """Words that the records repeat, translated once per language."""
    with override(language):
        return {
            "whatsapp": _("WhatsApp"),
            "facility_code": _("Manara facility code"),
            "separator": pgettext("list separator", ", "),
            "languages": {code: str(name) for code, name in Facility.LANGUAGE_CHOICES},
        }


@dataclass(frozen=True)
class FacilityTexts:
    """A facility's texts in one language, read once for its location and all its services."""

    organization_id: str
    name: str
    description: str
    access_conditions: str
    opening_hours: str
    eligibility: str
    last_modified: str


def facility_texts(facility: Facility, language: str) -> FacilityTexts:
    """The facility's texts in `language`, kept on the instance (a query's own objects)."""
    memo = facility.__dict__.setdefault("_hsds_texts", {})
    texts = memo.get(language)
    if texts is None:
        groups = [localized(group, "name", language)[0] for group in facility.target_groups.all()]
        texts = memo[language] = FacilityTexts(
            organization_id=hsds_id("organization", facility.managing_organisation_id),
            name=public_name(facility, language),
            description=localized(facility, "description", language)[0],
            access_conditions=localized(facility, "access_conditions", language)[0],
            opening_hours=localized(facility, "opening_hours", language)[0],
            eligibility=labels(language)["separator"].join(groups),
            last_modified=facility.updated_at.isoformat(timespec="seconds"),
        )
    return texts


# --- Nested objects --------------------------------------------------------------------------


def _phones(facility: Facility, owner_field: str, owner_id: str, language: str) -> list[dict]:
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
                "description": labels(language)["whatsapp"],
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


def _languages(facility: Facility, owner_field: str, owner_id: str, language: str) -> list[dict]:
    names = labels(language)["languages"]
    return [
        {
            "id": hsds_id("language", owner_id, code),
            owner_field: owner_id,
            "code": code,
            "name": names.get(code, code),
        }
        for code in facility.languages
    ]


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


# --- Organizations, locations, services ------------------------------------------------------


def organization_record(organisation, places: int) -> dict:
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
    if organisation.email and is_email(organisation.email):
        organization["email"] = organisation.email
    if organisation.website and is_website(organisation.website):
        organization["website"] = organisation.website
    return organization


def location_fields(facility: Facility, language: str) -> dict:
    """A facility as an HSDS location, its one-to-one fields only, named in `language`; a name
    other than the French one carries the French name as `alternate_name`, so that consumers
    can match the languages."""
    texts = facility_texts(facility, language)
    location = {
        "id": hsds_id("location", facility.pk),
        "location_type": "physical",
        "organization_id": texts.organization_id,
        "name": texts.name,
    }
    if texts.name != facility.name:
        location["alternate_name"] = facility.name
    location["external_identifier"] = facility.code
    location["external_identifier_type"] = labels(language)["facility_code"]
    if texts.description:
        location["description"] = texts.description
    if facility.has_location:
        location["latitude"] = float(facility.latitude)
        location["longitude"] = float(facility.longitude)
    return location


def location_record(facility: Facility, language: str) -> dict:
    """The location with its address, phones, opening hours and languages."""
    location = location_fields(facility, language)
    location_id = location["id"]
    location["addresses"] = [_address(facility, location_id)] if facility.postal_code else []
    location["phones"] = _phones(facility, "location_id", location_id, language)
    location["schedules"] = _schedules(
        facility_texts(facility, language).opening_hours, "location_id", location_id
    )
    location["languages"] = _languages(facility, "location_id", location_id, language)
    return location


def service_summary(
    facility: Facility, category, language: str, texts: FacilityTexts | None = None
) -> dict:
    """One service category offered at one facility, as an organization's list names it: it
    reads only the facility's names (and its texts when given)."""
    return {
        "id": hsds_id("service", facility.pk, category.pk),
        "organization_id": texts.organization_id
        if texts
        else hsds_id("organization", facility.managing_organisation_id),
        "name": f"{localized(category, 'name', language)[0]} — "
        f"{texts.name if texts else public_name(facility, language)}",
        "status": "active",
    }


def service_fields(facility: Facility, category, language: str, site_url: str) -> dict:
    """The service's one-to-one fields (what the API's lists give)."""
    texts = facility_texts(facility, language)
    service = service_summary(facility, category, language, texts)
    description = texts.description or category.description_fr
    if description:
        service["description"] = description
    if site_url:
        service["url"] = public_url(facility, language, site_url)
    if facility.email and is_email(facility.email):
        service["email"] = facility.email
    if texts.access_conditions:
        service["application_process"] = texts.access_conditions
    if texts.eligibility:
        service["eligibility_description"] = texts.eligibility
    if facility.last_verified_on:
        service["assured_date"] = facility.last_verified_on.isoformat()
    service["last_modified"] = texts.last_modified
    return service


def service_record(facility: Facility, category, language: str, site_url: str) -> dict:
    """The service with its phones, opening hours and languages (what the full document gives)."""
    service = service_fields(facility, category, language, site_url)
    service_id = service["id"]
    service["phones"] = _phones(facility, "service_id", service_id, language)
    service["schedules"] = _schedules(
        facility_texts(facility, language).opening_hours, "service_id", service_id
    )
    service["languages"] = _languages(facility, "service_id", service_id, language)
    return service


def service_at_location_record(
    facility_pk: int, category_pk: int, service_id: str = "", location_id: str = ""
) -> dict:
    """The link between a service and the facility (location) that offers it; the ids of the
    two may be given when already computed."""
    return {
        "id": hsds_id("service_at_location", facility_pk, category_pk),
        "service_id": service_id or hsds_id("service", facility_pk, category_pk),
        "location_id": location_id or hsds_id("location", facility_pk),
    }


# --- Taxonomies ------------------------------------------------------------------------------

# Manara's two vocabularies, published as HSDS taxonomies: key -> (model, name, description).
TAXONOMIES = {
    "service-categories": ServiceCategory,
    "target-groups": TargetGroup,
}


def taxonomy_id(key: str) -> str:
    return hsds_id("taxonomy", key)


def taxonomy_records() -> list[dict]:
    """The two taxonomies: the kinds of service a facility offers and whom it is meant for."""
    return [
        {
            "id": taxonomy_id("service-categories"),
            "name": _("Manara service categories"),
            "description": _("The kinds of service that facilities in Manara's directory offer."),
        },
        {
            "id": taxonomy_id("target-groups"),
            "name": _("Manara target groups"),
            "description": _("The groups of people that facilities in Manara's directory serve."),
        },
    ]


def taxonomy_key(term) -> str:
    return "service-categories" if isinstance(term, ServiceCategory) else "target-groups"


def term_id(term) -> str:
    """A term's id follows its code, which migrations give every installation alike."""
    return hsds_id("taxonomy_term", taxonomy_key(term), term.code)


def taxonomy_term_record(term, language: str) -> dict:
    """A service category or a target group as an HSDS taxonomy term, named in `language`."""
    name = localized(term, "name", language)[0]
    description = getattr(term, "description_fr", "") or name
    return {
        "id": term_id(term),
        "code": term.code,
        "name": name,
        "description": description,
        "taxonomy_id": taxonomy_id(taxonomy_key(term)),
        "language": language,
    }


def service_attributes(service_id: str, terms: Iterable, language: str) -> list[dict]:
    """The terms that describe a service (its category, the groups served) as HSDS attributes."""
    attributes = []
    for term in terms:
        record = taxonomy_term_record(term, language)
        attributes.append(
            {
                "id": hsds_id("attribute", service_id, record["id"]),
                "link_id": service_id,
                "link_type": "service_type" if isinstance(term, ServiceCategory) else "eligibility",
                "link_entity": "service",
                "taxonomy_term_id": record["id"],
                "taxonomy_term": record,
            }
        )
    return attributes


# --- The full document -----------------------------------------------------------------------


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}; expected one of {LANGUAGES}.")


def hsds_document(language: str = "fr", site_url: str = "") -> dict:
    """The public directory as one HSDS 3.0 document, its texts in `language` (French fallback).

    Organisations running published facilities become organizations, each facility a location,
    each service category offered at a facility a service linked to it by a service_at_location.
    `site_url` (scheme and host) gives each service the absolute address of its public page.
    Kept whole in memory: for tests and small data; `hsds_stream.write_hsds_document` streams
    the same JSON.
    """
    check_language(language)
    locations, services, links = [], [], []
    with override(language):
        organizations = [
            organization_record(organisation, organisation.places)
            for organisation in publishing_organisations()
        ]
        for facility in published_facilities():
            locations.append(location_record(facility, language))
            for category in facility.services.all():
                services.append(service_record(facility, category, language, site_url))
                links.append(service_at_location_record(facility.pk, category.pk))
    return {
        "hsds_version": HSDS_VERSION,
        "language": language,
        "organizations": organizations,
        "services": services,
        "locations": locations,
        "service_at_locations": links,
    }
