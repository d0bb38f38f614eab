"""The README documents every setting a person can give through the environment."""

from __future__ import annotations

from pathlib import Path

from interview.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_environment_variable_is_documented() -> None:
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in README]
    assert missing == []
