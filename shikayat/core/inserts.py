"""A new row and the rows that belong to it, written in one round trip (the hottest path: intake writes a
complaint, its first timeline event and the complainant's acknowledgements for every complaint).

On PostgreSQL one statement writes them all: the parent's INSERT … RETURNING id is a WITH clause the
children's INSERTs read their foreign key from, and each table's rows travel as one jsonb parameter read back
into the table's row type (jsonb_populate_record / jsonb_populate_recordset). So the statement's text is the
same for every call, whatever the values and however many children. It is prepared on its first run on a
connection, so PostgreSQL neither parses nor plans it again (SHIKAYAT["DB_PREPARED"]; every other statement
follows the connection's prepare_threshold). Django's compiler would build and send one INSERT per table,
each with a parameter per column (a complaint has 60, which psycopg parses anew each time), every time.

The values are Django's own: each concrete field's pre_save (auto_now and the like) and get_prep_value. The
rows are unsaved model instances; afterwards the parent carries its primary key and the children their
foreign key to it, as if saved (the children's own keys are not read back). No model signals are sent
(bulk_create's rule). Elsewhere (SQLite) the ORM writes the same rows."""

import json
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from uuid import UUID

from django.conf import settings
from django.db import connections, models


@dataclass(frozen=True)
class Children:
    """Unsaved rows of `model` (none is fine) that refer to the parent through `parent_field` (a ForeignKey)."""

    model: type[models.Model]
    parent_field: str
    rows: Sequence[models.Model]
    ignore_conflicts: bool = False  # INSERT … ON CONFLICT DO NOTHING (e.g. the outbox's dedupe key)


