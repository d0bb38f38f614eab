"""Stored values become the contract's enum members by one dict lookup."""

from __future__ import annotations

from enum import Enum

import pytest
from interview.graphql import enums
from interview.graphql.enums import by_value


@pytest.mark.parametrize(
    "enum", [v for v in vars(enums).values() if isinstance(v, type) and issubclass(v, Enum) and v is not Enum]
)
def test_by_value_gives_the_member_enum_gives(enum: type[Enum]) -> None:
    convert = by_value(enum)
    assert [convert(member.value) for member in enum] == [enum(member.value) for member in enum]
    with pytest.raises(KeyError):
        convert("NOT_A_STORED_VALUE")
