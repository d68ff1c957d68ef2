"""HXL hashtags of the facility spreadsheets: the row humanitarian partners' tools read.

The Humanitarian Exchange Language (https://hxlstandard.org/) puts a row of hashtags right
under the column headers; HDX and the HXL tools use it to recognise places, organisations and
figures whatever the headers say. Manara writes that row on every facility export and skips it
when the same file comes back for import.

Neutralising formula cells is not here: every app's exports need it, so it lives with the
spreadsheet base class in `common.spreadsheets` (see `neutralise_formula`).
"""

from collections.abc import Sequence

from common.spreadsheets import is_hxl_row

__all__ = ["FACILITY_HXL_TAGS", "SERVICE_CATEGORY_HXL_TAGS", "hxl_row", "is_hxl_row"]

# Column of a facility spreadsheet -> its HXL hashtag, for every column the back office exports.
# Hashtags and attributes come from the HXL 1.1 dictionary; where it has no attribute for what a
# column holds, a custom attribute on the fitting hashtag says it (+hours, +conditions, ... : the
# README's "HXL" section lists them). Opening hours and conditions are not #access, which in HXL
# means humanitarian access constraints, but the conditions and hours of the services.
FACILITY_HXL_TAGS = {
    "code": "#loc+code",
    "name": "#loc+name",
    "name_ar": "#loc+name+i_ar",
    "name_en": "#loc+name+i_en",
    "kind": "#loc+type",
    "status": "#status",
    "is_published": "#status+published",
    "managing_organisation": "#org+name",
    "management_mode": "#org+type",
    "owner_authority": "#org+owner",
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
    "occupancy": "#population+ind",
    "target_groups": "#beneficiary+type",
    "services": "#service+code",
    "languages": "#meta+language",
    "opening_hours_fr": "#service+hours+i_fr",
    "opening_hours_ar": "#service+hours+i_ar",
    "opening_hours_en": "#service+hours+i_en",
    "access_conditions_fr": "#service+conditions+i_fr",
    "access_conditions_ar": "#service+conditions+i_ar",
    "access_conditions_en": "#service+conditions+i_en",
    "description_fr": "#description+i_fr",
    "description_ar": "#description+i_ar",
    "description_en": "#description+i_en",
    "phone": "#contact+phone",
    "whatsapp": "#contact+phone+whatsapp",
    "email": "#contact+email",
    "contact_person": "#contact+name",
    "last_verified_on": "#date+verified",
}

SERVICE_CATEGORY_HXL_TAGS = {
    "code": "#service+code",
    "name_fr": "#service+name+i_fr",
    "name_ar": "#service+name+i_ar",
    "name_en": "#service+name+i_en",
    "description_fr": "#description+i_fr",
    "order": "#meta+order",
}


def hxl_row(headers: Sequence[str], tags: dict[str, str] = FACILITY_HXL_TAGS) -> list[str]:
    """The hashtag row for these column headers: each column's tag, or "" when it has none (the
    HXL tests fail on such a column: every exported column must have its tag)."""
    return [tags.get(header, "") for header in headers]
