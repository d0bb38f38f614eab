"""schema.graphql is generated from the code, kept fresh, and keeps the public contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from interview.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT.parent / "shared" / "contract" / "schema.graphql"


def test_schema_graphql_is_not_stale() -> None:
    exported = (ROOT / "schema.graphql").read_text()
    assert exported == schema.as_str() + "\n", "schema.graphql is stale: run `make schema`"


def test_schema_keeps_the_contract(tmp_path: Path) -> None:
    """The code's schema passes the contract's own checker, with contract-pending.txt as CI reads it."""
    if not CONTRACT.exists():
        pytest.skip("the contract lives in ../shared, beside the checkout")
    (tmp_path / "schema.graphql").write_text(schema.as_str() + "\n")
    pending = ROOT / "contract-pending.txt"
    if pending.exists():
        shutil.copy(pending, tmp_path / pending.name)
    checker = CONTRACT.with_name("check_contract.py")
    result = subprocess.run(
        [sys.executable, str(checker), str(tmp_path / "schema.graphql")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
