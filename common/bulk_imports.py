"""Spreadsheet imports written in batches: a 10,000-row file costs a few queries per 1,000 rows.

django-import-export's row-by-row path saves each row on its own (a savepoint, a look-up of the
existing record, one query per foreign key cell, one per uniqueness check, the save, its history,
then each many-to-many field cleared, set and recorded again: three history records per row).
`BulkImportMixin` keeps every check of that path and changes only how the database is asked:

- existing records are found for the whole file at once (`BatchInstanceLoader`), with the
  many-to-many rows the file gives read as pairs of ids (the records related are read only for
  the rows the preview shows);
- foreign keys are read from one look-up per table (the widgets in `common.spreadsheets`);
- uniqueness is checked against the values of the whole file, collected once;
- a row that changes nothing in its record is checked and counted, but not written: no new
  version, no history record;
- rows are written by batches of `batch_size` (`common.bulk_writes`): new ones with
  `bulk_create`, changed ones in one `UPDATE … FROM (VALUES …)` of the columns that changed,
  the many-to-many rows of the relations that changed replaced in bulk, and one history record
  per row (with its many-to-many snapshot) copied by the database from what was stored;
- an updated versioned record moves its version by one in the same UPDATE, as `save()` does,
  so a form opened before the import is refused (`common.concurrency`).

As before, an import in which any row is invalid writes nothing: once a row has failed, the
following batches are no longer written, and the transaction is rolled back at the end.
"""

from __future__ import annotations

import copy

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Diff

from .bulk_writes import LOOKUP_CHUNK, chunked, record_history, update_rows
from .concurrency import VersionedModel

# Rows whose changes the preview shows side by side; the others are counted, not compared.
PREVIEW_ROWS = 100


def comparable(value):
    """A record by its primary key, anything else as it is: how import ids are compared."""
    return value.pk if isinstance(value, models.Model) else value


