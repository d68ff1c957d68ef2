"""Every variant of Kobo's export of a Manara form, built as KoboToolbox's formpack builds it.

formpack (KoboToolbox's export library) is not on the package index, so its documented output is
reproduced here column for column, from its source (`formpack/schema/fields.py`,
`formpack/reporting/export.py`):

- the form's structure is read from the XLSForm Manara generates (`build_xlsform`), as formpack
  reads the deployed form: its `survey` rows, their `label::<language>` columns and the
  `choices` sheet, not from Manara's import code;
- headers: the field's name (`lang=_xml`) or its label in the language, which is the XLSForm
  column's language name ("Français (fr)"); a field without a label (a calculate) is headed by
  its name; with `hierarchy_in_labels` the groups' names or labels come first, joined by `/`;
- a geopoint gives its column and four `_<label>_<part>` columns (with the groups, the part
  columns only have the groups in front, formpack's `FormGPSField.get_labels`);
- a select_one answer is its choice's label in the language (its name with `_xml`);
- Kobo's own columns (`_id`, `_uuid`, … `meta/rootUuid`, `_index`) keep their names in every
  variant (formpack's `CopyField`);
- XLSX: one sheet per section (the repeat of needs on its own sheet); CSV (`to_csv`): the main
  section only, every cell in `"` with `"` doubled, `;` by default, lines ending in CRLF, UTF-8.
- the needs as a CSV of their own (`variant_csv_files`): the XLSX's needs sheet, its columns and
  values exactly, written as formpack writes a CSV; `csv_zip` puts such files in a ZIP archive.
"""

import io
import zipfile

from openpyxl import Workbook

from kobo.xlsform import LANGUAGES, build_xlsform
from kobo.xlsx import kobo_sheet_name

from .kobo_files import (
    GEOPOINT_PARTS,
    KOBO_VERSION,
    MAIN_SYSTEM_COLUMNS,
    NEEDS_SYSTEM_COLUMNS,
    _main_values,
)

XML = "_xml"
EXPORT_LANGUAGES = dict(LANGUAGES)


def _form(framework, facilities):
    """(survey rows, choices by list) of the XLSForm Manara generates, as dicts of its cells."""
    workbook = build_xlsform(framework, facilities)

    def records(title):
        rows = list(workbook[title].iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]

    choices: dict[str, dict[str, dict]] = {}
    for choice in records("choices"):
        choices.setdefault(choice["list_name"], {})[choice["name"]] = choice
    return records("survey"), choices


def _label(row: dict, language: str) -> str:
    if language == XML:
        return row["name"]
    return row.get(f"label::{EXPORT_LANGUAGES[language]}") or row["name"]


def _sections(survey, language: str, grouped: bool):
    """{section: [(headers, name, type, list_name)]}: the main section "" and the repeat."""
    sections: dict[str, list] = {"": []}
    path: list[tuple[str, str]] = []  # (group label, repeat name or "")
    for row in survey:
        type_ = row["type"] or ""
        if type_ in ("begin_group", "begin_repeat"):
            path.append((_label(row, language), row["name"] if type_ == "begin_repeat" else ""))
            if type_ == "begin_repeat":
                sections[row["name"]] = []
            continue
        if type_ in ("end_group", "end_repeat"):
            path.pop()
            continue
        section = next((repeat for _label_, repeat in reversed(path) if repeat), "")
        prefix = "/".join(label for label, _repeat in path)
        label = _label(row, language)
        headers = [f"{prefix}/{label}" if grouped and prefix else label]
        if type_ == "geopoint":
            part_prefix = f"{prefix}/" if grouped and prefix else ""
            headers = [label] + [f"{part_prefix}_{label}_{part}" for part in GEOPOINT_PARTS]
        list_name = type_.split()[1] if type_.startswith("select_one ") else ""
        sections[section].append((headers, row["name"], type_, list_name))
    return sections


def _rows(fields, system_columns, records, choices, language):
    header = [h for headers, *_rest in fields for h in headers] + list(system_columns)
    rows = []
    for values in records:
        cells = []
        for _headers, name, type_, list_name in fields:
            value = values.get(name, "")
            if list_name and language != XML and value:
                choice = choices[list_name].get(str(value))
                if choice:
                    value = _label(choice, language)
            cells.append(value)
            if type_ == "geopoint":
                cells.extend(values.get(f"_{name}_{part}", "") for part in GEOPOINT_PARTS)
        cells.extend(values.get(column, "") for column in system_columns)
        rows.append(["" if cell is None else cell for cell in cells])
    return header, rows


def _csv(header, rows, sep: str, bom: bool) -> bytes:
    def line(cells):
        return '"' + f'"{sep}"'.join(str(c).replace('"', '""') for c in cells) + '"'

    text = "\r\n".join(line(cells) for cells in [header, *rows]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _tables(framework, facilities, submissions, needs, language, grouped):
    """(title, main (header, rows), needs (header, rows)) of the export in `language`."""
    survey, choices = _form(framework, facilities)
    sections = _sections(survey, language, grouped)
    title = kobo_sheet_name(str(framework))
    parents = {need.get("submission") for need in needs}
    main_records = [
        _main_values(framework, position, values, position in parents)
        for position, values in enumerate(submissions)
    ]
    need_records = []
    for position, need in enumerate(needs):
        parent = main_records[need["submission"]]
        need_records.append(
            {
                "_index": position + 1,
                "_parent_table_name": title,
                "_parent_index": parent["_index"],
                "_submission__id": parent["_id"],
                "_submission__uuid": parent["_uuid"],
                "_submission__submission_time": parent["_submission_time"],
                "_submission__status": parent["_status"],
                "_submission___version__": KOBO_VERSION,
                "_submission_meta/rootUuid": parent["meta/rootUuid"],
                **{key: value for key, value in need.items() if key != "submission"},
            }
        )
    main = _rows(sections[""], MAIN_SYSTEM_COLUMNS, main_records, choices, language)
    needs_sheet = _rows(sections["needs"], NEEDS_SYSTEM_COLUMNS, need_records, choices, language)
    return title, main, needs_sheet


def variant_export(
    framework,
    facilities,
    submissions: list[dict],
    needs: list[dict] | None = None,
    language: str = XML,
    grouped: bool = False,
    file_format: str = "xlsx",
    sep: str = ";",
    bom: bool = False,
) -> bytes:
    """Kobo's export of `submissions` (XML values by field name, as `kobo_files.submission`
    makes them) and their `needs` (`kobo_files.need`), in the variant asked for."""
    title, main, needs_sheet = _tables(
        framework, facilities, submissions, needs or [], language, grouped
    )
    if file_format == "csv":
        return _csv(*main, sep, bom)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_title, (header, rows) in ((title, main), (kobo_sheet_name("needs"), needs_sheet)):
        sheet = workbook.create_sheet(sheet_title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def variant_csv_files(
    framework,
    facilities,
    submissions: list[dict],
    needs: list[dict],
    language: str = XML,
    grouped: bool = False,
    sep: str = ";",
    bom: bool = False,
) -> dict[str, bytes]:
    """The submissions' CSV and the needs' CSV, by file name (the form's title, "needs")."""
    title, main, needs_sheet = _tables(framework, facilities, submissions, needs, language, grouped)
    return {f"{title}.csv": _csv(*main, sep, bom), "needs.csv": _csv(*needs_sheet, sep, bom)}


def csv_zip(files: dict[str, bytes]) -> bytes:
    """A ZIP archive of the files, as an archive program makes one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
