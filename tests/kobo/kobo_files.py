"""Files like the XLSX that KoboToolbox exports from a framework's XLSForm, for tests.

Laid out as Kobo's default export ("XML values and headers", formpack) lays out data, as
../shared/reference/kobo.md describes it: a main sheet named after the form's title with the
form's fields in form order (a geopoint followed by its four parts), then Kobo's own columns;
a `needs` sheet for the repeat group, whose rows point to their submission by `_parent_index`
and `_submission__uuid`. `form_fields` is the one list of the form's fields, so that the
XLSForm's survey sheet can be compared with it.
"""

import datetime
import io
import uuid as uuid_module

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from assessments.models import Dimension
from kobo import submissions as kobo
from kobo.xlsform import VISIT_GROUP
from kobo.xlsx import kobo_sheet_name

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GEOPOINT_PARTS = ("latitude", "longitude", "altitude", "precision")
MAIN_SYSTEM_COLUMNS = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "meta/rootUuid",
    "_index",
]
NEED_FIELDS = [
    kobo.NEED_DIMENSION,
    kobo.NEED_KIND,
    kobo.NEED_DESCRIPTION,
    kobo.NEED_QUANTITY,
    kobo.NEED_UNIT,
    kobo.NEED_UNIT_COST,
    kobo.NEED_URGENCY,
]
NEEDS_SYSTEM_COLUMNS = [
    "_index",
    "_parent_table_name",
    "_parent_index",
    "_submission__id",
    "_submission__uuid",
    "_submission__submission_time",
    "_submission__validation_status",
    "_submission__notes",
    "_submission__status",
    "_submission__submitted_by",
    "_submission___version__",
    "_submission__tags",
    "_submission_meta/rootUuid",
]
HXL_TAGS = {
    kobo.FACILITY: "#loc+code",
    kobo.ASSESSED_ON: "#date+assessed",
    kobo.LOCATION: "#geo+coord",
    kobo.SUMMARY: "#description",
    kobo.NEED_DESCRIPTION: "#need+description",
    kobo.NEED_UNIT_COST: "#value+cost",
}
KOBO_VERSION = "vQm6dBbvT8Yy5JeHcTq7Xb"


def form_fields(framework) -> list[tuple[str, str, str]]:
    """The XLSForm's fields in form order as (group, name, type); the needs repeat apart."""
    fields = [
        (VISIT_GROUP, kobo.FACILITY, "select_one"),
        (VISIT_GROUP, kobo.FACILITY_KIND, "calculate"),
        (VISIT_GROUP, kobo.ASSESSOR, "text"),
        (VISIT_GROUP, kobo.ASSESSED_ON, "date"),
        (VISIT_GROUP, kobo.LOCATION, "geopoint"),
        (VISIT_GROUP, kobo.FRAMEWORK_CODE, "calculate"),
        (VISIT_GROUP, kobo.FRAMEWORK_VERSION, "calculate"),
    ]
    criteria = list(framework.criteria.order_by("order", "code"))
    for dimension in Dimension:
        for criterion in (c for c in criteria if c.dimension == dimension):
            fields.append((dimension.value, kobo.criterion_field(criterion), "select_one"))
            fields.append((dimension.value, kobo.comment_field(criterion), "text"))
            if criterion.photo_useful:
                fields.append((dimension.value, kobo.photo_field(criterion), "image"))
    fields.append(("", kobo.NEEDS_FOUND, "select_one"))
    fields.append(("", kobo.SUMMARY, "text"))
    return fields


def need_fields() -> list[tuple[str, str, str]]:
    """The fields of the needs repeat, as (group, name, type)."""
    types = {
        kobo.NEED_DIMENSION: "select_one",
        kobo.NEED_KIND: "select_one",
        kobo.NEED_QUANTITY: "decimal",
        kobo.NEED_UNIT_COST: "decimal",
        kobo.NEED_URGENCY: "select_one",
    }
    return [(kobo.NEEDS, name, types.get(name, "text")) for name in NEED_FIELDS]


def _columns(fields, grouped: bool) -> list[tuple[str, str]]:
    """(header, key) of each column: a geopoint gives five, as formpack writes them."""
    columns = []
    for group, name, type_ in fields:
        prefix = f"{group}/" if grouped and group else ""
        columns.append((prefix + name, name))
        if type_ == "geopoint":
            columns.extend(
                (f"{prefix}_{name}_{part}", f"_{name}_{part}") for part in GEOPOINT_PARTS
            )
    return columns


def main_columns(framework, grouped: bool = False) -> list[tuple[str, str]]:
    return [*_columns(form_fields(framework), grouped), *((c, c) for c in MAIN_SYSTEM_COLUMNS)]


def needs_columns(grouped: bool = False) -> list[tuple[str, str]]:
    return [*_columns(need_fields(), grouped), *((c, c) for c in NEEDS_SYSTEM_COLUMNS)]


