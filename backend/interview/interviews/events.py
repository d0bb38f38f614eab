"""What the domain publishes on a session's channel, after the database has committed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from interview.events.bus import Broker, session_channel


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def event_message(event_type: str, session_id: UUID | str, **payload: Any) -> dict[str, Any]:
    """A bus message: {"type", "sessionId", "at", ...payload} with JSON-safe values."""
    message = {"type": event_type, "sessionId": str(session_id), "at": datetime.now(UTC).isoformat()}
    message.update(_jsonable(payload))
    json.dumps(message)  # fail here, not in a subscriber, if something is not serialisable
    return message


async def publish_event(broker: Broker, session_id: UUID | str, event_type: str, **payload: Any) -> None:
    await broker.publish(session_channel(str(session_id)), event_message(event_type, session_id, **payload))