def insert_with_children(parent: models.Model, *children: Children, using: str = "default") -> None:
    """Write `parent` (unsaved, its primary key given by the database) and every child row, all or nothing
    with the caller's transaction."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        _insert_with_orm(parent, children, using)
        return
    model = type(parent)
    shape = tuple((group.model, group.parent_field, group.ignore_conflicts) for group in children)
    sql = _statement(model, shape, connection.ops.quote_name)
    params = [_json(_values(model, parent, skip=None))]
    for group in children:
        link = group.model._meta.get_field(group.parent_field)
        params.append(_json([_values(group.model, row, skip=link) for row in group.rows]))
    with connection.cursor() as cursor, prepared(connection):
        cursor.execute(sql, params)
        pk = cursor.fetchone()[0]
    _mark_saved(parent, pk, using)
    for group in children:
        for row in group.rows:
            setattr(row, row._meta.get_field(group.parent_field).attname, pk)


def insert_rows(model: type[models.Model], rows: Sequence[models.Model], *, ignore_conflicts: bool = False,
                using: str = "default") -> None:
    """Write unsaved rows of one table, as bulk_create(rows, ignore_conflicts=…) would (no keys read back), in
    one prepared statement on PostgreSQL whatever their number: the rows travel as one jsonb parameter, so
    psycopg neither builds nor parses a statement with a placeholder per column per row."""
    if not rows:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        model.objects.using(using).bulk_create(list(rows), ignore_conflicts=ignore_conflicts)
        return
    sql = _rows_statement(model, ignore_conflicts, connection.ops.quote_name)
    with connection.cursor() as cursor, prepared(connection):
        cursor.execute(sql, [_json([_values(model, row, skip=None) for row in rows])])


@lru_cache(maxsize=64)
def _rows_statement(model: type[models.Model], ignore: bool, quote) -> str:
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in _fields(model))
    return (f"INSERT INTO {table} ({columns}) SELECT {columns} FROM jsonb_populate_recordset(NULL::{table}, "
            f"%s::jsonb){' ON CONFLICT DO NOTHING' if ignore else ''}")


@contextmanager
def prepared(connection):
    """psycopg prepares the statements run inside (PostgreSQL; inside `connection.cursor()`): on their first
    run on this connection, then reuses them. For statements whose text never changes and that run for every
    complaint or action; a prepare_threshold of None (Django's default) would prepare nothing, so it is 0 just
    for them. Nothing is prepared with SHIKAYAT["DB_PREPARED"] off."""
    raw = connection.connection
    if connection.vendor != "postgresql" or raw is None or not settings.SHIKAYAT.get("DB_PREPARED", True):
        yield
        return
    threshold = raw.prepare_threshold
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = threshold


def _insert_with_orm(parent: models.Model, children: Sequence[Children], using: str) -> None:
    parent.save(force_insert=True, using=using)
    for group in children:
        for row in group.rows:
            setattr(row, group.parent_field, parent)
        if group.rows:
            group.model.objects.using(using).bulk_create(list(group.rows), ignore_conflicts=group.ignore_conflicts)


def _fields(model: type[models.Model], skip=None) -> list[models.Field]:
    """The columns an INSERT writes: concrete, not the auto primary key, not generated, not `skip`."""
    return [field for field in model._meta.concrete_fields
            if field is not skip and not (field.primary_key and isinstance(field, models.AutoField))
            and not isinstance(field, models.GeneratedField)]


@lru_cache(maxsize=64)
def _statement(model: type[models.Model], shape: tuple, quote) -> str:
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [quote(field.column) for field in _fields(model)]
    clauses = [f"parent AS (INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} "
               f"FROM jsonb_populate_record(NULL::{table}, %s::jsonb) RETURNING {pk})"]
    for index, (child, field_name, ignore) in enumerate(shape):
        link = child._meta.get_field(field_name)
        child_table = quote(child._meta.db_table)
        own = [quote(field.column) for field in _fields(child, skip=link)]
        clauses.append(
            f"child{index} AS (INSERT INTO {child_table} ({quote(link.column)}, {', '.join(own)}) "
            f"SELECT parent.{pk}, {', '.join(f'r.{column}' for column in own)} "
            f"FROM parent, jsonb_populate_recordset(NULL::{child_table}, %s::jsonb) AS r"
            f"{' ON CONFLICT DO NOTHING' if ignore else ''})")
    return f"WITH {', '.join(clauses)} SELECT {pk} FROM parent"


def _values(model: type[models.Model], row: models.Model, skip) -> dict:
    values = {}
    for column, attname, field, pre_save, as_is in _columns(model, skip):
        value = field.pre_save(row, add=True) if pre_save else getattr(row, attname)
        # get_prep_value gives back None and a value of the column's own Python type unchanged: most columns.
        values[column] = value if value is None or type(value) is as_is else _plain(field.get_prep_value(value))
    return values


# The Python type each kind of column takes as it is (get_prep_value would return it unchanged).
_AS_IS = {"CharField": str, "TextField": str, "EmailField": str, "SlugField": str, "URLField": str,
          "BooleanField": bool, "SmallIntegerField": int, "IntegerField": int, "BigIntegerField": int,
          "PositiveSmallIntegerField": int, "PositiveIntegerField": int, "PositiveBigIntegerField": int,
          "SmallAutoField": int, "AutoField": int, "BigAutoField": int}


@lru_cache(maxsize=64)
def _columns(model: type[models.Model], skip) -> tuple:
    """(column, attname, field, whether pre_save matters, the type taken as is) of each column an INSERT
    writes."""
    return tuple((field.column, field.attname, field, _has_pre_save(field),
                  _AS_IS.get((field.target_field if field.is_relation else field).get_internal_type()))
                 for field in _fields(model, skip=skip))


def _has_pre_save(field: models.Field) -> bool:
    """Whether the field's pre_save may give something other than the attribute (auto_now, files …)."""
    if isinstance(field, models.DateField):  # DateTimeField too: only auto_now / auto_now_add change the value
        return field.auto_now or field.auto_now_add
    return type(field).pre_save is not models.Field.pre_save


def _plain(value):
    """A value as JSON holds it, for PostgreSQL to read back into the column's type."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _mark_saved(row: models.Model, pk, using: str) -> None:
    row.pk = pk
    row._state.adding = False
    row._state.db = using
