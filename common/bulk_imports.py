"""Spreadsheet imports written in batches: a 10,000-row file costs a few queries per 1,000 rows.

django-import-export's row-by-row path saves each row on its own (a savepoint, a look-up of the
existing record, one query per foreign key cell, one per uniqueness check, the save, its history,
then each many-to-many field cleared, set and recorded again: three history records per row).
`BulkImportMixin` keeps every check of that path and changes only how the database is asked:

- existing records are found for the whole file at once (`BatchInstanceLoader`);
- foreign keys are read from one look-up per table (the widgets in `common.spreadsheets`);
- uniqueness is checked against the values of the whole file, collected once;
- rows are written with `bulk_create`/`bulk_update`, their many-to-many rows in bulk, and one
  history record per row (with its many-to-many snapshot), by batches of `batch_size`;
- an updated versioned record moves its version by one in the same UPDATE, as `save()` does,
  so a form opened before the import is refused (`common.concurrency`).

As before, an import in which any row is invalid writes nothing: once a row has failed, the
following batches are no longer written, and the transaction is rolled back at the end.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Diff
from simple_history.utils import get_history_manager_for_model

from .concurrency import VersionedModel

# Values per `__in` query: far below SQLite's limit of 32,766 parameters.
LOOKUP_CHUNK = 2000
# Rows whose changes the preview shows side by side; the others are counted, not compared.
PREVIEW_ROWS = 100


def chunked(values: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    """`values` in lists of at most `size`."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def comparable(value):
    """A record by its primary key, anything else as it is: how import ids are compared."""
    return value.pk if isinstance(value, models.Model) else value


def update_rows(model, instances: list, field_names: list[str], using: str) -> None:
    """Write `field_names` of `instances` in one UPDATE … FROM (VALUES …) per few hundred rows.

    Django's `bulk_update` builds a CASE WHEN per row and field: 20 s for 500 facilities of
    30 columns, where this takes a few milliseconds. A `version` field moves by one in the same
    statement (as `VersionedModel.save()` moves it) and is read back with RETURNING.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    table = quote(model._meta.db_table)
    pk = model._meta.pk
    versioned = "version" in field_names
    fields = [model._meta.get_field(name) for name in field_names if name != "version"]
    columns = [pk, *fields]
    if postgres:
        names = [f"c{index}" for index in range(len(columns))]
        placeholders = (
            "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in columns) + ")"
        )
    else:
        names = [f"column{index + 1}" for index in range(len(columns))]
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    alias = f"v({', '.join(names)})" if postgres else "v"
    assignments = [
        f"{quote(f.column)} = v.{name}" for f, name in zip(fields, names[1:], strict=True)
    ]
    if versioned:
        assignments.append(f"{quote('version')} = {table}.{quote('version')} + 1")
    rows_per_statement = max(1, 30000 // len(columns))
    for chunk in chunked(instances, rows_per_statement):
        params = [
            field.get_db_prep_save(getattr(instance, field.attname), connection)
            for instance in chunk
            for field in columns
        ]
        # Table and column names come from the model, quoted by the backend; values are parameters.
        sql = (
            f"UPDATE {table} SET {', '.join(assignments)} "  # noqa: S608
            f"FROM (VALUES {', '.join([placeholders] * len(chunk))}) AS {alias} "
            f"WHERE {table}.{quote(pk.column)} = v.{names[0]}"
        )
        if versioned:
            sql += f" RETURNING {table}.{quote(pk.column)}, {table}.{quote('version')}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            versions = dict(cursor.fetchall()) if versioned else {}
        for instance in chunk:
            if versioned:
                instance.version = versions[instance.pk]


class BatchInstanceLoader(BaseInstanceLoader):
    """Finds the existing records of a whole file in one query per 2,000 rows, not one per row.

    Rows are matched on the resource's import id fields (one or several), read from the cells as
    the import reads them (trimmed, neutralised formulas restored). Creating the loader is also
    when the resource collects what it checks per file (`start_batches`).
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.instances = {}
        headers = list(dataset.headers or []) if dataset is not None else []
        resource.start_batches(dataset)
        if not headers or any(field.column_name not in headers for field in self.id_fields):
            return
        keys = set()
        for values in dataset:
            try:
                key = self.row_key(resource.clean_cells(dict(zip(headers, values, strict=False))))
            except (ValueError, ValidationError):
                continue
            if not any(part in (None, "") for part in key):
                keys.add(key)
        queryset = resource.get_queryset()
        for chunk in chunked(list(keys)):
            lookups = {
                f"{field.attribute}__in": {key[index] for key in chunk}
                for index, field in enumerate(self.id_fields)
            }
            for instance in queryset.filter(**lookups):
                self.instances[self.instance_key(instance)] = instance

    def row_key(self, row) -> tuple:
        """The import id of a row, as comparable values."""
        return tuple(comparable(field.clean(row)) for field in self.id_fields)

    def instance_key(self, instance) -> tuple:
        """The import id of a stored record, as comparable values."""
        return tuple(comparable(field.get_value(instance)) for field in self.id_fields)

    def get_instance(self, row):
        return self.instances.get(self.row_key(row))


