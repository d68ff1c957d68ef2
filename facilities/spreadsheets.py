"""HXL hashtags of the facility spreadsheets: the row humanitarian partners' tools read.

The Humanitarian Exchange Language (https://hxlstandard.org/) puts a row of hashtags right
under the column headers; HDX and the HXL tools use it to recognise places, organisations and
figures whatever the headers say. Manara writes that row on every facility export and skips it
when the same file comes back for import.

Neutralising formula cells is not here: every app's exports need it, so it lives with the
spreadsheet base class in `common.spreadsheets` (see `neutralise_formula`).
"""

from collections.abc import Iterable, Sequence

# Column of a facility spreadsheet -> its HXL hashtag. Columns without a fitting hashtag are
# left untagged, as the HXL conventions allow.
FACILITY_HXL_TAGS = {
    "code": "#loc+code",
    "name": "#loc+name",
    "name_ar": "#loc+name+i_ar",
    "name_en": "#loc+name+i_en",
    "kind": "#loc+type",
    "managing_organisation": "#org+name",
    "region": "#adm1+code",
    "region_name": "#adm1+name",
    "province": "#adm2+code",
    "province_name": "#adm2+name",
    "commune": "#adm3+name",
    "address": "#loc+address",
    "postal_code": "#loc+postcode",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "capacity": "#capacity",
    "occupancy": "#population+occupancy",
    "services": "#service+code",
    "phone": "#contact+phone",
    "email": "#contact+email",
    "contact_person": "#contact+name",
    "status": "#status",
    "last_verified_on": "#date+verified",
}


def hxl_row(headers: Sequence[str], tags: dict[str, str] = FACILITY_HXL_TAGS) -> list[str]:
    """The hashtag row for these column headers: each column's tag, or "" when it has none."""
    return [tags.get(header, "") for header in headers]


def is_hxl_row(cells: Iterable) -> bool:
    """True when a row is a row of HXL hashtags: every non-empty cell starts with "#"."""
    values = [str(cell).strip() for cell in cells if cell is not None and str(cell).strip()]
    return bool(values) and all(value.startswith("#") for value in values)
