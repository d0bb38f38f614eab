"""DateTime output: datetime.isoformat(), written by orjson's formatter for UTC timestamps.

datetime.isoformat goes through C's printf: ~10k CPU instructions a call, and a dashboard page of
50 reports formats 150 timestamps (creation, start, cursor): 6% of the page (valgrind, bench/
reports.py, issue #7). orjson writes the same RFC 3339 text (tests/graphql/test_datetimes.py
compares them) in a third of the time. Every timestamp we store comes back from PostgreSQL in UTC;
any other datetime is left to isoformat.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import orjson
from strawberry.schema.types.base_scalars import DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition


def iso_format(value: Any) -> str:
    """What `value.isoformat()` returns."""
    if type(value) is datetime and value.tzinfo is UTC:
        return orjson.dumps(value)[1:-1].decode()
    text: str = value.isoformat()
    return text


DATETIME: ScalarDefinition = dataclasses.replace(DateTimeDefinition, serialize=iso_format)
"""Strawberry's DateTime scalar (same name, description and parsing), serialized by iso_format."""
