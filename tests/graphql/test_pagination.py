"""Keyset cursors: opaque to clients, but a cursor handed out once must keep working."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from interview.errors import BadUserInput
from interview.graphql.pagination import decode_cursor, encode_cursor

MOMENTS = [
    datetime(2026, 11, 25, 13, 10, 27, 123456, tzinfo=UTC),
    datetime(2026, 1, 1, tzinfo=UTC),
    datetime(2025, 6, 30, 23, 59, 59, 1, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_cursor_is_the_json_pair_it_always_was(moment: datetime) -> None:
    row_id = uuid.uuid4()
    cursor = encode_cursor(moment, row_id)
    # the format of cursors handed out before: base64url (unpadded) of json.dumps([iso, id])
    before = base64.urlsafe_b64encode(json.dumps([moment.isoformat(), str(row_id)]).encode())
    assert cursor == before.decode().rstrip("=")
    assert decode_cursor(cursor) == (moment, row_id)


@pytest.mark.parametrize("cursor", ["", "not-a-cursor", base64.urlsafe_b64encode(b'["x", "y"]').decode()])
def test_a_cursor_not_ours_is_bad_input(cursor: str) -> None:
    with pytest.raises(BadUserInput):
        decode_cursor(cursor)
