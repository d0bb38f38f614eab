"""A PostgreSQL of the project's own under DATA_DIR, for when DATABASE_URL is unset.

The server binaries come inside the `pgserver` wheel. Data survives restarts; the server is
stopped when the process that started it exits.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DATABASE_NAME = "interview"


class EmbeddedPostgres:
    """Starts (or reuses) the embedded server and hands out a DSN for our database."""

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = (data_dir / "postgres").resolve()
        self._server: Any = None

    def start(self) -> str:
        from pgserver.postgres_server import get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = get_server(self.pgdata, cleanup_mode="stop")
        exists = self._server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
        if "1 row" not in exists:
            self._server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        dsn: str = self._server.get_uri(DATABASE_NAME)
        log.info("embedded postgres started at %s", self.pgdata)
        return dsn

    def stop(self) -> None:
        if self._server is not None:
            # _cleanup stops the server (cleanup_mode="stop") and keeps the data.
            self._server._cleanup()
            self._server = None
