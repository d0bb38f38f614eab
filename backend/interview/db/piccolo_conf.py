"""Piccolo's configuration module (PICCOLO_CONF points here), read by its migrations."""

from piccolo.conf.apps import AppRegistry

from interview.db.piccolo_engine import DB

__all__ = ["APP_REGISTRY", "DB"]

APP_REGISTRY = AppRegistry(apps=["interview.db.piccolo_app"])
