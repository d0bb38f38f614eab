"""Imports only go downward: graphql -> interviews -> db / ai / speech / events (ai may use speech;
speech_queue, the workers' side of ai, uses ai and speech)."""

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
    "speech_queue": ("interview.interviews", "interview.graphql", "interview.db", "strawberry"),
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


_STATEFUL_CALLS = frozenset(
    {"dict", "set", "list", "OrderedDict", "WeakValueDictionary", "WeakKeyDictionary"}
)


def _module_state(path: Path) -> list[str]:
    """Module-level names bound to an empty container or a new mutable mapping: a process cache."""
    found = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        else:
            continue
        empty_literal = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
            getattr(value, "keys", None) or getattr(value, "elts", None)
        )
        call = value.func if isinstance(value, ast.Call) else None
        called = (
            call.attr if isinstance(call, ast.Attribute) else call.id if isinstance(call, ast.Name) else None
        )
        if empty_literal or called in _STATEFUL_CALLS:
            found += [f"{path.relative_to(PACKAGE)}: {ast.unparse(target)}" for target in targets]
    return found


def test_the_domain_keeps_no_module_level_caches() -> None:
    """Pools and caches belong to the process's services, opened and closed in the lifespan."""
    offending = [
        name for path in sorted((PACKAGE / "interviews").rglob("*.py")) for name in _module_state(path)
    ]
    assert offending == []
