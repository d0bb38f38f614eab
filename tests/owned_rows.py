"""Every row that belongs to a user or a session, found through the foreign keys of every table.

Starting from the given rows, a row belongs if any of its foreign keys names a row that belongs;
repeated until nothing new is found. A table added later is covered without touching the tests.
"""

from __future__ import annotations

from typing import Any

from interview.db.tables import ALL_TABLES
from piccolo.table import Table


async def owned_rows(roots: dict[type[Table], set[Any]]) -> dict[str, set[Any]]:
    """Table name -> ids of the rows that belong to `roots` (table -> ids), the roots included."""
    owned: dict[type[Table], set[Any]] = {}
    for table, ids in roots.items():  # the roots that (still) exist
        key = table._meta.primary_key
        owned[table] = {row[key._meta.name] for row in await table.select(key).where(key.is_in(list(ids)))}
    grew = True
    while grew:
        grew = False
        for table in ALL_TABLES:
            for column in table._meta.foreign_key_columns:
                target = column._foreign_key_meta.resolved_references
                ids = owned.get(target)
                if not ids:
                    continue
                rows = await table.select(table._meta.primary_key).where(column.is_in(list(ids)))
                found = {row[table._meta.primary_key._meta.name] for row in rows}
                if not found <= owned.setdefault(table, set()):
                    owned[table] |= found
                    grew = True
    return {table._meta.tablename: owned.get(table, set()) for table in ALL_TABLES}
