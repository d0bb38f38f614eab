"""Persistence: Piccolo tables on PostgreSQL."""

import os

# Piccolo finds its engine through this module path; set before any table is used.
os.environ.setdefault("PICCOLO_CONF", "interview.db.piccolo_conf")
