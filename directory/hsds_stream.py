"""The full HSDS document streamed to a file, one record at a time, with memory bounded.

`write_hsds_document` writes exactly the JSON of `hsds.hsds_document()` (escaped like every
JSON answer of the directory) without ever holding the document, its text or a list of its
records: what `directory.hsds_build` gzips into the storage.

A document of 10,000 facilities holds some 300,000 objects, so this module writes their JSON
text directly from flat rows (`values()`), each facility's texts quoted once for its location and
all its services, instead of building the dicts of `directory.hsds` and encoding them: three
times faster. The objects are those of the builders in `directory.hsds`, field for field and in
the same order; the tests compare the file with `json_text(hsds_document())` byte for byte.
"""

import json
import tempfile
from json.encoder import encode_basestring as quote  # a JSON string, as ensure_ascii=False
from typing import IO

from django.utils.translation import override

from facilities.models import Facility, ServiceCategory, TargetGroup

from .hsds import (
    COUNTRY,
    HSDS_VERSION,
    check_language,
    is_email,
    labels,
    named_id,
    organization_record,
    publishing_organisations,
)

# Facilities read per query while streaming the document: bounds the memory of a build.
CHUNK_SIZE = 500


def escape_json(text: str) -> str:
    """<, > and & escaped: they only ever appear inside JSON strings, so the JSON stays the same
    while no browser sniffing it as HTML could run a `<script>` in a name. Three `str.replace`
    are ten times faster than `str.translate` over megabytes, with the same result."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# Records hold only texts, numbers, lists and dicts: the plain encoder, made once.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def dumps(record) -> str:
    """One record as compact UTF-8 JSON, as `json.dumps` writes it inside a larger document."""
    return escape_json(_ENCODER.encode(record))


class _JsonArray:
    """Writes the items of `[a, b, c]` as `json.dumps` separates them, a few hundred at a time
    (one write per record would cost more than the record's own text)."""

    BATCH = 256

    def __init__(self, write):
        self.write, self.pending, self.empty = write, [], True

    def add(self, text: str) -> None:
        self.pending.append(text)
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.write(("" if self.empty else ", ") + ", ".join(self.pending))
            self.pending, self.empty = [], False


def write_hsds_document(output: IO[str], language: str = "fr", site_url: str = "") -> int:
    """Write to the text stream `output` exactly the JSON of `hsds_document(language, site_url)`
    (with `escape_json`), one record at a time; returns the number of locations written.

    Memory stays bounded whatever the number of facilities: facilities are read `CHUNK_SIZE` at
    a time, services go straight to `output`, locations and links to temporary files copied
    after them (the document lists services first).
    """
    check_language(language)
    with (
        override(language),
        tempfile.TemporaryFile("w+", encoding="utf-8") as location_spool,
        tempfile.TemporaryFile("w+", encoding="utf-8") as link_spool,
    ):
        output.write(
            f'{{"hsds_version": {dumps(HSDS_VERSION)}, "language": {dumps(language)}, '
            '"organizations": ['
        )
        organizations = _JsonArray(output.write)
        for organisation in publishing_organisations().iterator(chunk_size=CHUNK_SIZE):
            organizations.add(dumps(organization_record(organisation, organisation.places)))
        organizations.flush()
        output.write('], "services": [')
        services = _JsonArray(output.write)
        locations = _JsonArray(location_spool.write)
        links = _JsonArray(link_spool.write)
        records = RecordWriter(language, site_url)
        count = 0
        for row in records.facility_rows():
            count += 1
            locations.add(records.location(row))
            for service, link in records.services(row):
                services.add(service)
                links.add(link)
        for array in (services, locations, links):
            array.flush()
        output.write('], "locations": [')
        _copy(location_spool, output)
        output.write('], "service_at_locations": [')
        _copy(link_spool, output)
        output.write("]}")
    return count


# A facility's texts with a translation: the French column, and the language's own column that
# replaces it when not empty (`facilities.models.localized`).
TRANSLATED = {
    "name": "name",
    "description": "description_fr",
    "access_conditions": "access_conditions_fr",
    "opening_hours": "opening_hours_fr",
    "province": "province__name_fr",
    "region": "region__name_fr",
}
COLUMNS = (
    "pk",
    "code",
    "slug",
    "managing_organisation_id",
    "latitude",
    "longitude",
    "commune",
    "address",
    "postal_code",
    "phone",
    "whatsapp",
    "email",
    "languages",
    "last_verified_on",
    "updated_at",
)


def json_string(value: str) -> str:
    """A text as `json_text` writes it: a JSON string, UTF-8, with `escape_json`."""
    return escape_json(quote(value))


class RecordWriter:
    """The JSON text of one language's locations, services and links, from flat rows (the
    document's, and the pages of services of the API, `directory.hsds_api`).

    Each method mirrors a builder of `directory.hsds` (named in its docstring): same keys, same
    order, same conditions. Every text goes through `json_string` (quoted by the C encoder of
    `json`, then escaped), each facility's once for its location and all its services; ids,
    numbers and dates need neither.
    """

    def __init__(self, language: str, site_url: str):
        self.language = language
        # The facility's columns a row holds (`facility_rows`, or the API's own query).
        self.own_columns = {
            text: french.removesuffix("_fr") + f"_{language}"
            for text, french in TRANSLATED.items()
            if language != "fr"
        }
        self.columns = [*COLUMNS, *TRANSLATED.values(), *self.own_columns.values()]
        words = labels(language)
        self.whatsapp = json_string(words["whatsapp"])
        self.code_type = json_string(words["facility_code"])
        self.separator = words["separator"]
        self.language_names = words["languages"]
        self.spoken = {}  # a language's code -> the end of its JSON object
        self.page_prefix = site_url.rstrip("/") + f"/{language}/directory/" if site_url else ""
        self.organization_ids = {}
        # Service categories and target groups in their default order, named in the language.
        # A category's service is named `"<category> — <facility>"`: the category's part is
        # quoted here, without its closing quote. Its description is its services' when their
        # facility has none.
        self.categories = {
            category.pk: (
                json_string(self._text(category, "name_fr", "name"))[:-1],
                f', "description": {json_string(category.description_fr)}'
                if category.description_fr
                else "",
            )
            for category in ServiceCategory.objects.all()
        }
        self.groups = {
            group.pk: self._text(group, "name_fr", "name") for group in TargetGroup.objects.all()
        }

    def _text(self, instance, french: str, text: str) -> str:
        if self.language == "fr":
            return getattr(instance, french)
        return getattr(instance, f"{text}_{self.language}") or getattr(instance, french)

    # --- Rows ----------------------------------------------------------------------------------

    def facility_rows(self):
        """Each published facility's row (`prepare`) in the document's order, with the pks of its
        categories and groups under "categories" and "groups", in their default order; read
        `CHUNK_SIZE` facilities at a time, three queries per chunk."""
        rows = (
            Facility.objects.published()
            .order_by("region__code", "name", "pk")
            .values(*self.columns)
        )
        chunk = []
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            chunk.append(row)
            if len(chunk) == CHUNK_SIZE:
                yield from self._with_categories(chunk)
                chunk = []
        yield from self._with_categories(chunk)

    def _with_categories(self, chunk: list[dict]):
        if not chunk:
            return
        pks = [row["pk"] for row in chunk]
        offered = _by_facility(
            Facility.services.through.objects.filter(facility_id__in=pks).values_list(
                "facility_id", "servicecategory_id"
            )
        )
        served = self.groups_of(pks)
        for row in chunk:
            mine = offered.get(row["pk"], ())
            row["categories"] = [category for category in self.categories if category in mine]
            row["groups"] = served.get(row["pk"], [])
            yield self.prepare(row)

    def groups_of(self, pks: list[int]) -> dict[int, list[int]]:
        """The pks of the target groups of each facility of `pks`, in their default order."""
        served = _by_facility(
            Facility.target_groups.through.objects.filter(facility_id__in=pks).values_list(
                "facility_id", "targetgroup_id"
            )
        )
        return {
            pk: [group for group in self.groups if group in mine] for pk, mine in served.items()
        }

    def prepare(self, row: dict) -> dict:
        """Complete a row of `self.columns` and "groups" with what its records repeat: its texts
        in the language ("texts": `TRANSLATED`'s, French when empty), its organization's id and
        the parts of its services' JSON that are the same for each."""
        own = self.own_columns
        texts = row["texts"] = {
            text: (row[own[text]] if own else "") or row[french] or ""
            for text, french in TRANSLATED.items()
        }
        row["organization_id"] = self._organization_id(row["managing_organisation_id"])
        # The end of a service's name, from its opening quote's place.
        row["name_end"] = json_string(f" — {texts['name']}")[1:]
        description = texts["description"]
        row["description"] = f', "description": {json_string(description)}' if description else None
        row["service_middle"] = self._service_middle(row)
        return row

    def _organization_id(self, pk: int) -> str:
        found = self.organization_ids.get(pk)
        if found is None:
            found = self.organization_ids[pk] = named_id(f"organization:{pk}")
        return found

    # --- Records -------------------------------------------------------------------------------

    def location(self, row: dict) -> str:
        """`hsds.location_record`; sets on the row what its services repeat."""
        texts = row["texts"]
        location_id = row["location_id"] = named_id(f"location:{row['pk']}")
        organization_id = row["organization_id"]
        row["nested"] = self._nested_parts(row)
        text = [
            f'{{"id": "{location_id}", "location_type": "physical", "organization_id": '
            f'"{organization_id}", "name": {json_string(texts["name"])}'
        ]
        if texts["name"] != row["name"]:
            text.append(f', "alternate_name": {json_string(row["name"])}')
        text.append(
            f', "external_identifier": {json_string(row["code"])}, '
            f'"external_identifier_type": {self.code_type}'
        )
        if texts["description"]:
            text.append(f', "description": {json_string(texts["description"])}')
        if row["latitude"] is not None and row["longitude"] is not None:
            text.append(
                f', "latitude": {float(row["latitude"])!r}, '
                f'"longitude": {float(row["longitude"])!r}'
            )
        text.append(f', "addresses": [{self._address(row, location_id)}], ')
        text.append(self._nested(row["nested"], "location_id", location_id))
        return "".join(text)

    def _address(self, row: dict, location_id: str) -> str:
        """`hsds._address`, or nothing without a postal code."""
        if not row["postal_code"]:
            return ""
        province, region = row["texts"]["province"], row["texts"]["region"]
        town = row["commune"] or province
        return (
            f'{{"id": "{named_id(f"address:{location_id}")}", "location_id": "{location_id}", '
            f'"address_1": {json_string(row["address"] or town)}, "city": {json_string(town)}, '
            f'"region": {json_string(region)}, "state_province": {json_string(province)}, '
            f'"postal_code": {json_string(row["postal_code"])}, "country": "{COUNTRY}", '
            '"address_type": "physical"}'
        )

    def _nested_parts(self, row: dict) -> tuple:
        """The facility's phones, opening hours and languages quoted once for its location and
        all its services: (voice, WhatsApp, hours, [(code, the end of its object)])."""
        spoken = []
        for code in row["languages"]:
            end = self.spoken.get(code)
            if end is None:
                end = self.spoken[code] = (
                    f'"code": {dumps(code)}, "name": {dumps(self.language_names.get(code, code))}}}'
                )
            spoken.append((code, end))
        hours = row["texts"]["opening_hours"]
        return (
            json_string(row["phone"]) if row["phone"] else "",
            json_string(row["whatsapp"]) if row["whatsapp"] else "",
            json_string(hours) if hours else "",
            spoken,
        )

    def _nested(self, parts: tuple, owner_field: str, owner_id: str) -> str:
        """`hsds._phones`, `hsds._schedules` and `hsds._languages` of a location or service:
        the end of its JSON object."""
        voice, whatsapp, hours, spoken = parts
        owner = f'"{owner_field}": "{owner_id}", '
        phones = []
        if voice:
            phones.append(
                f'{{"id": "{named_id(f"phone:{owner_id}:voice")}", {owner}"number": {voice}, '
                '"type": "voice"}'
            )
        if whatsapp:
            phones.append(
                f'{{"id": "{named_id(f"phone:{owner_id}:whatsapp")}", {owner}"number": '
                f'{whatsapp}, "type": "text", "description": {self.whatsapp}}}'
            )
        schedule = (
            f'{{"id": "{named_id(f"schedule:{owner_id}")}", {owner}"description": {hours}}}'
            if hours
            else ""
        )
        languages = ", ".join(
            [
                f'{{"id": "{named_id(f"language:{owner_id}:{code}")}", {owner}{end}'
                for code, end in spoken
            ]
        )
        return (
            f'"phones": [{", ".join(phones)}], "schedules": [{schedule}], '
            f'"languages": [{languages}]}}'
        )

    def services(self, row: dict):
        """`hsds.service_record` and `hsds.service_at_location_record` of each of the facility's
        categories, after `location(row)`."""
        pk, location_id, nested = row["pk"], row["location_id"], row["nested"]
        for category_pk in row["categories"]:
            service_id = named_id(f"service:{pk}:{category_pk}")
            yield (
                self._service_fields(row, category_pk, service_id)
                + ", "
                + self._nested(nested, "service_id", service_id),
                f'{{"id": "{named_id(f"service_at_location:{pk}:{category_pk}")}", '
                f'"service_id": "{service_id}", "location_id": "{location_id}"}}',
            )

    def service_fields(self, row: dict, category_pk: int) -> str:
        """`hsds.service_fields`: the service's one-to-one fields (what the API's lists give)."""
        service_id = named_id(f"service:{row['pk']}:{category_pk}")
        return self._service_fields(row, category_pk, service_id) + "}"

    def _service_fields(self, row: dict, category_pk: int, service_id: str) -> str:
        """The service's JSON object from its opening brace to its last change, not closed."""
        category_name, category_description = self.categories[category_pk]
        description = row["description"]
        return (
            f'{{"id": "{service_id}", "organization_id": "{row["organization_id"]}", '
            f'"name": {category_name}{row["name_end"]}, "status": "active"'
            f"{description if description is not None else category_description}"
            f"{row['service_middle']}"
        )

    def _service_middle(self, row: dict) -> str:
        """`hsds.service_fields` from the address to the last change, the same for each of the
        facility's services."""
        texts = row["texts"]
        text = []
        if self.page_prefix:
            text.append(f', "url": {json_string(self.page_prefix + row["slug"] + "/")}')
        if row["email"] and is_email(row["email"]):
            text.append(f', "email": {json_string(row["email"])}')
        if texts["access_conditions"]:
            text.append(f', "application_process": {json_string(texts["access_conditions"])}')
        eligibility = self.separator.join(self.groups[pk] for pk in row["groups"])
        if eligibility:
            text.append(f', "eligibility_description": {json_string(eligibility)}')
        if row["last_verified_on"]:
            text.append(f', "assured_date": "{row["last_verified_on"].isoformat()}"')
        text.append(f', "last_modified": "{row["updated_at"].isoformat(timespec="seconds")}"')
        return "".join(text)


def _by_facility(pairs) -> dict[int, set[int]]:
    """(facility pk, other pk) pairs as the set of other pks of each facility."""
    found = {}
    for facility_pk, other_pk in pairs:
        found.setdefault(facility_pk, set()).add(other_pk)
    return found


def _copy(spool, output, size: int = 1 << 20) -> None:
    spool.seek(0)
    while chunk := spool.read(size):
        output.write(chunk)
