"""Every table runs on one named engine, and serving loads none of Piccolo's command-line apps."""

from __future__ import annotations

from interview.db import piccolo_conf, piccolo_engine
from interview.db.tables import ALL_TABLES

from tests.imports import loaded_after


def test_every_table_and_the_migrations_share_one_engine() -> None:
    assert piccolo_conf.DB is piccolo_engine.DB
    assert {table.__name__: table._meta.db for table in ALL_TABLES} == {
        table.__name__: piccolo_engine.DB for table in ALL_TABLES
    }


def test_the_api_imports_neither_piccolos_apps_nor_black() -> None:
    assert loaded_after("interview.app, interview.db.engine", ("piccolo.conf.apps", "black")) == []
