"""Versioned prompt files (`<name>.v<N>.md`) and the loader that picks one.

A prompt's version ("evaluator.v1") is stored beside every result it produced, so a change of
wording is a new file, never an edit of an old one.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from string import Template
from typing import NamedTuple

_FILE = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.md$")


class Prompt(NamedTuple):
    text: str
    version: str
    """e.g. "evaluator.v1"."""

    def render(self, **values: object) -> str:
        """The text with `$name` placeholders filled; a missing value is an error."""
        return Template(self.text).substitute({k: str(v) for k, v in values.items()})


@cache
def load_prompt(name: str, version: int | None = None) -> Prompt:
    """The prompt `name` at `version`, or its highest version when none is given."""
    found: dict[int, str] = {}
    for entry in resources.files(__package__).iterdir():
        match = _FILE.match(entry.name)
        if match and match["name"] == name:
            found[int(match["version"])] = entry.read_text(encoding="utf-8")
    if not found:
        raise LookupError(f"no prompt file named {name}.v<N>.md")
    chosen = max(found) if version is None else version
    if chosen not in found:
        raise LookupError(f"prompt {name} has no version {chosen} (has {sorted(found)})")
    return Prompt(found[chosen].strip(), f"{name}.v{chosen}")
