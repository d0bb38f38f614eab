"""The `interview` command with embedded defaults: no DATABASE_URL, no REDIS_URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INTERVIEW = str(Path(sys.executable).with_name("interview"))


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY")
    }
    env["DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [INTERVIEW, *args], env=env, cwd=data_dir, capture_output=True, text=True, timeout=240
    )


@pytest.mark.slow
def test_embedded_database_migrates_seeds_and_keeps_data(tmp_path: Path) -> None:
    migrated = _run(["migrate"], tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert "embedded PostgreSQL" in migrated.stdout
    seeded = _run(["seed"], tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    assert "seeded 4 personas" in seeded.stdout
    # a second process finds the data written by the first, and the server was stopped in between
    doctor = _run(["doctor"], tmp_path)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "embedded PostgreSQL" in doctor.stdout and "answers" in doctor.stdout
    assert "in-process" in doctor.stdout and "single process" in doctor.stdout
    assert (tmp_path / "postgres" / "PG_VERSION").exists()


def test_export_schema_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    result = subprocess.run(
        [INTERVIEW, "export-schema", "--output", str(out)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text() == (ROOT / "schema.graphql").read_text()
