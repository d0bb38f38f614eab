"""Registers the tables and the repository's `migrations/` folder with Piccolo."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from interview.db.tables import ALL_TABLES

MIGRATIONS_FOLDER = Path(__file__).resolve().parents[3] / "migrations"

APP_CONFIG = AppConfig(
    app_name="interview",
    migrations_folder_path=str(MIGRATIONS_FOLDER),
    table_classes=list(ALL_TABLES),
    migration_dependencies=[],
    commands=[],
)