def _main_values(framework, position: int, submission: dict, has_needs: bool) -> dict:
    uuid = submission.get("_uuid", str(uuid_module.uuid4()))
    values = {
        kobo.FRAMEWORK_CODE: kobo.form_id(framework),
        kobo.FRAMEWORK_VERSION: framework.version,
        kobo.NEEDS_FOUND: "yes" if has_needs else "no",
        "_id": 4100 + position,
        "_uuid": uuid,
        "_submission_time": "2026-11-20T10:15:00",
        "_status": "submitted_via_web",
        "__version__": KOBO_VERSION,
        "meta/rootUuid": f"uuid:{uuid}",
        "_index": position + 1,
        **submission,
    }
    point = str(values.get(kobo.LOCATION) or "").split()
    for part, value in zip(GEOPOINT_PARTS, point, strict=False):
        values.setdefault(f"_{kobo.LOCATION}_{part}", value)
    return values


def _sheet(workbook, title: str, columns, rows: list[dict], hxl: bool) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([header for header, _key in columns])
    if hxl:
        sheet.append([HXL_TAGS.get(key, "") for _header, key in columns])
    for values in rows:
        sheet.append([values.get(key) for _header, key in columns])


def kobo_export(
    framework,
    submissions: list[dict],
    needs: list[dict] | None = None,
    hxl: bool = False,
    grouped: bool = False,
) -> bytes:
    """An XLSX export of `submissions` (bare field name → value; Kobo's columns such as `_uuid`
    or `_index` may be given, else they are made up) and their `needs`.

    Each need names its submission by position in `submissions` (`"submission": 0`); its
    `_parent_index` and `_submission__uuid` columns follow from it unless given. Values are
    written as given: text as Kobo writes it, a number or a date as such a cell.
    """
    needs = needs or []
    title = kobo_sheet_name(str(framework))
    parents = {need.get("submission") for need in needs}
    main_rows = [
        _main_values(framework, position, submission, position in parents)
        for position, submission in enumerate(submissions)
    ]
    need_rows = []
    for position, need in enumerate(needs):
        parent = main_rows[need["submission"]] if need.get("submission") is not None else {}
        need_rows.append(
            {
                "_index": position + 1,
                "_parent_table_name": title,
                "_parent_index": parent.get("_index"),
                "_submission__id": parent.get("_id"),
                "_submission__uuid": parent.get("_uuid"),
                "_submission__submission_time": parent.get("_submission_time"),
                "_submission__status": parent.get("_status"),
                "_submission___version__": KOBO_VERSION,
                "_submission_meta/rootUuid": parent.get("meta/rootUuid"),
                **{key: value for key, value in need.items() if key != "submission"},
            }
        )
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, title, main_columns(framework, grouped), main_rows, hxl)
    _sheet(workbook, kobo_sheet_name(kobo.NEEDS), needs_columns(grouped), need_rows, hxl)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "manara_export.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_TYPE)


def answers(framework, score="2", comment: str = "", **by_code) -> dict:
    """Every criterion of the framework answered with `score`, except the codes given as
    keywords (`ACC_1="na"`); each with `comment` when one is given."""
    scores = {code.replace("_", "-"): value for code, value in by_code.items()}
    values = {}
    for criterion in framework.criteria.all():
        values[kobo.criterion_field(criterion)] = scores.get(criterion.code, score)
        if comment:
            values[kobo.comment_field(criterion)] = comment
    return values


def days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def submission(framework, facility, uuid: str, assessed_on: str | None = None, **values) -> dict:
    """A complete submission of `facility` (scores 2), dated `assessed_on` (three days ago
    unless given); `values` override any field."""
    return {
        kobo.FACILITY: facility.code,
        kobo.FACILITY_KIND: facility.kind,
        kobo.ASSESSOR: "Salma Idrissi",
        kobo.ASSESSED_ON: assessed_on or days_ago(3),
        kobo.LOCATION: "34.681 -1.908 560 4.5",
        kobo.FRAMEWORK_CODE: kobo.form_id(framework),
        kobo.FRAMEWORK_VERSION: framework.version,
        **answers(framework),
        kobo.SUMMARY: "Visite du matin.",
        "_uuid": uuid,
        **values,
    }


def edited(values: dict, first_uuid: str, uuid: str, **changes) -> dict:
    """The submission `values` (first sent as `first_uuid`) as Kobo exports it once edited: a
    new `_uuid`, the first version's in `meta/rootUuid` ("uuid:" prefixed), and `changes`."""
    return {**values, "_uuid": uuid, "meta/rootUuid": f"uuid:{first_uuid}", **changes}


def need(submission_position: int, **values) -> dict:
    """A needs row of the submission at `submission_position`: two extinguishers by default."""
    return {
        "submission": submission_position,
        kobo.NEED_DIMENSION: "safety",
        kobo.NEED_KIND: "equipment",
        kobo.NEED_DESCRIPTION: "Extincteurs à poudre 6 kg",
        kobo.NEED_QUANTITY: "2",
        kobo.NEED_UNIT: "unité",
        kobo.NEED_UNIT_COST: "450",
        kobo.NEED_URGENCY: "immediate",
        **values,
    }
