"""The committed migrations build exactly the tables the Piccolo models describe."""

from __future__ import annotations

from typing import Any

from interview.db.tables import ALL_TABLES
from interview.services import Services
from piccolo.columns import ForeignKey

_PG_TYPES = {
    "UUID": "uuid",
    "VARCHAR": "character varying",
    "TEXT": "text",
    "INTEGER": "integer",
    "REAL": "real",
    "DOUBLE PRECISION": "double precision",
    "FLOAT": "double precision",
    "BOOLEAN": "boolean",
    "TIMESTAMPTZ": "timestamp with time zone",
    "JSONB": "jsonb",
    "BYTEA": "bytea",
}


def _expected_type(column: Any) -> str:
    if isinstance(column, ForeignKey):
        return "uuid"
    if column.column_type.endswith("[]"):
        return "ARRAY"
    return _PG_TYPES[column.column_type.split("(")[0].upper()]


async def test_database_tables_match_the_models(services: Services) -> None:
    rows = await services.database.engine.run_ddl(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name <> 'migration'"
    )
    actual: dict[str, dict[str, tuple[str, bool]]] = {}
    for row in rows:
        actual.setdefault(row["table_name"], {})[row["column_name"]] = (
            row["data_type"],
            row["is_nullable"] == "YES",
        )
    expected = {
        table._meta.tablename: {
            column._meta.db_column_name: (_expected_type(column), column._meta.null)
            for column in table._meta.columns
        }
        for table in ALL_TABLES
    }
    assert actual == expected


async def test_constraints_exist(services: Services) -> None:
    rows = await services.database.engine.run_ddl(
        "SELECT conname, contype FROM pg_constraint"
        " JOIN pg_namespace n ON n.oid = connamespace WHERE nspname = 'public'"
    )
    names = {row["conname"]: bytes(row["contype"]).decode() for row in rows}
    assert names["unique_turn"] == "u" and names["unique_sequence"] == "u" and names["unique_chunk"] == "u"
    assert names["reports_session_key"] == "u", "a report is unique per session"
    assert names["valid_status"] == "c" and names["scores_in_range"] == "c"
    foreign_keys = [name for name, kind in names.items() if kind == "f"]
    assert len(foreign_keys) >= 14
