"""Piccolo's configuration module (PICCOLO_CONF points here).

The engine starts with DATABASE_URL; `interview.db.engine.connect` re-points it at the embedded
server when DATABASE_URL is unset.
"""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine

from interview.settings import get_settings

DB = PostgresEngine(config={"dsn": get_settings().database_url or ""})

APP_REGISTRY = AppRegistry(apps=["interview.db.piccolo_app"])
