"""Rows read with SQL written once, through Piccolo's raw queries: for the reads every page makes.

Piccolo builds a select's SQL anew on every call, which costs more CPU than the query itself: about
0.5 ms for a page of reports against 0.2 ms for the same rows through `Table.raw` (measured while
working on bench/reports.py, issue #7). The rows are the dicts `Table.select()` returns: the same
columns under the same names, in the table's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from piccolo.columns import Column
from piccolo.table import Table


def columns_sql(table: type[Table], *, without: Sequence[str] = ()) -> str:
    """The select list of `table.select()`: every column (except those named in `without`)."""
    return ", ".join(
        f'"{column._meta.db_column_name}" AS "{column._meta.name}"'
        for column in table._meta.columns
        if column._meta.name not in without
    )


def rows_by_sql(table: type[Table], column: Column) -> str:
    """A raw query (one `{}` for an array of ids) for the rows whose `column` is one of the ids."""
    return (
        f'SELECT {columns_sql(table)} FROM "{table._meta.tablename}" '
        f'WHERE "{column._meta.db_column_name}" = ANY({{}}::uuid[])'
    )
