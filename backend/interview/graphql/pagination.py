"""Relay connections written by hand (the contract fixes their shape): opaque keyset cursors."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry

from interview.errors import BadUserInput
from interview.graphql.datetimes import iso_format

MAX_PAGE_SIZE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def encode_cursor(created_at: datetime, row_id: UUID) -> str:
    """Newest first, ties broken by id: (timestamp, id) is a stable keyset position.

    The JSON array is written out directly (an ISO timestamp and a UUID need no escaping): what
    json.dumps would write, at a fifth of the cost, for every edge of every page."""
    raw = f'["{iso_format(created_at)}", "{row_id}"]'.encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, row_id = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(stamp), UUID(row_id)
    except (ValueError, TypeError, json.JSONDecodeError):
        raise BadUserInput("The `after` cursor is not one this API gave out.", field="after") from None


def check_page_size(first: int) -> int:
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"`first` must be between 0 and {MAX_PAGE_SIZE}.", field="first")
    return first


def page_of(rows: list[dict[str, Any]], first: int) -> tuple[list[dict[str, Any]], bool]:
    """Split the `first + 1` rows fetched into the page and whether there is more."""
    return rows[:first], len(rows) > first
