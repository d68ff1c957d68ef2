"""The public directory as a spreadsheet (CSV or XLSX with an HXL row), for anyone.

It reads `Facility.objects.published()` only, in a fixed number of queries, and publishes
nothing that the public pages do not show (see `directory.hsds` for the HSDS 3.0 JSON, which
shares its helpers).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import override
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from common.exports import spreadsheet_response
from facilities.models import Facility, localized

from .hsds import LANGUAGES, list_text, public_name, public_url, published_facilities

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_NAME = "manara-directory"


# --- Spreadsheet -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of the directory spreadsheet: its header and its HXL hashtag."""

    header: str
    hxl: str


# Headers are field names, the same in every language, so that scripts can rely on them; the
# HXL row under them says what each column holds for humanitarian tools. `name` is the name in
# the file's language (French when there is none); name_fr/ar/en give each as staff wrote it.
# Opening hours and conditions are those of the facility's services (#service with the custom
# attributes +hours and +conditions): HXL's #access means humanitarian access constraints.
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
    Column("opening_hours", "#service+hours"),
    Column("access_conditions", "#service+conditions"),
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
        list_text(service.name for service in facility.services.all()),
        list_text(group.name for group in facility.target_groups.all()),
        list_text(facility.language_names()),
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
