"""Set-based writes for imports of hundreds of thousands of rows.

Django's `bulk_create` builds a model instance per row and compiles one multi-row INSERT per batch;
for a national import that costs far more than the database's own work. `rows_insert` sends plain
rows with COPY (PostgreSQL) or one prepared statement (SQLite), and `history_created` copies freshly inserted rows
into their django-simple-history table with one INSERT … SELECT, the "created" records that
`save()` would have written one by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Model

BATCH = 2000
IDS_PER_QUERY = 500


def batched(items: Iterable, size: int):
    """Lists of `size` items (the last one shorter); `itertools.batched` from Python 3.12 on."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def db_value(model: type[Model], field_name: str, value: Any) -> Any:
    """A value in the form the database takes for a field (a JSON document, an aware datetime…)."""
    return model._meta.get_field(field_name).get_db_prep_save(value, connection)


def rows_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows of values already in database form (int, str, bool, Decimal, None, or `db_value`)
    for the model's fields named in `columns`: with COPY on PostgreSQL (one statement per row would
    cost a round trip each, and psycopg adapts a long multi-row INSERT slowly), with one prepared
    statement (`executemany`) on SQLite."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for batch in batched(rows, BATCH):
            cursor.executemany(sql, batch)


def history_created(
    model: type[Model], *, parent_field: str, parent_ids: Sequence[int], user_id: int | None, when: dt.datetime
) -> None:
    """Write a "created" history record for every row of `model` whose `parent_field` is one of
    `parent_ids`, as django-simple-history does on `save()` of a new object."""
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = [f.column for f in model._meta.concrete_fields]
    columns = [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
    parent = model._meta.get_field(parent_field).column
    when_db = db_value(history, "history_date", when)
    with connection.cursor() as cursor:
        for ids in batched(parent_ids, IDS_PER_QUERY):
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
                f"SELECT {', '.join(quote(c) for c in tracked)}, %s, NULL, '+', %s "
                f"FROM {quote(model._meta.db_table)} WHERE {quote(parent)} IN ({', '.join(['%s'] * len(ids))})",
                [when_db, user_id, *ids],
            )


def statistics_refresh(*models: type[Model]) -> None:
    """Refresh PostgreSQL's statistics of tables that just grew by thousands of rows, so the reports
    read right after a large import get good query plans (autovacuum would only come later)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(m._meta.db_table) for m in models)}")
