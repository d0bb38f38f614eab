from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T19:38:25:915140"
VERSION = "1.38.0"
DESCRIPTION = "Common passwords in a table, so API processes need not load zxcvbn's word lists"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="interview", description=DESCRIPTION)

    manager.add_table(
        class_name="CommonPassword",
        tablename="common_passwords",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="CommonPassword",
        tablename="common_passwords",
        column_name="password",
        db_column_name="password",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