class BatchInstanceLoader(BaseInstanceLoader):
    """Finds the existing records of a whole file in one query per 2,000 rows, not one per row.

    Rows are matched on the resource's import id fields (one or several), read from the cells as
    the import reads them (trimmed, neutralised formulas restored). Creating the loader is also
    when the resource collects what it checks per file (`start_batches`) and notes what each
    record holds, to tell which rows change it (`remember_stored`). Nothing is prefetched per
    record: the many-to-many rows are read as pairs of ids.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.instances = {}
        headers = list(dataset.headers or []) if dataset is not None else []
        resource.start_batches(dataset)
        if not headers or any(field.column_name not in headers for field in self.id_fields):
            return
        keys = {}  # in the order of the file: the preview shows its first rows
        for number, values in enumerate(dataset, 1):
            try:
                key = self.row_key(resource.clean_cells(dict(zip(headers, values, strict=False))))
            except (ValueError, ValidationError):
                continue
            if not any(part in (None, "") for part in key):
                keys.setdefault(key, number)
        queryset = resource.get_queryset().prefetch_related(None)
        for chunk in chunked(list(keys)):
            lookups = {
                f"{field.attribute}__in": {key[index] for key in chunk}
                for index, field in enumerate(self.id_fields)
            }
            for instance in queryset.filter(**lookups):
                self.instances[self.instance_key(instance)] = instance
        shown = [
            instance
            for key, instance in self.instances.items()
            if keys.get(key, PREVIEW_ROWS + 1) <= PREVIEW_ROWS
        ]
        resource.remember_stored(list(self.instances.values()), shown)

    def row_key(self, row) -> tuple:
        """The import id of a row, as comparable values."""
        return tuple(comparable(field.clean(row)) for field in self.id_fields)

    def instance_key(self, instance) -> tuple:
        """The import id of a stored record, as comparable values."""
        return tuple(comparable(field.get_value(instance)) for field in self.id_fields)

    def get_instance(self, row):
        return self.instances.get(self.row_key(row))


class RelatedRecords(list):
    """Related records in a list, read by a many-to-many widget as it reads a manager."""

    def all(self) -> list:
        return self


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
        """The values after: the many-to-many cells as the file gives them (written later)."""
        if not self.shown:
            return
        super().compare_with(resource, instance)
        relations = getattr(instance, "_spreadsheet_relations", {})
        for index, field in enumerate(resource.get_import_fields()):
            if field.attribute in relations:
                self.right[index] = field.widget.render(RelatedRecords(relations[field.attribute]))

    def as_html(self):
        return super().as_html() if self.shown else []


class BulkImportMixin:
    """The batched import path of `SpreadsheetResource` (see the module's docstring).

    `constraints_checked_in_batch` names the model's constraints that need no query per row:
    a check that `clean()` makes too, or a uniqueness the import id already guarantees. Any
    other constraint is still checked row by row, as Django does.
    """

    constraints_checked_in_batch: tuple[str, ...] = ()
    # Rows of the file above its first data row (the headers, the HXL row): a message names a
    # row as the spreadsheet numbers it. Set per import by `SpreadsheetResource.import_data`.
    row_offset = 0

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
        # What tells whether a row changes its record: not the stamps the write itself moves.
        self._compared_fields = [
            concrete[name]
            for name in self._update_fields
            if not getattr(concrete[name], "auto_now", False)
            and not (self._versioned and name == "version")
        ]
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
                    % {"row": first + self.row_offset, "value": row.get(field.column_name)}
                }
            )

    def known_relations(self, instance) -> set[str]:
        """Foreign keys holding a record read from the database: nothing to look up again.

        That is a record a widget found, or, on a stored record, a key the file does not give.
        """
        stored = not instance._state.adding
        imported = self._imported_attributes
        return {
            field.name
            for field in instance._meta.concrete_fields
            if field.is_relation
            and getattr(instance, field.attname) is not None
            and (field.is_cached(instance) or (stored and field.name not in imported))
        }

    # What a row changes

    def remember_stored(self, instances: list, shown: list) -> None:
        """Note what each stored record holds in the columns the file gives, before the rows.

        Many-to-many rows are read as pairs of ids, one query per field and 2,000 records; the
        records `shown` in the preview also get their related records (its "before" column).
        """
        compared = [field.attname for field in self._compared_fields]
        for instance in instances:
            instance._spreadsheet_stored = {name: getattr(instance, name) for name in compared}
            instance._spreadsheet_stored_relations = {}
        by_pk = {instance.pk: instance for instance in instances}
        for field in self._m2m_fields:
            through, source, target = self._through(field.attribute)
            pairs = {pk: set() for pk in by_pk}
            for chunk in chunked(list(by_pk)):
                rows = through.objects.filter(**{f"{source}_id__in": chunk})
                for owner, related in rows.values_list(f"{source}_id", target):
                    pairs[owner].add(related)
            for pk, related in pairs.items():
                by_pk[pk]._spreadsheet_stored_relations[field.attribute] = related
        shown_relations = [
            field.attribute
            for field in self.get_import_fields()
            if field.attribute and isinstance(field.widget, widgets.ManyToManyWidget)
        ]
        if shown and shown_relations:
            prefetch_related_objects(shown, *shown_relations)

    def changes(self, instance) -> set[str]:
        """Names of the fields and many-to-many relations the row changes in a stored record."""
        stored = getattr(instance, "_spreadsheet_stored", None)
        if stored is None:  # not read by the loader: count everything as changed
            return {field.name for field in self._compared_fields} | {
                field.attribute for field in self._m2m_fields
            }
        changed = {
            field.name
            for field in self._compared_fields
            if getattr(instance, field.attname) != stored[field.attname]
        }
        relations = getattr(instance, "_spreadsheet_relations", {})
        for name, related in relations.items():
            if {record.pk for record in related} != instance._spreadsheet_stored_relations.get(
                name
            ):
                changed.add(name)
        return changed

    def save_instance(self, instance, is_create, row, **kwargs):
        """Queue the record for its batch, unless the row changes nothing in it.

        Such a row is still checked and counted as an update (the record holds what the file
        says), but nothing is written: no new version, no history record.
        """
        if not is_create:
            instance._spreadsheet_changes = self.changes(instance)
            if not instance._spreadsheet_changes:
                return
        super().save_instance(instance, is_create, row, **kwargs)

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
                    % {"row": first + self.row_offset, "value": value}
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
                self._write_history(instances, update=False)
        except Exception as error:  # noqa: BLE001 (reported as the import's error, as the library does)
            self.handle_import_error(result, error, raise_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Update a batch of changed records (their version moved by one), relations and history.

        Only the columns some row of the batch changes are written (with the stamps the write
        moves: `auto_now` fields and the version), and only the relations a row changes.
        """
        instances, self.update_instances = self.update_instances, []
        if not instances or (dry_run and not using_transactions) or self.writes_stopped(result):
            return
        model = self._meta.model
        now = timezone.now()
        auto_now = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        for instance in instances:
            for field in auto_now:
                setattr(instance, field.attname, now)
        changed = set().union(*(instance._spreadsheet_changes for instance in instances))
        compared = {field.name for field in self._compared_fields}
        fields = [name for name in self._update_fields if name in changed or name not in compared]
        try:
            with transaction.atomic(using=self.get_db_connection_name()):
                update_rows(model, instances, fields, self.get_db_connection_name())
                self._write_relations(instances, created=False)
                self._write_history(instances, update=True)
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
        """Replace the many-to-many rows of the relations the file gives and changes."""
        for field in self._m2m_fields:
            name = field.attribute
            owners = [
                instance
                for instance in instances
                if created or name in instance._spreadsheet_changes
            ]
            through, source, target = self._through(name)
            if not created:
                for chunk in chunked([instance.pk for instance in owners]):
                    through.objects.filter(**{f"{source}_id__in": chunk}).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": instance.pk, target: related.pk})
                    for instance in owners
                    for related in instance._spreadsheet_relations.get(name, [])
                ],
                batch_size=LOOKUP_CHUNK,
            )

    def _write_history(self, instances: list, update: bool) -> None:
        """One history record per row, copied from what was stored, with its relations."""
        model = self._meta.model
        written = record_history(
            model,
            [instance.pk for instance in instances],
            history_type="~" if update else "+",
            date=timezone.now(),
            user_id=self._import_user.pk if self._import_user else None,
            using=self.get_db_connection_name(),
        )
        if written is None:
            raise ImproperlyConfigured(
                f"The history of {model.__name__} has columns a batched import cannot fill."
            )
