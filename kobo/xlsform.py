"""A framework as an XLSForm for KoboToolbox and ODK Collect: `survey`, `choices`, `settings`.

Field names come from `kobo.py`, which the import reads back with, so that the form and the
import cannot drift apart. Labels and hints are written in French, Arabic and English; a text
missing in Arabic or English falls back to French, as the web pages do, because an empty label
is an error for pyxform. Criteria limited to some kinds of facility are skipped with `relevant`
expressions on the facility's kind, which the form looks up in the `facilities` choice list
(its extra `kind` column becomes part of the XForm's secondary instance).
"""

from collections.abc import Callable, Iterable

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from assessments.models import Answer, Assessment, Criterion, Dimension, Framework, Need
from facilities.models import Facility

from . import submissions as kobo

# The languages of the form, as XLSForm column suffixes: "name (code)" lets Collect and Enketo
# pick the language of the device and write Arabic right to left.
LANGUAGES = (("fr", "Français (fr)"), ("ar", "العربية (ar)"), ("en", "English (en)"))
DEFAULT_LANGUAGE = LANGUAGES[0][1]

# Lists of the `choices` sheet.
SCORES = "score"
FACILITIES = "facilities"
DIMENSIONS = "dimension"
NEED_KINDS = "need_kind"
URGENCIES = "urgency"
YES_NO = "yes_no"
# The extra column of the `facilities` list that `FACILITY_KIND` reads.
KIND_COLUMN = "kind"
# A yes/no question that opens the needs repeat: without it, Enketo shows one empty need whose
# required fields block the submission of a visit that found none. The import ignores it.
# The group of the visit's own fields, before the dimensions.
VISIT_GROUP = "visit"

CRITICAL_MARK = "⚠ "
# Phones shrink photos to this many pixels on the longer side before sending them.
PHOTO_PARAMETERS = "max-pixels=1280"

SURVEY_COLUMNS = [
    "type",
    "name",
    *(f"label::{column}" for _code, column in LANGUAGES),
    *(f"hint::{column}" for _code, column in LANGUAGES),
    "required",
    "relevant",
    "calculation",
    "default",
    "appearance",
    "parameters",
    "constraint",
    *(f"constraint_message::{column}" for _code, column in LANGUAGES),
]
CHOICES_COLUMNS = [
    "list_name",
    "name",
    *(f"label::{column}" for _code, column in LANGUAGES),
    KIND_COLUMN,
]
SETTINGS_COLUMNS = [
    "form_title",
    "form_id",
    "version",
    "default_language",
    "allow_choice_duplicates",
    "style",
    "instance_name",
]

Translations = dict[str, str]


def translated(text) -> Translations:
    """A translatable text (lazy or a callable) in each language of the form, by language code."""
    texts = {}
    for code, _column in LANGUAGES:
        with translation.override(code):
            texts[code] = str(text() if callable(text) else text)
    return texts


def field_label(model, field: str) -> Translations:
    """A model field's verbose name, capitalised, in each language (its translations exist)."""
    return translated(lambda: capfirst(model._meta.get_field(field).verbose_name))


def criterion_text(criterion: Criterion, field: str) -> Translations:
    """`question` or `guidance` of a criterion per language, French where a language is empty."""
    french = getattr(criterion, f"{field}_fr") or ""
    return {code: getattr(criterion, f"{field}_{code}") or french for code, _column in LANGUAGES}


def _columns(prefix: str, texts: Translations | None) -> dict[str, str]:
    return {f"{prefix}::{column}": (texts or {}).get(code, "") for code, column in LANGUAGES}


def _row(
    type_: str,
    name: str = "",
    label: Translations | None = None,
    hint: Translations | None = None,
    constraint_message: Translations | None = None,
    **columns,
) -> dict[str, str]:
    return {
        "type": type_,
        "name": name,
        **(_columns("label", label) if label else {}),
        **(_columns("hint", hint) if hint else {}),
        **(_columns("constraint_message", constraint_message) if constraint_message else {}),
        **columns,
    }


