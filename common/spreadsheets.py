"""The safe spreadsheet base every app's import-export resources build on.

`SpreadsheetResource` makes imports all-or-nothing with human, translatable per-row errors, and
exports safe to open in a spreadsheet program: text cells that would start a formula are
neutralised, numbers stay numbers. It belongs to no app, so every app can use it.
"""

import datetime
import functools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets

from .bulk_imports import BatchInstanceLoader, BulkImportMixin
from .import_columns import ColumnCheckMixin, ColumnError

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets
# (tab and carriage return too, by OWASP's CSV-injection advice).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_PREFIX = "'"
# Several values in one cell: "02;06". A comma is accepted too, as people type it.
LIST_SEPARATORS = re.compile(r"[;,]")
LIST_SEPARATOR = ";"


def is_hxl_row(cells: Iterable) -> bool:
    """True when a row is a row of HXL hashtags: every non-empty cell starts with "#"."""
    values = [str(cell).strip() for cell in cells if cell is not None and str(cell).strip()]
    return bool(values) and all(value.startswith("#") for value in values)


def neutralise_formula(value):
    """Prefix with a single quote a text cell that a spreadsheet program would run as a formula.

    Anything that is not text (numbers, dates, booleans, None) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return NEUTRALISING_PREFIX + value
    return value


def restore_formula(value):
    """Undo `neutralise_formula` on an imported cell, so that an exported file imports as it was."""
    if (
        isinstance(value, str)
        and value.startswith(NEUTRALISING_PREFIX)
        and value[1:].startswith(FORMULA_TRIGGERS)
    ):
        return value[1:]
    return value


def normalise_code(value, width: int | None = None) -> str:
    """Read an official code from a cell: 2, 2.0 and "2" all read "02" when the code has 2 digits.

    Spreadsheet programs turn "02" into the number 2; official codes are text with leading zeros.
    """
    text = str(value).strip()
    # 2.0 is how a spreadsheet or a float gives back the whole number 2.
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if width and text.isdigit():
        text = text.zfill(width)
    return text


def split_list(value, width: int | None = None) -> list[str]:
    """Split a cell such as "02;06" or "health, shelter" into codes, without blanks or repeats."""
    if value in (None, ""):
        return []
    if isinstance(value, int | float | Decimal):
        parts = [value]
    else:
        parts = LIST_SEPARATORS.split(str(value))
    codes = []
    for part in parts:
        code = normalise_code(part, width)
        if code and code not in codes:
            codes.append(code)
    return codes


def read_number(value) -> Decimal:
    """Read a number from a cell, with the decimal point or the French decimal comma."""
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        number = None
    # Beyond 15 digits a figure is a typing error, and a huge exponent would be slow to convert.
    if number is None or not number.is_finite() or number.adjusted() > 15:
        raise ValueError(str(_("“%(value)s” is not a number.") % {"value": value}))
    return number


class RequiredTextWidget(widgets.CharWidget):
    """Text that must not be empty, with the message to show when it is."""

    def __init__(self, message, **kwargs):
        self.message = message
        # As `CodeWidget.missing`: the column is required (common.import_columns).
        self.missing = message
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not (text or "").strip():
            raise ValueError(str(self.message))
        return text.strip()


class TableLookup:
    """The records of a table by one of their fields, read in one query at first use.

    A widget keeps one for a whole import (each import copies its resource's widgets), so that
    10,000 rows naming 12 regions cost one query, not 10,000. `field` may follow relations
    ("organisation__name").
    """

    def __init__(self, model, field: str):
        self.model = model
        self.path = field.split("__")
        self._records = None

    def __deepcopy__(self, memo):
        # A resource copies its fields for each import: the copy starts with an empty cache.
        return TableLookup(self.model, "__".join(self.path))

    @property
    def records(self) -> dict:
        if self._records is None:
            queryset = self.model._default_manager.all()
            if len(self.path) > 1:
                queryset = queryset.select_related("__".join(self.path[:-1]))
            self._records = {}
            for record in queryset:
                self._records.setdefault(functools.reduce(getattr, self.path, record), record)
        return self._records

    def get(self, key):
        return self.records.get(key)


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related record's code (or another unique text field).

    `width` zero-pads numeric codes; `unknown` is the message for a code that matches nothing,
    with `%(code)s` in it; `missing`, when given, makes the cell required.
    """

    def __init__(self, model, field="code", *, width=None, unknown, missing=None, **kwargs):
        self.width = width
        self.unknown = unknown
        self.missing = missing
        super().__init__(model, field=field, **kwargs)
        self.lookup = TableLookup(model, field)

    def clean(self, value, row=None, **kwargs):
        code = "" if value is None else normalise_code(value, self.width)
        if not code:
            if self.missing:
                raise ValueError(str(self.missing))
            return None
        record = self.lookup.get(code)
        if record is None:
            raise ValueError(self.unknown % {"code": code})
        return record


class CodeListWidget(widgets.ManyToManyWidget):
    """Many related records written as their codes separated by ";", e.g. "health;shelter".

    `unknown` is the message for codes that match nothing, with `%(codes)s` in it.
    """

    def __init__(self, model, field="code", *, width=None, unknown, **kwargs):
        self.width = width
        self.unknown = unknown
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)
        self.lookup = TableLookup(model, field)

    def clean(self, value, row=None, **kwargs):
        codes = split_list(value, self.width)
        if not codes:
            return []
        unknown = [code for code in codes if self.lookup.get(code) is None]
        if unknown:
            raise ValueError(self.unknown % {"codes": ", ".join(f"“{code}”" for code in unknown)})
        return [self.lookup.get(code) for code in codes]


class DecimalCellWidget(widgets.DecimalWidget):
    """A decimal number, exported as a number (never as text) and read with a clear error."""

    def __init__(self, **kwargs):
        kwargs["coerce_to_string"] = False
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        return read_number(value)


class IntegerCellWidget(widgets.IntegerWidget):
    """A whole number, exported as a number (never as text) and read with a clear error."""

    def __init__(self, **kwargs):
        kwargs["coerce_to_string"] = False
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        number = read_number(value)
        if number != number.to_integral_value():
            raise ValueError(str(_("“%(value)s” is not a whole number.") % {"value": value}))
        return int(number)


class BooleanCellWidget(widgets.BooleanWidget):
    """Yes or no: 1/0, true/false, yes/no, oui/non; anything else is an error, not a silent "no"."""

    TRUE_WORDS = {"1", "true", "yes", "oui", "نعم", "x"}
    FALSE_WORDS = {"0", "false", "no", "non", "لا", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        word = "" if value is None else normalise_code(value).casefold()
        if word in self.TRUE_WORDS:
            return True
        if word in self.FALSE_WORDS:
            return False
        raise ValueError(str(_("“%(value)s” is neither yes nor no.") % {"value": value}))


class DateCellWidget(widgets.DateWidget):
    """A date, read as YYYY-MM-DD or DD/MM/YYYY (as written in Morocco), never month first."""

    INPUT_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for date_format in self.INPUT_FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            str(_("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value})
        )


def clean_cell(value):
    """A cell as the import reads it: trimmed, and what an export neutralised given back."""
    return restore_formula(value.strip()) if isinstance(value, str) else value


class SpreadsheetResource(ColumnCheckMixin, BulkImportMixin, resources.ModelResource):
    """A model resource whose imports are all-or-nothing and whose exports are safe to open.

    Imports run in a transaction that is rolled back when any row is invalid, validate every
    row with the model's `full_clean()` and report errors per row and column in plain words.
    They are written in batches (`common.bulk_imports`): a few queries per 1,000 rows.
    Exports neutralise text cells that would start a formula and keep numbers as numbers.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        # An empty spreadsheet cell is None; a text column stores it as "", never NULL.
        "TextField": widgets.CharWidget,
        "DecimalField": DecimalCellWidget,
        "IntegerField": IntegerCellWidget,
        "PositiveIntegerField": IntegerCellWidget,
        "PositiveSmallIntegerField": IntegerCellWidget,
        "SmallIntegerField": IntegerCellWidget,
        "BigIntegerField": IntegerCellWidget,
        "BooleanField": BooleanCellWidget,
        "DateField": DateCellWidget,
    }

    # Column header -> its HXL 1.1 hashtag, written under the headers of every export (HDX and
    # the HXL tools read a column by its tag, whatever the language of its header).
    hxl_columns: dict[str, str] = {}

    class Meta:
        # Run the model's full_clean() on every row: its rules (coordinates in Morocco, ...)
        # apply to imports as they do to forms.
        clean_model_instances = True
        # Rows are written by batches, with one history record each (common.bulk_imports).
        use_bulk = True
        batch_size = 1000
        instance_loader_class = BatchInstanceLoader
        # Exports read the records 2,000 at a time (with their prefetched relations).
        chunk_size = 2000

    def get_use_transactions(self) -> bool:
        """Always import in a transaction: it is what makes an import all-or-nothing."""
        return True

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        """Import `dataset`; unless told otherwise, nothing is written when any row is invalid.

        Columns the resource does not know, and required ones the file lacks, are named before
        any row is read; rows are numbered as the spreadsheet shows them (the headers are row
        1, the HXL row, when there is one, row 2).
        """
        column_errors = self.column_errors(dataset.headers or [])
        if column_errors:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            for message in column_errors:
                result.append_base_error(self.get_error_result_class()(ColumnError(message)))
            return result
        self.row_offset = 1 + (1 if len(dataset) and is_hxl_row(dataset[0]) else 0)
        result = super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=rollback_on_validation_errors,
            **kwargs,
        )
        for row in [*result.invalid_rows, *result.error_rows]:
            row.number += self.row_offset
        return result

    def clean_cells(self, row: dict) -> dict:
        """Trim text cells and give back what an export neutralised ("'=x" becomes "=x")."""
        for column, value in row.items():
            row[column] = clean_cell(value)
        return row

    def before_import_row(self, row, **kwargs):
        """Read the cells as `clean_cells` says."""
        self.clean_cells(row)

    def import_instance(self, instance, row, **kwargs):
        """Read every cell, checking many-to-many cells now so their errors join the row's.

        The many-to-many values are kept on the instance for the batched write.
        """
        errors = {}
        instance._spreadsheet_relations = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if (
                isinstance(field.widget, widgets.ManyToManyWidget)
                and not field.readonly
                and field.column_name in row
            ):
                try:
                    instance._spreadsheet_relations[field.attribute] = field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        errors.update(self.columns_a_new_record_lacks(instance, row))
        if errors:
            raise ValidationError(errors)

    def hxl_tags(self, headers: list[str]) -> list[str]:
        """The HXL hashtag row written under the headers of an export: each column's tag from
        `hxl_columns` ("" for a column without one, which tests/test_hxl_exports.py refuses)."""
        return [self.hxl_columns.get(header, "") for header in headers]

    def before_import(self, dataset, **kwargs):
        """Skip the HXL hashtag row of an exported file, so that the file imports back."""
        super().before_import(dataset, **kwargs)
        if len(dataset) and is_hxl_row(dataset[0]):
            del dataset[0]

    def export_field(self, field, instance, **kwargs):
        """Export one cell; text that would start a formula is neutralised, numbers are not."""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            return value
        return neutralise_formula(value)
