"""Every table runs on one named engine, and serving loads none of Piccolo's command-line apps."""

from __future__ import annotations

import subprocess
import sys

from interview.db import piccolo_conf, piccolo_engine
from interview.db.tables import ALL_TABLES


def test_every_table_and_the_migrations_share_one_engine() -> None:
    assert piccolo_conf.DB is piccolo_engine.DB
    assert {table.__name__: table._meta.db for table in ALL_TABLES} == {
        table.__name__: piccolo_engine.DB for table in ALL_TABLES
    }


def test_the_api_imports_neither_piccolos_apps_nor_black() -> None:
    code = (
        "import sys, interview.app, interview.db.engine; "
        "print(sorted(m for m in ('piccolo.conf.apps', 'black') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )

    assert loaded.stdout.strip() == "[]"
