from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table
from zxcvbn.frequency_lists import FREQUENCY_LISTS


class RawCommonPassword(Table, tablename="common_passwords"):
    pass


ID = "2026-12-04T19:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fill common_passwords with zxcvbn's list (a raw step runs before a migration's tables are added)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="interview", description=DESCRIPTION
    )

    async def fill() -> None:
        # zxcvbn's 30,000 most common passwords, as the check compares them (lower case).
        passwords = sorted({password.lower() for password in FREQUENCY_LISTS["passwords"]})
        await RawCommonPassword.raw(
            "INSERT INTO common_passwords (password) SELECT unnest({}::text[]) ON CONFLICT DO NOTHING",
            passwords,
        )

    manager.add_raw(fill)

    return manager
