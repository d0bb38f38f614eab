"""The one Piccolo engine every table runs on.

Tables name it (`db=DB`) rather than letting Piccolo find it through PICCOLO_CONF: finding it
imports `piccolo.conf.apps`, and with it black and the rest of Piccolo's command-line apps (about
10 MB in every API process), which only migrations need.
The engine starts with DATABASE_URL; `interview.db.engine.connect` re-points it at the embedded
server when DATABASE_URL is unset.
"""

from piccolo.engine.postgres import PostgresEngine

from interview.settings import get_settings

DB = PostgresEngine(config={"dsn": get_settings().database_url or ""})
