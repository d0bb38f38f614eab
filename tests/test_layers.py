"""Imports only go downward: graphql -> interviews -> db / ai / speech / events (ai may use speech)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "backend" / "interview"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "speech": ("interview.ai", "interview.interviews", "interview.graphql", "interview.db", "strawberry"),
    "ai": ("interview.interviews", "interview.graphql", "interview.db", "strawberry"),
    "events": ("interview.interviews", "interview.graphql", "interview.ai", "strawberry"),
    "db": ("interview.interviews", "interview.graphql", "interview.ai", "strawberry"),
    "interviews": ("interview.graphql", "strawberry"),
    "media_storage": (
        "interview.interviews",
        "interview.graphql",
        "interview.ai",
        "interview.db",
        "strawberry",
    ),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in sorted(_imports(path))
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[layer])
    ]
    assert offending == []
