"""Opening and closing the database: DSN resolution, the connection pool, migrations."""

from __future__ import annotations

from dataclasses import dataclass, field

import asyncpg
from piccolo.engine.postgres import PostgresEngine

from interview.db import piccolo_engine
from interview.db.embedded import EmbeddedPostgres
from interview.settings import Settings


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached at start-up."""


async def keep_session_state(connection: asyncpg.Connection) -> None:
    """The pool's reset of a released connection, beyond asyncpg's own rollback of a transaction.

    asyncpg's default sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`
    on every release: one more round trip for each query Piccolo runs (a page of reports made
    six of them, ~3% of the server's CPU in bench/reports.py plus PostgreSQL's share). Nothing on
    this pool leaves session state behind: advisory locks are taken on the turn locks' own pool
    (interviews/turn/lock.py), the broker is Redis (no LISTEN), no code declares cursors or SETs
    outside a transaction (tests/db/test_pool.py checks that a released connection comes back as
    it left). An open transaction is still rolled back: asyncpg does that before it calls this.
    """


@dataclass
class Database:
    """The process's database: where it is and, when embedded, the server we started."""

    dsn: str
    embedded: EmbeddedPostgres | None = None
    engine: PostgresEngine = field(default_factory=lambda: piccolo_engine.DB)

    def describe(self) -> str:
        if self.embedded is not None:
            return f"embedded PostgreSQL in {self.embedded.pgdata}"
        return f"PostgreSQL at {_redact(self.dsn)}"

    async def ping(self) -> bool:
        try:
            await self.engine.run_ddl("SELECT 1")
        except Exception:
            return False
        return True

    async def open_pool(self, max_size: int = 20) -> None:
        try:
            await self.engine.start_connection_pool(min_size=1, max_size=max_size, reset=keep_session_state)
        except (OSError, asyncpg.PostgresError) as error:
            raise DatabaseUnavailable(f"cannot connect to {self.describe()}: {error}") from error

    async def close(self) -> None:
        await self.engine.close_connection_pool()
        if self.embedded is not None:
            self.embedded.stop()


def locate_database(settings: Settings) -> Database:
    """DATABASE_URL when set, else the embedded server under DATA_DIR (started here)."""
    if settings.database_url:
        database = Database(dsn=settings.database_url)
    else:
        embedded = EmbeddedPostgres(settings.data_dir)
        database = Database(dsn=embedded.start(), embedded=embedded)
    database.engine.config = {"dsn": database.dsn}
    return database


def _redact(dsn: str) -> str:
    """The DSN without its password, for logs and `doctor`."""
    if "@" not in dsn or "://" not in dsn:
        return dsn
    scheme, rest = dsn.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}"
