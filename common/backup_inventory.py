"""What a backup must bring back: every table's row count and content checksum, every file's hash.

One function computes them, for the manifest when a backup is made and again on the restored
database, so the two sides are compared like with like. It reads the database through a plain
DB-API connection (Django's, psycopg's or sqlite3's), because a backup checksums its own
snapshot and the restore drill checksums databases Django is not connected to.

A table's checksum is SHA-256 over its column names and then its rows ordered by primary key
(all columns when it has none), each row the repr() of its values rendered as text by the
database itself (SQLite's quote() literals; PostgreSQL's text output under fixed session
settings), so that the driver's adapters (Django registers its own) make no difference. Any
changed, added or lost row changes it. It covers every table in the database, including those
no model declares (django_migrations). Checksums compare two databases of the same vendor,
which is all a restore needs.
"""

import hashlib
from collections.abc import Iterator

from django.core.files.storage import Storage

READ_SIZE = 1024 * 1024
# PostgreSQL's text output of dates, numbers and bytes depends on these session settings.
FIXED_OUTPUT = (
    "TimeZone TO 'UTC'",
    "DateStyle TO 'ISO, YMD'",
    "IntervalStyle TO 'postgres'",
    "extra_float_digits TO 3",
    "bytea_output TO 'hex'",
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(raw, vendor: str) -> dict[str, tuple[list[str], list[str]]]:
    """{table: (columns, primary key columns)} of every table of the connection's schema."""
    cursor = raw.cursor()
    tables = {}
    if vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname, a.attname, a.attnum, "
            "  coalesce(a.attnum = ANY(i.indkey), false) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
            "ORDER BY c.relname, a.attnum"
        )
        for table, column, _number, in_key in cursor.fetchall():
            columns, key = tables.setdefault(table, ([], []))
            columns.append(column)
            if in_key:
                key.append(column)
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
        for (table,) in cursor.fetchall():
            info = raw.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
            columns = [row[1] for row in info]
            key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
            tables[table] = (columns, key)
    cursor.close()
    return tables


def _value(value) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    return repr(value)


def table_checksums(raw, vendor: str) -> dict[str, dict]:
    """{table: {"rows": count, "sha256": hex}} of every table, read through `raw`.

    On PostgreSQL the rows come through a server-side cursor (psycopg's named cursor), so a
    large table is not loaded whole into memory; it needs an open transaction, which the
    caller holds (the backup's snapshot, or the verification's).
    """
    result = {}
    if vendor == "postgresql":
        setup = raw.cursor()
        for setting in FIXED_OUTPUT:
            setup.execute(f"SET LOCAL {setting}")
        setup.close()
    for table, (columns, key) in sorted(_tables(raw, vendor).items()):
        order = ", ".join(_quote(column) for column in (key or columns))
        if vendor == "sqlite":
            # quote(): SQLite's own literal for each value, whatever converters the connection
            # registered (Django's turns dates into datetimes, a plain sqlite3 one does not).
            select = ", ".join(f"quote({_quote(column)})" for column in columns)
        else:
            # As text, in a fixed output format: the same whichever driver adapters the
            # connection has (Django's loads JSON and time zones its own way).
            select = ", ".join(f"{_quote(column)}::text" for column in columns)
        sql = f"SELECT {select} FROM {_quote(table)} ORDER BY {order}"  # noqa: S608
        digest = hashlib.sha256(repr(columns).encode())
        count = 0
        cursor = (
            raw.cursor(name=f"manara_checksum_{len(result)}")
            if vendor == "postgresql"
            else raw.cursor()
        )
        cursor.execute(sql)
        while rows := cursor.fetchmany(2000):
            for row in rows:
                digest.update(("(" + ", ".join(_value(value) for value in row) + ")\n").encode())
            count += len(rows)
        cursor.close()
        result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, walked with listdir (local disk and object storage)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def file_sha256(fileobj) -> str:
    digest = hashlib.sha256()
    while block := fileobj.read(READ_SIZE):
        digest.update(block)
    return digest.hexdigest()


def file_hashes(storage: Storage) -> dict[str, dict]:
    """{name: {"size": bytes, "sha256": hex}} of every file in the storage."""
    result = {}
    for name in stored_names(storage):
        with storage.open(name, "rb") as stored:
            digest = hashlib.sha256()
            size = 0
            while block := stored.read(READ_SIZE):
                digest.update(block)
                size += len(block)
        result[name] = {"size": size, "sha256": digest.hexdigest()}
    return result


def differences(expected: dict[str, dict], found: dict[str, dict], kind: str) -> list[str]:
    """Sentences naming each table or file that is missing, extra or different."""
    lines = []
    for name in sorted(expected.keys() | found.keys()):
        if name not in found:
            lines.append(f"{kind} {name} is missing")
        elif name not in expected:
            lines.append(f"{kind} {name} is not in the backup")
        elif expected[name] != found[name]:
            lines.append(f"{kind} {name} differs: expected {expected[name]}, found {found[name]}")
    return lines