def _xpath_string(text: str) -> str:
    """`text` as an XPath string literal, whichever quotes it holds."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


def _kinds_relevant(kinds: Iterable[str]) -> str:
    """`${facility_kind} = 'shelter' or ...`: the criterion is asked of these kinds only."""
    return " or ".join(f"${{{kobo.FACILITY_KIND}}} = '{kind}'" for kind in kinds)


def _join(*parts: Translations) -> Translations:
    return {code: "".join(part[code] for part in parts) for code, _column in LANGUAGES}


def _same(text: str) -> Translations:
    return {code: text for code, _column in LANGUAGES}


def visit_rows(framework: Framework) -> list[dict]:
    """The group of the visit: facility, its kind, assessor, date, GPS point, framework."""
    form = kobo.form_id(framework)
    return [
        _row("begin_group", VISIT_GROUP, translated(_("The visit")), appearance="field-list"),
        _row(
            f"select_one {FACILITIES}",
            kobo.FACILITY,
            field_label(Assessment, "facility"),
            translated(_("Only the facilities you may assess are listed.")),
            required="yes",
            appearance="autocomplete",
        ),
        _row(
            "calculate",
            kobo.FACILITY_KIND,
            calculation=(
                f"instance('{FACILITIES}')/root/item[name=${{{kobo.FACILITY}}}]/{KIND_COLUMN}"
            ),
        ),
        _row(
            "text",
            kobo.ASSESSOR,
            translated(_("Assessor (first name and last name)")),
            required="yes",
        ),
        _row(
            "date",
            kobo.ASSESSED_ON,
            field_label(Assessment, "assessed_on"),
            required="yes",
            default="today()",
            constraint=". <= today()",
            constraint_message=translated(_("The visit cannot be in the future.")),
        ),
        _row(
            "geopoint",
            kobo.LOCATION,
            translated(_("GPS location of the facility")),
            translated(_("Take the point at the entrance of the facility.")),
        ),
        _row("calculate", kobo.FRAMEWORK_CODE, calculation=_xpath_string(form)),
        _row("calculate", kobo.FRAMEWORK_VERSION, calculation=_xpath_string(framework.version)),
        _row("end_group", VISIT_GROUP),
    ]


def criterion_rows(criterion: Criterion) -> list[dict]:
    """A criterion's score (0–3 or not applicable), comment and, if useful, photo."""
    relevant = _kinds_relevant(criterion.facility_kinds) if criterion.facility_kinds else ""
    prefix = (CRITICAL_MARK if criterion.is_critical else "") + f"{criterion.code} — "
    code = f" ({criterion.code})"
    guidance = criterion_text(criterion, "guidance")
    rows = [
        _row(
            f"select_one {SCORES}",
            kobo.criterion_field(criterion),
            _join(_same(prefix), criterion_text(criterion, "question")),
            guidance if any(guidance.values()) else None,
            required="yes",
            relevant=relevant,
        ),
        _row(
            "text",
            kobo.comment_field(criterion),
            _join(translated(_("Comment")), _same(code)),
            relevant=relevant,
            appearance="multiline",
        ),
    ]
    if criterion.photo_useful:
        rows.append(
            _row(
                "image",
                kobo.photo_field(criterion),
                _join(translated(_("Photo")), _same(code)),
                relevant=relevant,
                parameters=PHOTO_PARAMETERS,
            )
        )
    return rows


def dimension_rows(dimension: Dimension, criteria: list[Criterion]) -> list[dict]:
    """One group per dimension holding its criteria in order; nothing for an empty dimension."""
    if not criteria:
        return []
    return [
        _row("begin_group", dimension.value, translated(lambda: dimension.label)),
        *(row for criterion in criteria for row in criterion_rows(criterion)),
        _row("end_group", dimension.value),
    ]


def needs_rows() -> list[dict]:
    """The needs found during the visit, as a repeat group opened by a yes/no question."""
    positive = translated(_("The quantity must be above zero."))
    return [
        _row(
            f"select_one {YES_NO}",
            kobo.NEEDS_FOUND,
            translated(_("Did the visit find needs to cost (work, equipment, staff, training)?")),
            required="yes",
        ),
        _row(
            "begin_repeat",
            kobo.NEEDS,
            translated(_("Need")),
            relevant=f"${{{kobo.NEEDS_FOUND}}} = 'yes'",
        ),
        _row(
            f"select_one {DIMENSIONS}",
            kobo.NEED_DIMENSION,
            field_label(Need, "dimension"),
            required="yes",
        ),
        _row(f"select_one {NEED_KINDS}", kobo.NEED_KIND, field_label(Need, "kind"), required="yes"),
        _row(
            "text",
            kobo.NEED_DESCRIPTION,
            field_label(Need, "description"),
            required="yes",
            appearance="multiline",
        ),
        _row(
            "decimal",
            kobo.NEED_QUANTITY,
            field_label(Need, "quantity"),
            required="yes",
            default="1",
            constraint=". > 0",
            constraint_message=positive,
        ),
        _row(
            "text",
            kobo.NEED_UNIT,
            field_label(Need, "unit"),
            translated(lambda: Need._meta.get_field("unit").help_text),
        ),
        _row(
            "decimal",
            kobo.NEED_UNIT_COST,
            field_label(Need, "unit_cost"),
            translated(_("In Moroccan dirhams (MAD), for one unit.")),
            required="yes",
            constraint=". >= 0",
            constraint_message=translated(_("A cost cannot be negative.")),
        ),
        _row(
            f"select_one {URGENCIES}",
            kobo.NEED_URGENCY,
            field_label(Need, "urgency"),
            required="yes",
        ),
        _row("end_repeat", kobo.NEEDS),
    ]


