"""The SQL statements behind batched imports: rows updated and history recorded per batch.

Django's `bulk_update` builds a CASE WHEN per row and field, and django-simple-history's
`bulk_history_create` builds a model instance per record (40 fields each) and sends every value
back to the database it came from. Here one `UPDATE … FROM (VALUES …)` writes a few hundred rows,
and history records are copied by the database itself (`INSERT … SELECT`) from the rows just
written, with their many-to-many rows: what the history holds is what was stored.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from simple_history.utils import get_history_manager_for_model

# Values per `IN (…)` list or statement: far below SQLite's limit of 32,766 parameters.
LOOKUP_CHUNK = 2000
# Columns of a historical record that are not a copy of the recorded row's.
HISTORY_COLUMNS = {"history_id", "history_date", "history_type", "history_change_reason"}


def chunked(values: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    """`values` in lists of at most `size`."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


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


def history_model_of(model):
    """The historical model of `model` (django-simple-history), or None if it keeps none."""
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        return None
    return get_history_manager_for_model(model).model


def m2m_history_models(history_model) -> list[tuple]:
    """(many-to-many field, its historical through model) for each field the history records."""
    return [
        (
            field,
            history_model._meta.apps.get_model(
                history_model._meta.app_label, f"{history_model.__name__}_{field.name}"
            ),
        )
        for field in getattr(history_model, "_history_m2m_fields", [])
    ]


def record_history(model, pks: list, *, history_type: str, date, user_id, using: str) -> int | None:
    """Record the stored rows `pks` of `model` in its history, with their many-to-many rows.

    One `INSERT … SELECT … RETURNING` per 2,000 rows copies the tracked columns from the table
    (with the date, type and user given), then one `INSERT … SELECT` per many-to-many field
    copies its rows onto the new records. Returns the number of records written; None when the
    history model has a column this does not know how to fill (the caller then records the
    history through django-simple-history).
    """
    history_model = history_model_of(model)
    if history_model is None or not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    connection = connections[using]
    quote = connection.ops.quote_name
    copied = {}
    user_column = None
    for field in history_model._meta.concrete_fields:
        if field.name in HISTORY_COLUMNS:
            continue
        if field.name == "history_user":
            user_column = field.column
            continue
        try:
            source = model._meta.get_field(field.name)
        except FieldDoesNotExist:  # a field of the history alone: not ours to fill
            return None
        if not getattr(source, "concrete", False) or source.column is None:
            return None
        copied[field.column] = source.column
    meta = history_model._meta
    history_pk = meta.pk.column
    stamp = {
        meta.get_field("history_date"): date,
        meta.get_field("history_type"): history_type,
        meta.get_field("history_change_reason"): None,
    }
    if user_column:
        stamp[meta.get_field("history_user")] = user_id
    columns = [*copied, *(field.column for field in stamp)]
    extra = [field.get_db_prep_save(value, connection) for field, value in stamp.items()]
    table = quote(model._meta.db_table)
    select = [f"{table}.{quote(column)}" for column in copied.values()]
    if connection.vendor == "postgresql":
        # A parameter in a SELECT list has no type of its own: give it its column's.
        select += [f"CAST(%s AS {field.db_type(connection)})" for field in stamp]
    else:
        select += ["%s"] * len(stamp)
    pk_column = f"{table}.{quote(model._meta.pk.column)}"
    records = []  # (history id, recorded row's id)
    model_pk = quote(meta.get_field(model._meta.pk.name).column)
    with connection.cursor() as cursor:
        for chunk in chunked(pks):
            # Names come from the models, quoted by the backend; values are parameters.
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
                f"SELECT {', '.join(select)} FROM {table} "
                f"WHERE {pk_column} IN ({', '.join(['%s'] * len(chunk))}) "
                f"RETURNING {quote(history_pk)}, {model_pk}",
                [*extra, *chunk],
            )
            records.extend(cursor.fetchall())
        for m2m, m2m_history in m2m_history_models(history_model):
            through = m2m.remote_field.through
            source = quote(through._meta.get_field(m2m.m2m_field_name()).column)
            through_columns = [field.column for field in through._meta.concrete_fields]
            target_columns = [
                m2m_history._meta.get_field(field.name).column
                for field in through._meta.concrete_fields
            ]
            history_link = m2m_history._meta.get_field("history").column
            for chunk in chunked(records):
                # Both sides filtered by their own index: the new records, their rows' relations.
                cursor.execute(
                    f"INSERT INTO {quote(m2m_history._meta.db_table)} "  # noqa: S608
                    f"({quote(history_link)}, {', '.join(map(quote, target_columns))}) "
                    f"SELECT h.{quote(history_pk)}, "
                    f"{', '.join(f't.{quote(column)}' for column in through_columns)} "
                    f"FROM {quote(through._meta.db_table)} t "
                    f"JOIN {quote(meta.db_table)} h ON h.{model_pk} = t.{source} "
                    f"WHERE h.{quote(history_pk)} IN ({', '.join(['%s'] * len(chunk))}) "
                    f"AND t.{source} IN ({', '.join(['%s'] * len(chunk))})",
                    [record[0] for record in chunk] + [record[1] for record in chunk],
                )
    return len(records)
