"""Headers and answers of a Kobo export mapped back to the XLSForm's field and choice names.

Kobo exports headers and answers either as the XLSForm's names ("XML values and headers") or as
its labels in one of the form's languages, each with or without the groups' names or labels in
front (`visit/facility`, "La visite/Établissement", joined by `/`). Manara wrote that XLSForm
(`xlsform.py`), so it knows every field's name and label in every language: the maps are built
from the same rows, for the framework (and version) that the export answered, and nothing else.
"""

from dataclasses import dataclass, field

from assessments.models import Criterion, Framework

from . import submissions as kobo
from .xlsform import LANGUAGES, choice_rows, survey_rows

XML = "xml"
GROUP_SEPARATOR = "/"
# The label of a facility choice is "code — name" (xlsform.facility_choice).
FACILITY_LABEL_SEPARATOR = " — "
GEOPOINT_PARTS = ("latitude", "longitude", "altitude", "precision")
# The language names of the form's label columns ("Français (fr)" → "Français").
LANGUAGE_NAMES = {code: column.rsplit(" (", 1)[0] for code, column in LANGUAGES}


def normalised(text: str) -> str:
    """A header or answer compared as text: whitespace collapsed, case kept."""
    return " ".join(str(text).split())


def is_kobo_column(header: str) -> bool:
    """Kobo's own columns, in every variant: `_id`, `_uuid`, `__version__`, `_index`,
    `_submission__uuid`, a geopoint's `_…_latitude` parts, `meta/rootUuid`, `meta/…`."""
    header = header.strip()
    bare = kobo.bare_name(header)
    return (
        header.startswith("_")
        or bare.startswith("_")
        or header.startswith("meta/")
        or bare in {kobo.ROOT_UUID, kobo.DEPRECATED_ID, "instanceID"}
    )


@dataclass
class HeaderMap:
    """The headers and select_one answers of one variant of one framework's form."""

    framework: Framework | None
    language: str  # XML, or a language code of the form
    # normalised header → field name; the grouped headers are also in `grouped`.
    fields: dict[str, str] = field(default_factory=dict)
    grouped: set[str] = field(default_factory=set)
    # field name → normalised choice label → choice name (labels variants only)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)

    def field_of(self, header: str) -> str | None:
        return self.fields.get(normalised(header))

    def value_of(self, name: str, text: str) -> str:
        """An answer as the choice name the import reads; free text and unknown labels as is."""
        if self.language == XML or not text:
            return text
        if name == kobo.FACILITY and FACILITY_LABEL_SEPARATOR in text:
            return text.split(FACILITY_LABEL_SEPARATOR, 1)[0].strip()
        return self.choices.get(name, {}).get(normalised(text), text)


def _label(row: dict, language: str) -> str:
    """A row's header in an export: its label in `language`, its name without a label
    (formpack heads a calculate field by its name), its name in the XML variant."""
    if language == XML:
        return row.get("name", "")
    column = dict(LANGUAGES)[language]
    return normalised(row.get(f"label::{column}") or row.get("name", ""))


def header_map(framework: Framework, criteria: list[Criterion], language: str) -> HeaderMap:
    """The map of `framework`'s export in `language` (a form language's code, or `XML`)."""
    rows = survey_rows(framework, criteria)
    mapping = HeaderMap(framework, language)
    lists: dict[str, dict[str, str]] = {}
    if language != XML:
        for choice in choice_rows([]):
            lists.setdefault(choice["list_name"], {})[_label(choice, language)] = choice["name"]
    groups: list[str] = []
    for row in rows:
        type_ = row["type"]
        if type_ in ("begin_group", "begin_repeat"):
            groups.append(_label(row, language))
            continue
        if type_ in ("end_group", "end_repeat"):
            groups.pop()
            continue
        header = _label(row, language)
        full = GROUP_SEPARATOR.join([*groups, header])
        mapping.fields.setdefault(header, row["name"])
        mapping.fields.setdefault(full, row["name"])
        if full != header:
            mapping.grouped.add(full)
        if type_.startswith("select_one ") and language != XML:
            mapping.choices[row["name"]] = lists.get(type_.split()[1], {})
    return mapping


def header_maps(frameworks: list[Framework]) -> list[HeaderMap]:
    """Every labels variant of each framework's form, best candidates first."""
    maps = []
    for framework in frameworks:
        criteria = sorted(framework.criteria.all(), key=lambda c: (c.order, c.code))
        maps.extend(header_map(framework, criteria, code) for code, _column in LANGUAGES)
    return maps


@dataclass
class Match:
    """How well a map reads a table's headers."""

    mapping: HeaderMap
    fields: dict[int, str]  # column position → field name
    unmapped: list[str]
    grouped: bool


def match(mapping: HeaderMap, headers: list[str]) -> Match:
    fields, unmapped, grouped = {}, [], False
    for position, header in enumerate(headers):
        if not header.strip():
            continue
        if is_kobo_column(header):
            continue
        name = mapping.field_of(header)
        if name is None and mapping.language == XML:
            name = kobo.bare_name(header)
        if name is None:
            unmapped.append(header)
            continue
        fields[position] = name
        grouped = grouped or normalised(header) in mapping.grouped
        grouped = grouped or (mapping.language == XML and GROUP_SEPARATOR in header)
    return Match(mapping, fields, unmapped, grouped)


def best_match(maps: list[HeaderMap], headers: list[str]) -> Match | None:
    """The map that reads the most of `headers` with the facility among them; the first on a
    tie (the maps come best candidate first)."""
    found = [m for m in (match(mapping, headers) for mapping in maps) if m.fields]
    found = [m for m in found if kobo.FACILITY in m.fields.values()]
    if not found:
        return None
    return max(found, key=lambda m: (len(m.fields), -len(m.unmapped)))