def survey_rows(framework: Framework, criteria: list[Criterion]) -> list[dict]:
    return [
        *visit_rows(framework),
        *(
            row
            for dimension in Dimension
            for row in dimension_rows(dimension, [c for c in criteria if c.dimension == dimension])
        ),
        *needs_rows(),
        _row(
            "text",
            kobo.SUMMARY,
            field_label(Assessment, "summary"),
            translated(_("What the scores do not say: context, good practice, urgent risks.")),
            appearance="multiline",
        ),
    ]


def _choice(list_name: str, name: str, label: Translations, kind: str = "") -> dict[str, str]:
    return {"list_name": list_name, "name": name, **_columns("label", label), KIND_COLUMN: kind}


def _choices_of(list_name: str, choices: Iterable[tuple[str, Callable | object]]) -> list[dict]:
    return [_choice(list_name, str(value), translated(label)) for value, label in choices]


def facility_choice(facility: Facility) -> dict[str, str]:
    """A facility by its code (the choice's name, which the import looks up) and its name."""
    return _choice(
        FACILITIES, facility.code, _same(f"{facility.code} — {facility.name}"), facility.kind
    )


def choice_rows(facilities: Iterable[Facility]) -> list[dict]:
    # The web form's labels of the scale, in the order of the contract's choices.
    labels = {str(value): label for value, label in Answer.Score.choices}
    labels[kobo.NOT_APPLICABLE] = _("Not applicable")
    scores = [(name, labels[name]) for name in kobo.SCORE_CHOICES]
    return [
        *_choices_of(SCORES, scores),
        *(facility_choice(facility) for facility in facilities),
        *_choices_of(DIMENSIONS, Dimension.choices),
        *_choices_of(NEED_KINDS, Need.Kind.choices),
        *_choices_of(URGENCIES, Need.Urgency.choices),
        *_choices_of(YES_NO, [("yes", _("Yes")), ("no", _("No"))]),
    ]


def settings_row(framework: Framework) -> dict[str, str]:
    return {
        "form_title": str(framework),
        "form_id": kobo.form_id(framework),
        # XLSForm versions are text; Kobo replaces this one with its own on deployment, which is
        # why `framework_version` carries ours into every submission.
        "version": str(framework.version),
        "default_language": DEFAULT_LANGUAGE,
        "allow_choice_duplicates": "no",
        "style": "pages",
        "instance_name": f"concat(${{{kobo.FACILITY}}}, ' ', ${{{kobo.ASSESSED_ON}}})",
    }


def _cell_text(value) -> str | None:
    """A cell's text without the control characters a workbook cannot hold; None when empty."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)) if value else None


def _sheet(workbook: Workbook, title: str, columns: list[str], rows: Iterable[dict]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell_text(row.get(column)) for column in columns])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            # Text only: a facility named "=…" must not become a spreadsheet formula.
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"


def build_xlsform(framework: Framework, facilities: Iterable[Facility]) -> Workbook:
    """The XLSForm of a framework, listing `facilities` (those the downloading user may assess).

    Reads the framework's criteria once; `facilities` must not be empty (a select_one needs
    choices). Raises ValueError otherwise.
    """
    facilities = list(facilities)
    if not facilities:
        raise ValueError("An XLSForm needs at least one facility to choose from.")
    criteria = list(framework.criteria.order_by("order", "code"))
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "survey", SURVEY_COLUMNS, survey_rows(framework, criteria))
    _sheet(workbook, "choices", CHOICES_COLUMNS, choice_rows(facilities))
    _sheet(workbook, "settings", SETTINGS_COLUMNS, [settings_row(framework)])
    return workbook
