"""schema.graphql is generated from the code, kept fresh, and keeps the public contract."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, find_breaking_changes
from interview.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT.parent / "shared" / "contract" / "schema.graphql"


def test_schema_graphql_is_not_stale() -> None:
    exported = (ROOT / "schema.graphql").read_text()
    assert exported == schema.as_str() + "\n", "schema.graphql is stale: run `make schema`"


def test_schema_keeps_the_contract() -> None:
    if not CONTRACT.exists():
        import pytest

        pytest.skip("the contract lives in ../shared, beside the checkout")
    broken = find_breaking_changes(build_schema(CONTRACT.read_text()), build_schema(schema.as_str()))
    assert broken == [], [change.description for change in broken]
