"""graphql-transport-ws messages as JSON *text* frames, each event's payload encoded once.

Strawberry sends what the view's `encode_json` returns, and sends bytes as binary frames: with
orjson's bytes, graphql-ws in a browser coped, but Python gql ("Binary data received in the
websocket"), Apollo Kotlin and iOS refuse binary. The protocol says every message is JSON text.

Over graphql-transport-ws, subscriptions send their events' frames themselves through `send_text`
(live/delivery.py). On Strawberry's own path (results with errors, the legacy protocol), the
subscribers whose results cannot differ share one execution of each event
(live/shared_execution.py), so they hold the very same `data` object. Its text is encoded for the
first of them and reused for the rest: only the frame around it (the subscriber's own operation id)
is written per subscriber.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping

import orjson
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected


def encode_text(message: object) -> str:
    """orjson's UTF-8 bytes as text; what orjson refuses (an int beyond 64 bits) goes to json."""
    try:
        return orjson.dumps(message).decode()
    except TypeError:
        return json.dumps(message)


class EncodedPayloads:
    """The text of recent `next` payloads, keyed by the identity of their shared `data` object.

    An entry keeps its object, so the object's id cannot be reused for another while cached.
    """

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._entries: OrderedDict[int, tuple[object, str]] = OrderedDict()
        self.encoded = 0
        """How many payloads were encoded (rather than reused): for tests."""

    def text_of(self, data: object) -> str:
        entry = self._entries.get(id(data))
        if entry is not None and entry[0] is data:
            return entry[1]
        text = encode_text({"data": data})
        self.encoded += 1
        self._entries[id(data)] = (data, text)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return text


SHARED_PAYLOADS = EncodedPayloads()
"""One per process: the event loop is single-threaded, so no lock is needed."""


def message_text(message: Mapping[str, object], payloads: EncodedPayloads = SHARED_PAYLOADS) -> str:
    """The message as JSON text; a `next` with only data reuses its payload's text."""
    payload = message.get("payload")
    if (
        message.get("type") == "next"
        and isinstance(payload, dict)
        and payload.keys() == {"data"}
        and isinstance(payload["data"], dict)
    ):
        # Same text as encoding the whole message (tests/graphql/test_text_frames.py).
        data_text = payloads.text_of(payload["data"])
        return f'{{"id":{encode_text(message["id"])},"type":"next","payload":{data_text}}}'
    return encode_text(message)


class TextFrames(ASGIWebSocketAdapter):
    """Strawberry's websocket adapter, sending every message as a text frame."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        await self.send_text(message_text(message))

    async def send_text(self, text: str) -> None:
        """One message already encoded as JSON text (see graphql/live/delivery.py)."""
        try:
            await self.ws.send_text(text)
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc
