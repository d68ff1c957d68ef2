"""The columns of an imported file, checked before any of its rows.

A file with a misspelt column ("nmae") used to be read as a file without the column: each row
was then refused with "name: this field cannot be empty". `ColumnCheckMixin` names the unknown
columns and the missing required ones first, with the list of the columns the import reads.
A required column is one of the record's id (unless the resource fills it in, as facilities do
their codes) or one whose cells may not be empty (its widget has a `missing` message); a file
that gives its records' ids may leave the latter out to update some columns only, and a new
record in it is told the column it lacks (`SpreadsheetResource.import_instance`).
"""

import functools

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ColumnError(ValueError):
    """A file's columns are not those of the import; the message names the column."""


class ColumnCheckMixin:
    """The column checks of `common.spreadsheets.SpreadsheetResource`."""

    # Columns of the import id that a file may leave out all the same (the resource fills
    # them in, as facilities do their codes).
    optional_columns: tuple[str, ...] = ()

    def id_columns(self) -> list[str]:
        """The columns that identify a record: a file that has them may update some columns
        only. The library's default id (the primary key) is optional, as the library has it."""
        names = self.get_import_id_fields()
        if list(names) == ["id"]:
            return []
        columns = [self.fields[name].column_name for name in names]
        return [column for column in columns if column not in self.optional_columns]

    @functools.cached_property
    def fields_by_column(self) -> dict:
        """The imported fields by their column's name."""
        return {field.column_name: field for field in self.get_import_fields()}

    @functools.cached_property
    def required_cell_columns(self) -> list[str]:
        """The columns of cells that may not be empty: a new record needs them."""
        return [
            column
            for column, field in self.fields_by_column.items()
            if getattr(field.widget, "missing", None)
        ]

    def required_columns(self, headers) -> list[str]:
        """The columns this file must have: its records' ids and, when the file does not
        identify them (every row is then a new record), the cells that may not be empty."""
        id_columns = [self.fields[name].column_name for name in self.get_import_id_fields()]
        identified = all(column in headers for column in id_columns)
        required = self.id_columns()
        if not identified:
            required += self.required_cell_columns
        return list(dict.fromkeys(required))

    def column_errors(self, headers: list) -> list[str]:
        """Each unknown column and each missing required column of the file, named."""
        known = {field.column_name for field in self.fields.values()}
        present = {str(header).strip() for header in headers if header not in (None, "")}
        errors = [
            _("Unknown column: “%(column)s”.") % {"column": header}
            for header in sorted(present - known)
        ]
        errors += [
            _("Missing column: “%(column)s”.") % {"column": column}
            for column in self.required_columns(present)
            if column not in present
        ]
        if errors:
            errors.append(
                _("The columns this import reads: %(columns)s.")
                % {"columns": ", ".join(field.column_name for field in self.get_import_fields())}
            )
        return errors

    def columns_a_new_record_lacks(self, instance, row) -> dict:
        """For a row that is a new record: a `ValidationError` per required column the file
        lacks (a file that identifies its records may leave columns out to update some only)."""
        if not instance._state.adding:
            return {}
        return {
            self.fields_by_column[column].attribute: ValidationError(
                _("The file has no “%(column)s” column, which a new record needs.")
                % {"column": column},
                code="required",
            )
            for column in self.required_cell_columns
            if column not in row
        }
