"""The full HSDS document streamed to a file, one record at a time, with memory bounded.

`write_hsds_document` writes exactly the JSON of `hsds.hsds_document()` (escaped like every
JSON answer of the directory) without ever holding the document, its text or a list of its
records: what `directory.hsds_build` gzips into the storage.
"""

import json
import tempfile
from typing import IO

from django.utils.translation import override

from facilities.models import Facility, ServiceCategory, TargetGroup

from .hsds import (
    HSDS_VERSION,
    check_language,
    location_record,
    organization_record,
    publishing_organisations,
    service_at_location_record,
    service_record,
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
    (one write per record would cost more than the records' own encoding)."""

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
        count = 0
        for facility, categories in _facilities_with_categories():
            count += 1
            location = location_record(facility, language)
            locations.add(dumps(location))
            for category in categories:
                service = service_record(facility, category, language, site_url)
                services.add(dumps(service))
                links.add(
                    dumps(
                        service_at_location_record(
                            facility.pk, category.pk, service["id"], location["id"]
                        )
                    )
                )
        for array in (services, locations, links):
            array.flush()
        output.write('], "locations": [')
        _copy(location_spool, output)
        output.write('], "service_at_locations": [')
        _copy(link_spool, output)
        output.write("]}")
    return count


def _facilities_with_categories():
    """Each published facility (in the document's order) with its service categories, its
    target groups attached; read `CHUNK_SIZE` facilities at a time, three queries per chunk.

    What `published_facilities()` gives, without `prefetch_related`'s cost per facility (a
    queryset and a manager for each relation, an object for each category and group of each
    facility): the categories and groups, a few dozen, are read once and shared.
    """
    categories = {category.pk: category for category in ServiceCategory.objects.all()}
    groups = {group.pk: group for group in TargetGroup.objects.all()}
    rank = {pk: number for number, pk in enumerate(categories)}  # their default ordering
    facilities = (
        Facility.objects.published()
        .select_related("region", "province", "managing_organisation")
        .order_by("region__code", "name", "pk")
    )
    chunk = []
    for facility in facilities.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(facility)
        if len(chunk) == CHUNK_SIZE:
            yield from _with_categories(chunk, categories, groups, rank)
            chunk = []
    yield from _with_categories(chunk, categories, groups, rank)


def _with_categories(chunk: list, categories: dict, groups: dict, rank: dict):
    if not chunk:
        return
    pks = [facility.pk for facility in chunk]
    offered, served = {}, {}
    for facility_pk, category_pk in Facility.services.through.objects.filter(
        facility_id__in=pks
    ).values_list("facility_id", "servicecategory_id"):
        offered.setdefault(facility_pk, []).append(category_pk)
    for facility_pk, group_pk in Facility.target_groups.through.objects.filter(
        facility_id__in=pks
    ).values_list("facility_id", "targetgroup_id"):
        served.setdefault(facility_pk, []).append(group_pk)
    group_rank = {pk: number for number, pk in enumerate(groups)}
    for facility in chunk:
        facility.hsds_target_groups = [
            groups[pk] for pk in sorted(served.get(facility.pk, []), key=group_rank.get)
        ]
        yield (
            facility,
            [categories[pk] for pk in sorted(offered.get(facility.pk, []), key=rank.get)],
        )


def _copy(spool, output, size: int = 1 << 20) -> None:
    spool.seek(0)
    while chunk := spool.read(size):
        output.write(chunk)
