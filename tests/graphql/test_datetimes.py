"""DateTime output written by orjson is exactly what datetime.isoformat() writes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest
from interview.graphql.datetimes import DATETIME, iso_format
from interview.graphql.schema import schema
from strawberry.schema.types.base_scalars import DateTimeDefinition


class Stamp(datetime):
    """A datetime subclass: left to its own isoformat."""

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        return "stamp"


EDGES = [
    datetime(2026, 11, 25, 13, 10, 27, 123456, tzinfo=UTC),
    datetime(2026, 11, 25, 13, 10, 27, tzinfo=UTC),  # no fraction
    datetime(2026, 11, 25, 13, 10, 27, 1, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=-3, seconds=15))),
    datetime(2026, 1, 1, 12, 0, 0, 5),  # naive
]


@pytest.mark.parametrize("moment", EDGES)
def test_edges_are_written_as_isoformat_writes_them(moment: datetime) -> None:
    assert iso_format(moment) == moment.isoformat()


def test_many_utc_timestamps_are_written_as_isoformat_writes_them() -> None:
    pick = random.Random(7)
    for _ in range(20_000):
        moment = datetime.fromtimestamp(pick.uniform(-6.2e10, 2.5e11), UTC)
        if pick.random() < 0.3:
            moment = moment.replace(microsecond=0)
        assert iso_format(moment) == moment.isoformat()


def test_anything_else_is_left_to_its_isoformat() -> None:
    assert iso_format(Stamp(2026, 1, 1, tzinfo=UTC)) == "stamp"
    with pytest.raises(AttributeError):
        iso_format("2026-01-01")  # as isoformat would: not a datetime


def test_the_schema_serializes_datetimes_with_it() -> None:
    scalar = schema._schema.type_map["DateTime"]
    assert scalar.serialize is iso_format  # type: ignore[attr-defined]
    # the rest of Strawberry's scalar is kept: name, description, parsing
    assert (DATETIME.name, DATETIME.description) == (DateTimeDefinition.name, DateTimeDefinition.description)
    assert DATETIME.parse_value is DateTimeDefinition.parse_value
