"""Rows read with SQL written once, straight through asyncpg: for the reads every page makes.

Piccolo builds a select's SQL anew on every call, which costs more CPU than the query itself: about
0.5 ms for a page of reports against 0.2 ms for the same rows through `Table.raw` (measured while
working on bench/reports.py, issue #7). `Table.raw` still bundles a QueryString per call and turns
each Record into a dict through its items(); `fetch_rows` sends the SQL ($1, $2...) as written and
builds each dict from the column names, read once per result. The rows are the dicts
`Table.select()` returns: the same columns under the same names, in the table's order
(tests/db/test_rows.py compares them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from asyncpg import Record
from piccolo.columns import Column
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

Row = dict[str, Any]
"""A database row: column name to value, as asyncpg and Piccolo return it."""


def columns_sql(table: type[Table], *, without: Sequence[str] = (), alias: str = "", prefix: str = "") -> str:
    """The select list of `table.select()`: every column (except those named in `without`).

    With `alias`, the columns are those of that alias in the FROM list; with `prefix`, each result
    column's name starts with it (to tell the tables of a join apart)."""
    qualifier = f'"{alias}".' if alias else ""
    return ", ".join(
        f'{qualifier}"{column._meta.db_column_name}" AS "{prefix}{column._meta.name}"'
        for column in table._meta.columns
        if column._meta.name not in without
    )


def rows_by_sql(table: type[Table], column: Column) -> str:
    """A query ($1: an array of ids) for the rows whose `column` is one of the ids."""
    return (
        f'SELECT {columns_sql(table)} FROM "{table._meta.tablename}" '
        f'WHERE "{column._meta.db_column_name}" = ANY($1::uuid[])'
    )


async def fetch_rows(table: type[Table], sql: str, *args: Any) -> list[Row]:
    """The rows of `sql` as dicts (see fetch_records)."""
    records = await fetch_records(table, sql, *args)
    if not records:
        return []
    names = tuple(records[0].keys())
    return [dict(zip(names, record, strict=True)) for record in records]


async def fetch_records(table: type[Table], sql: str, *args: Any) -> list[Record]:
    """The records of `sql`, where Piccolo would run it: in the current transaction when there is
    one (so its uncommitted writes are seen), else on the pool, else on a new connection."""
    engine = cast(PostgresEngine, table._meta.db)
    transaction = engine.current_transaction.get()
    if transaction is not None:
        records = await transaction.connection.fetch(sql, *args)
    elif engine.pool is not None:
        records = await engine.pool.fetch(sql, *args)
    else:
        connection = await engine.get_new_connection()
        try:
            records = await connection.fetch(sql, *args)
        finally:
            await connection.close()
    return cast(list[Record], records)
