"""What Manara and KoboToolbox agree on: the names of the XLSForm's fields, and a submission.

The XLSForm (`xlsform.py`) names its fields with these functions; the import of a Kobo XLSX
export (`kobo_import.py`) and the pull from Kobo's API (`kobo_api.py`) read them back with the
same functions, so the three cannot drift apart. A submission, from either source, becomes a
`Submission` of plain text values keyed by the fields' bare names (a Kobo path such as
`accessibility/c_ACC_03` is cut to `c_ACC_03`).
"""

import re
from dataclasses import asdict, dataclass, field

from django.utils.text import slugify

# Fields outside the criteria, in the form's first group.
FACILITY = "facility"
FACILITY_KIND = "facility_kind"
ASSESSOR = "assessor"
ASSESSED_ON = "assessed_on"
LOCATION = "location"
SUMMARY = "summary"
# Calculated fields that carry the framework into every submission (Kobo's own `__version__`
# is Kobo's id of the form's deployment, not ours).
FRAMEWORK_CODE = "framework_code"
FRAMEWORK_VERSION = "framework_version"
# A yes/no question that opens the repeat group of needs, and that group with its fields.
NEEDS_FOUND = "needs_found"
NEEDS = "needs"
NEED_DIMENSION = "need_dimension"
NEED_KIND = "need_kind"
NEED_DESCRIPTION = "need_description"
NEED_QUANTITY = "need_quantity"
NEED_UNIT = "need_unit"
NEED_UNIT_COST = "need_unit_cost"
NEED_URGENCY = "need_urgency"
# Kobo's metadata of an edited submission, by bare name (`meta/rootUuid`, `meta/deprecatedID`).
ROOT_UUID = "rootUuid"
DEPRECATED_ID = "deprecatedID"
# The answer a criterion's select_one gives when it does not apply.
NOT_APPLICABLE = "na"
SCORE_CHOICES = ("0", "1", "2", "3", NOT_APPLICABLE)


def form_id(framework) -> str:
    """The XLSForm `form_id` of a framework: its name as an XML-safe identifier."""
    return "manara_" + slugify(framework.name).replace("-", "_")


def criterion_field(criterion) -> str:
    """The select_one of a criterion, e.g. `c_ACC_03` for ACC-03 (an XML name)."""
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", criterion.code)


def comment_field(criterion) -> str:
    return f"{criterion_field(criterion)}_comment"


def photo_field(criterion) -> str:
    return f"{criterion_field(criterion)}_photo"


def without_uuid_prefix(value: str) -> str:
    """`uuid:2f0c…` as Kobo writes instanceIDs → `2f0c…`, the form of `_uuid`."""
    value = (value or "").strip()
    return value[len("uuid:") :].strip() if value.lower().startswith("uuid:") else value


def bare_name(path: str) -> str:
    """The field's own name in a Kobo key or column: `accessibility/c_ACC_03` → `c_ACC_03`."""
    return str(path).rsplit("/", 1)[-1].strip()


@dataclass
class Submission:
    """One Kobo submission as text: its `_uuid`, its answers and its needs.

    `row` is the spreadsheet row (an XLSX export) or the position in the API's answer, for
    messages; `index` is Kobo's `_index` in an XLSX export, which its needs rows point to.
    `attachments` are the API's `_attachments` (an export only names the files); `photos` maps
    a criterion's photo field to the photo the pull fetched, `{"path": …}` in storage, or to
    `{"error": …}`, why it could not (kobo/photos.py).
    """

    uuid: str
    values: dict[str, str]
    needs: list[dict[str, str]] = field(default_factory=list)
    row: int | None = None
    index: int | None = None
    attachments: list[dict] = field(default_factory=list)
    photos: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()

    @property
    def key(self) -> str:
        """The submission's stable key: its rootUuid, else its `_uuid`.

        Kobo gives every edit of a submission a new `_uuid` and keeps `meta/rootUuid`, the
        first version's instanceID (its `_uuid`; "uuid:" prefix or not), on all of them.
        """
        return without_uuid_prefix(self.get(ROOT_UUID)) or self.uuid

    @property
    def match_keys(self) -> list[str]:
        """The keys an assessment imported from this submission may be stored under, best first:
        the rootUuid, then this version's `_uuid` and the one it replaced (`meta/deprecatedID`,
        in the API's data only), for rows stored before edits were followed."""
        keys = [self.key, self.uuid, without_uuid_prefix(self.get(DEPRECATED_ID))]
        return [key for key in dict.fromkeys(keys) if key]

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Submission":
        return cls(**data)
