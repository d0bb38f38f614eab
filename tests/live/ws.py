"""A small graphql-transport-ws client over a real websocket, for tests and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"

EVENTS = """
subscription Events($id: ID!) {
  interviewEvents(sessionId: $id) {
    __typename sessionId at
    ... on LiveMetricsUpdated {
      metrics { sessionId currentQuestionNumber questionsCompleted currentVolume currentSpeechPace
                silenceDurationMs lastUpdated }
    }
    ... on SessionStatusChanged { status }
    ... on TranscriptReady { transcript { id sequenceNumber speaker text voiceMetrics { speechPace } } }
    ... on AnswerEvaluated { transcriptId feedback { id overallScore } }
    ... on InterviewerSpeech { questionId chunkIndex textDelta final audio { mimeType durationMs } }
    ... on QuestionAsked { question { id sequenceNumber questionText leadIn } }
    ... on ReportReady { report { id overallScore } }
    ... on TurnFailed { sequenceNumber code message }
  }
}
"""

METRICS = """
subscription Metrics($id: ID!) {
  liveMetrics(sessionId: $id) {
    sessionId currentQuestionNumber currentVolume currentSpeechPace silenceDurationMs lastUpdated
  }
}
"""


class GraphQLWebSocket:
    """One graphql-transport-ws connection; messages are sorted by operation id as they arrive."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self._queues: defaultdict[str, asyncio.Queue[dict[str, Any]]] = defaultdict(asyncio.Queue)
        self._reader = asyncio.create_task(self._read())

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, url: str, token: str | None) -> AsyncIterator[GraphQLWebSocket]:
        """Connect and complete connection_init (with `token` as a bearer token, if given)."""
        async with connect(url, subprotocols=[PROTOCOL], open_timeout=10, max_size=None) as socket:  # type: ignore[list-item]
            payload = {"authorization": f"Bearer {token}"} if token else {}
            await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
            ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
            assert ack["type"] == "connection_ack", ack
            client = cls(socket)
            try:
                yield client
            finally:
                client._reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await client._reader

    async def _read(self) -> None:
        async for raw in self.socket:
            message = json.loads(raw)
            if message["type"] == "ping":
                await self.socket.send(json.dumps({"type": "pong"}))
            elif "id" in message:
                self._queues[message["id"]].put_nowait(message)

    async def subscribe(self, query: str, variables: dict[str, Any]) -> str:
        operation_id = uuid.uuid4().hex
        await self.socket.send(
            json.dumps(
                {"id": operation_id, "type": "subscribe", "payload": {"query": query, "variables": variables}}
            )
        )
        return operation_id

    async def complete(self, operation_id: str) -> None:
        await self.socket.send(json.dumps({"id": operation_id, "type": "complete"}))

    async def message(self, operation_id: str, within: float = 20) -> dict[str, Any]:
        """The next message of an operation: next, error or complete."""
        return await asyncio.wait_for(self._queues[operation_id].get(), within)

    async def next_payload(self, operation_id: str, within: float = 20) -> dict[str, Any]:
        """The payload of the next `next` message; fails on anything else."""
        message = await self.message(operation_id, within)
        assert message["type"] == "next", message
        payload: dict[str, Any] = message["payload"]
        assert not payload.get("errors"), payload
        return payload

    async def event(self, operation_id: str, within: float = 20) -> dict[str, Any]:
        """The next interviewEvents event."""
        event: dict[str, Any] = (await self.next_payload(operation_id, within))["data"]["interviewEvents"]
        return event

    async def events_until(
        self, operation_id: str, typename: str, within: float = 60
    ) -> list[dict[str, Any]]:
        """Events up to and including the first of `typename`."""
        events: list[dict[str, Any]] = []
        async with asyncio.timeout(within):
            while True:
                event = await self.event(operation_id, within)
                events.append(event)
                if event["__typename"] == typename:
                    return events

    async def error_codes(self, operation_id: str, within: float = 20) -> list[str]:
        """The extensions.code of the errors the operation ended with."""
        message = await self.message(operation_id, within)
        errors = message["payload"] if message["type"] == "error" else message["payload"].get("errors")
        assert errors, message
        return [error.get("extensions", {}).get("code") for error in errors]
