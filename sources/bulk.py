"""Bulk inserts of many rows (the scoring bridge's results, an import's new articles): rows as tuples in, the
fastest insert each database offers out, the same stored values either way.

On PostgreSQL the rows go in by COPY (an upsert: COPY into a temporary table, then one INSERT ... ON CONFLICT from
it); elsewhere through bulk_create. At 10k articles bulk_create spent most of the scoring bridge's saving building
120k model instances and their SQL; COPY reads the tuples as they are.

A field the rows leave out gets what bulk_create gives it: its default, or the current time for auto_now and
auto_now_add. Values are given as the database stores them (ids, not instances: `article_id`), except JSON
fields, which take the Python value and are dumped as Django dumps them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models import JSONField, Model
from django.utils import timezone


def insert(model: type[Model], fields: Sequence[str], rows: Iterable[tuple], *, unique: Sequence[str] = (),
           update: Sequence[str] = ()) -> None:
    """Insert these rows (values of `fields`, attribute names, in order) into the model's table. With `unique`:
    an upsert, a row whose `unique` values are stored already updating the stored row's `update` fields (as
    bulk_create's update_conflicts)."""
    if connection.vendor == "postgresql":
        _copy(model, fields, rows, unique, update)
    else:
        _bulk_create(model, fields, rows, unique, update)


def insert_with_ids(model: type[Model], fields: Sequence[str], rows: list[tuple]) -> list[int]:
    """Insert these rows as `insert` does (no upsert); returns their new ids, in order. On PostgreSQL the ids are
    taken from the table's sequence first (one query), then written with the rows."""
    if connection.vendor != "postgresql":
        return [obj.pk for obj in _bulk_create(model, fields, rows, (), ())]
    if not rows:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(rows)])
        ids = [pk for pk, in cursor.fetchall()]
    _copy(model, (meta.pk.attname, *fields), [(pk, *row) for pk, row in zip(ids, rows)], (), ())
    return ids


def _bulk_create(model, fields, rows, unique, update) -> list[Model]:
    objs = [model(**dict(zip(fields, row))) for row in rows]
    if not objs:
        return objs
    if unique:
        names = [model._meta.get_field(name).name for name in (*unique, *update)]
        model.objects.bulk_create(objs, update_conflicts=True, unique_fields=names[:len(unique)],
                                  update_fields=names[len(unique):])
    else:
        model.objects.bulk_create(objs)
    return objs


def _copy(model, fields, rows, unique, update) -> None:
    meta, quote = model._meta, connection.ops.quote_name
    columns = [f for f in meta.concrete_fields if f is not meta.auto_field or f.attname in fields]
    given = {name: i for i, name in enumerate(fields)}
    if set(given) - {f.attname for f in columns}:
        raise ValueError(f"not fields of {meta.label}: {sorted(set(given) - {f.attname for f in columns})}")
    now = timezone.now()
    # Per column: the index of its value in a row, or the one value every row gets; and whether it is JSON.
    plan = []
    for f in columns:
        if f.attname in given:
            plan.append((given[f.attname], None, isinstance(f, JSONField) and f))
        else:
            value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            plan.append((None, f.get_db_prep_save(value, connection), False))
    names = ", ".join(quote(f.column) for f in columns)
    table = quote(meta.db_table)
    # Errors as Django's (IntegrityError, ...), as an execute would raise them: COPY is psycopg's own.
    with connection.wrap_database_errors, transaction.atomic(savepoint=False), connection.cursor() as cursor:
        target = table
        if unique:
            # No constraints, no defaults: the rows as given, then inserted into the table in one statement.
            target = quote(f"_rows_{meta.db_table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS SELECT {names} FROM {table} "
                           f"WITH NO DATA")
        prepared = [[fixed if i is None else (json.get_db_prep_save(row[i], connection) if json else row[i])
                     for i, fixed, json in plan] for row in rows]
        _run_copy(cursor, f"COPY {target} ({names}) FROM STDIN", prepared)
        if unique:
            if prepared:
                conflict = ", ".join(quote(meta.get_field(name).column) for name in unique)
                sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in (quote(meta.get_field(n).column) for n in update))
                cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {target} "
                               f"ON CONFLICT ({conflict}) DO UPDATE SET {sets}")
            cursor.execute(f"DROP TABLE {target}")


def _run_copy(cursor, sql: str, rows: list[list]) -> None:
    """COPY these rows, as a statement the connection's execute wrappers see (`many`, with the rows as its
    parameters) and its query log records, like any other."""
    def copy_rows(sql, rows, many, context):
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    logged = cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext()
    with logged:
        cursor._execute_with_wrappers(sql, rows, True, copy_rows)