class PreviewDiff(Diff):
    """The before/after of a row for the preview, for its first `PREVIEW_ROWS` rows only.

    The values before are read from the record itself, before the row is applied: the copy the
    library makes of it has lost its prefetched services and groups, and would read them again.
    """

    def __init__(self, resource, original, new):
        self.shown = (resource._row_number or 0) <= PREVIEW_ROWS
        self.left = self._read_field_values(resource, resource._current) if self.shown else []
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        if self.shown:
            super().compare_with(resource, instance)

    def as_html(self):
        return super().as_html() if self.shown else []


class BulkImportMixin:
    """The batched import path of `SpreadsheetResource` (see the module's docstring).

    `constraints_checked_in_batch` names the model's constraints that need no query per row:
    a check that `clean()` makes too, or a uniqueness the import id already guarantees. Any
    other constraint is still checked row by row, as Django does.
    """

    constraints_checked_in_batch: tuple[str, ...] = ()

    # Set up per file by start_batches(); None until an import starts.
    _columns: set[str] | None = None

    def start_batches(self, dataset) -> None:
        """Collect, once per file, what the per-row checks and the batched writes need."""
        model = self._meta.model
        self._columns = set(dataset.headers or []) if dataset is not None else set()
        self._import_user = None
        self._row_number = None
        self._rows_by_key: dict[tuple, int] = {}
        self._unique_seen: dict[str, dict] = {}
        self._unique_taken: dict[str, dict] = {}
        id_names = {self.fields[name].attribute for name in self.get_import_id_fields()}
        imported = {
            field.attribute: field
            for field in self.get_import_fields()
            if field.attribute and not field.readonly and field.column_name in self._columns
        }
        self._imported_attributes = imported
        concrete = {field.name: field for field in model._meta.concrete_fields}
        self._update_fields = [
            name
            for name in imported
            if name in concrete and not concrete[name].primary_key and name not in id_names
        ]
        self._update_fields += [
            field.name
            for field in model._meta.concrete_fields
            if getattr(field, "auto_now", False) and field.name not in self._update_fields
        ]
        self._versioned = issubclass(model, VersionedModel)
        if self._versioned and "version" not in self._update_fields:
            self._update_fields.append("version")
        self._m2m_fields = [
            field
            for attribute, field in imported.items()
            if isinstance(field.widget, widgets.ManyToManyWidget)
        ]
        # Plain unique fields other than the import id: checked against the file and the table.
        self._unique_fields = [
            name
            for name in imported
            if name in concrete
            and concrete[name].unique
            and not concrete[name].primary_key
            and not concrete[name].is_relation
            and name not in id_names
        ]
        for name in self._unique_fields:
            column = imported[name].column_name
            values = {
                self.clean_cells({column: row[column]})[column] for row in dataset.dict if row
            } - {None, ""}
            taken = {}
            for chunk in chunked(sorted(values, key=str)):
                taken.update(
                    model._default_manager.filter(**{f"{name}__in": chunk}).values_list(name, "pk")
                )
            self._unique_taken[name] = taken
            self._unique_seen[name] = {}
        self._constraints_per_row = [
            constraint
            for constraint in model._meta.constraints
            if constraint.name not in self.constraints_checked_in_batch
        ]
        self._uniques_per_row = bool(model._meta.unique_together) or any(
            field.unique and field.is_relation and field.name not in id_names
            for field in concrete.values()
        )

    def import_row(self, row, instance_loader, **kwargs):
        """Remember the row's number and the importing user for the checks and the history.

        Only the rows the preview shows are compared before and after: for the others the
        library's copy of the record (a deep copy, its related records and prefetched querysets
        with it, milliseconds a row) is not made.
        """
        self._row_number = kwargs.get("row_number")
        self._import_user = kwargs.get("user")
        if "_meta" not in self.__dict__:
            # The options are the class's: this import changes its own copy only.
            self._meta = copy.copy(type(self)._meta)
        self._meta.skip_diff = type(self)._meta.skip_diff or (self._row_number or 0) > PREVIEW_ROWS
        return super().import_row(row, instance_loader, **kwargs)

    def get_diff_class(self):
        return PreviewDiff

    def after_init_instance(self, instance, new, row, **kwargs):
        """Refuse a second row with the import id of an earlier one: which of them should win?"""
        super().after_init_instance(instance, new, row, **kwargs)
        self._current = instance
        id_fields = [self.fields[name] for name in self.get_import_id_fields()]
        if not id_fields or any(field.column_name not in row for field in id_fields):
            return
        try:
            key = tuple(comparable(field.clean(row)) for field in id_fields)
        except (ValueError, ValidationError):
            return
        if any(part in (None, "") for part in key):
            return
        first = self._rows_by_key.setdefault(key, self._row_number)
        if first != self._row_number:
            field = id_fields[0]
            raise ValidationError(
                {
                    field.attribute: _(
                        "Row %(row)s of this file already has “%(value)s”: keep one row per record."
                    )
                    % {"row": first, "value": row.get(field.column_name)}
                }
            )

    def known_relations(self, instance) -> set[str]:
        """Foreign keys holding a record read from the database: nothing to look up again."""
        return {
            field.name
            for field in instance._meta.concrete_fields
            if field.is_relation
            and getattr(instance, field.attname) is not None
            and field.is_cached(instance)
        }

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The checks of `full_clean()`, with uniqueness checked against the whole file at once."""
        errors = dict(import_validation_errors or {})
        if not self._meta.clean_model_instances:
            if errors:
                raise ValidationError(errors)
            return
        exclude = set(errors) | self.known_relations(instance)
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in self._unique_fields:
            value = getattr(instance, name)
            if name in errors or value in (None, ""):
                continue
            owner = self._unique_taken[name].get(value)
            first = self._unique_seen[name].setdefault(value, self._row_number)
            if owner is not None and owner != instance.pk:
                errors[name] = [instance.unique_error_message(type(instance), (name,))]
            elif first != self._row_number:
                errors[name] = [
                    _("Row %(row)s of this file already has “%(value)s”.")
                    % {"row": first, "value": value}
                ]
        exclude |= set(errors)
        if self._uniques_per_row:
            try:
                instance.validate_unique(exclude=exclude | set(self._unique_fields))
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        for constraint in self._constraints_per_row:
            try:
                constraint.validate(type(instance), instance, exclude=exclude)
            except ValidationError as error:
                errors.setdefault(NON_FIELD_ERRORS, []).append(error)
        if errors:
            raise ValidationError(errors)

    # The batched writes

    def before_bulk_create(self, instances: list) -> None:
        """What `save()` would fill in on a new record (a code, a slug): override per model."""

    def writes_stopped(self, result) -> bool:
        """Once a row has failed nothing will be kept, so the next batches are not written."""
        return result is not None and (result.has_errors() or result.has_validation_errors())

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Insert a batch of new records, their many-to-many rows and one history record each."""
        instances, self.create_instances = self.create_instances, []
        if not instances or (dry_run and not using_transactions) or self.writes_stopped(result):
            return
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                self.before_bulk_create(instances)
                self._meta.model._default_manager.bulk_create(instances, batch_size=batch_size)
                self._write_relations(instances, created=True)
                self._write_history(instances, update=False, batch_size=batch_size)
        except Exception as error:  # noqa: BLE001 (reported as the import's error, as the library does)
            self.handle_import_error(result, error, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Update a batch of records (their version moved by one), relations and history."""
        instances, self.update_instances = self.update_instances, []
        if not instances or (dry_run and not using_transactions) or self.writes_stopped(result):
            return
        model = self._meta.model
        now = timezone.now()
        auto_now = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        for instance in instances:
            for field in auto_now:
                setattr(instance, field.attname, now)
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                update_rows(model, instances, self._update_fields, self.get_db_connection_name())
                self._write_relations(instances, created=False)
                self._write_history(instances, update=True, batch_size=batch_size)
        except Exception as error:  # noqa: BLE001 (reported as the import's error, as the library does)
            self.handle_import_error(result, error, raise_errors)

    def _through(self, name: str):
        """The through model of a many-to-many field and its two foreign key columns."""
        m2m = self._meta.model._meta.get_field(name)
        return (
            m2m.remote_field.through,
            m2m.m2m_field_name(),
            f"{m2m.m2m_reverse_field_name()}_id",
        )

    def _write_relations(self, instances: list, created: bool) -> None:
        """Replace the many-to-many rows the file gives, and keep every row for the history."""
        pks = [instance.pk for instance in instances]
        for instance in instances:
            instance._spreadsheet_through = {}
        written = {field.attribute for field in self._m2m_fields}
        for name in written:
            through, source, target = self._through(name)
            if not created:
                for chunk in chunked(pks):
                    through.objects.filter(**{f"{source}_id__in": chunk}).delete()
            rows = [
                through(**{f"{source}_id": instance.pk, target: related.pk})
                for instance in instances
                for related in instance._spreadsheet_relations.get(name, [])
            ]
            through.objects.bulk_create(rows, batch_size=LOOKUP_CHUNK)
            self._attach_through(instances, name, rows, source)
        # A history record also holds the relations the file did not give: read them once.
        for name in self._history_m2m_names():
            if name in written:
                continue
            through, source, _target = self._through(name)
            rows = []
            if not created:
                for chunk in chunked(pks):
                    rows.extend(through.objects.filter(**{f"{source}_id__in": chunk}))
            self._attach_through(instances, name, rows, source)

    @staticmethod
    def _attach_through(instances: list, name: str, rows: Iterable, source: str) -> None:
        by_owner = {}
        for row in rows:
            by_owner.setdefault(getattr(row, f"{source}_id"), []).append(row)
        for instance in instances:
            instance._spreadsheet_through[name] = by_owner.get(instance.pk, [])

    def _history_m2m_names(self) -> list[str]:
        model = self._meta.model
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            return []
        history_model = get_history_manager_for_model(model).model
        return [field.name for field in getattr(history_model, "_history_m2m_fields", [])]

    def _write_history(self, instances: list, update: bool, batch_size=None) -> None:
        """One history record per row, with the snapshot of its many-to-many rows."""
        model = self._meta.model
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            return
        manager = get_history_manager_for_model(model)
        records = manager.bulk_history_create(
            instances,
            batch_size=batch_size,
            update=update,
            default_user=self._import_user,
            default_change_reason=None,
        )
        history_model = manager.model
        for name in self._history_m2m_names():
            m2m_history = history_model._meta.apps.get_model(
                history_model._meta.app_label, f"{history_model.__name__}_{name}"
            )
            through_fields = self._through(name)[0]._meta.concrete_fields
            m2m_history.objects.bulk_create(
                [
                    m2m_history(
                        history=record,
                        **{field.attname: getattr(row, field.attname) for field in through_fields},
                    )
                    for instance, record in zip(instances, records, strict=True)
                    for row in instance._spreadsheet_through.get(name, [])
                ],
                batch_size=LOOKUP_CHUNK,
            )
