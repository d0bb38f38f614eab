"""A fake OpenAI + Anthropic server speaking their real wire formats, for tests and benchmarks.

It is a real HTTP and websocket server (Starlette on uvicorn, bound to 127.0.0.1, port 0 by
default), so the real `openai` and `anthropic` SDKs talk to it exactly as they talk to the vendors:

    POST /v1/audio/transcriptions   multipart; json, text, verbose_json (words + segments)
    POST /v1/chat/completions       plain, response_format json_schema, stream=true (SSE chunks)
    POST /v1/audio/speech           real audio bytes in the asked response_format
    WS   /v1/realtime?model=...     session.update, conversation.item.create, response.create ->
                                    response.output_audio.delta (base64 pcm16 24 kHz), response.done
    WS   /v1/realtime?intent=transcription   input_audio_buffer.append/.commit ->
                                    input_audio_buffer.committed, conversation.item.
                                    input_audio_transcription.delta (word by word) and .completed
    POST /v1/messages               Anthropic: text, output_config.format JSON, tool use, stream=true
    GET  /v1/models                 both vendors' shapes (told apart by their auth headers)

Scriptable per route ("transcriptions", "chat", "speech", "realtime", "messages", "models"):
a queue of `Fault`s (one per request), `Latency`, `Answers`, and a log of every request so tests
can assert what the SDK sent. In tests:

    server = FakeAIServer()
    base_url = await server.start()          # uvicorn in a background thread
    server.fail("chat", Fault.http(429, retry_after=0.01), Fault.http(500))
    ...  settings(openai_base_url=server.openai_base_url, anthropic_base_url=server.anthropic_base_url)
    server.stop()

From the command line (benchmarks, multi-process tests), faults and latencies can also be set
over HTTP at /_fake/faults, /_fake/latency, /_fake/answers, /_fake/reset, /_fake/requests:

    python -m tests.fakes.fake_ai_server --port 0 --stt-latency 2.5 --first-token 0.6 \
        --tokens-per-second 40 --tts-first-byte 0.5
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import copy
import io
import json
import re
import threading
import time
import uuid
import wave
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any, Literal

import av
import numpy as np
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

RouteName = Literal["transcriptions", "chat", "speech", "realtime", "messages", "models"]
ROUTES: tuple[RouteName, ...] = ("transcriptions", "chat", "speech", "realtime", "messages", "models")
REALTIME_RATE = 24_000

DEFAULT_TRANSCRIPT = (
    "Um, I led the migration of our billing service to Postgres and cut costs by thirty percent."
)
DEFAULT_QUESTION = "[[new]]\nTell me about a time you had to debug a production incident under pressure."
DEFAULT_EVALUATION: dict[str, Any] = {
    "technical": 7.5,
    "clarity": 6.0,
    "confidence": 6.5,
    "behavioral": 7.0,
    "technical_feedback": "You named the database and the saving; say how you tested the migration.",
    "clarity_feedback": "Lead with the result, then the steps.",
    "confidence_feedback": "Two hedges ('I think', 'maybe') and one long pause before the result.",
    "behavioral_feedback": "Clear action in the first person; the situation was thin.",
    "star": {"has_situation": False, "has_task": True, "has_action": True, "has_result": True},
    "summary": "A solid, concrete answer that would land better with a one-line setup.",
    "suggestions": ["Open with one sentence of context.", "Replace 'I think' with what you measured."],
}
DEFAULT_REPORT: dict[str, Any] = {
    "strengths": ["Concrete numbers in your migration answer."],
    "weaknesses": ["Situations were often skipped."],
    "key_highlights": ["Question 2: a complete STAR answer."],
    "immediate_improvements": ["Start every story with one sentence of context."],
    "practice_areas": ["System design trade-offs."],
    "resources": [{"title": "Designing Data-Intensive Applications", "url": "", "why": "Trade-offs."}],
}


@dataclass
class Fault:
    """What to do instead of (or before) answering one request."""

    kind: Literal[
        "http", "slow", "malformed_body", "malformed_output", "break_stream", "cut_stream", "ws_error"
    ]
    status: int = 500
    retry_after: float | None = None
    seconds: float = 0.0
    after_chunks: int = 0
    code: str = "server_error"

    @classmethod
    def http(cls, status: int, retry_after: float | None = None) -> Fault:
        """Answer with this HTTP status (and a Retry-After header when given)."""
        return cls("http", status=status, retry_after=retry_after)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Wait this long before answering normally (longer than the client timeout = a timeout)."""
        return cls("slow", seconds=seconds)

    @classmethod
    def malformed_body(cls) -> Fault:
        """200 with a JSON content type and a body that is not JSON."""
        return cls("malformed_body")

    @classmethod
    def malformed_output(cls) -> Fault:
        """A valid envelope whose structured output (the model's JSON text) is broken."""
        return cls("malformed_output")

    @classmethod
    def break_stream(cls, after_chunks: int) -> Fault:
        """Drop the connection after this many content chunks / audio deltas."""
        return cls("break_stream", after_chunks=after_chunks)

    @classmethod
    def cut_stream(cls, after_chunks: int) -> Fault:
        """End the stream cleanly after this many content chunks, without its final event."""
        return cls("cut_stream", after_chunks=after_chunks)

    @classmethod
    def ws_error(cls, code: str = "server_error") -> Fault:
        """Realtime: answer response.create with an `error` event of this code."""
        return cls("ws_error", code=code)


@dataclass
class Latency:
    stt_seconds: float = 0.0
    first_token_seconds: float = 0.0
    tokens_per_second: float = 0.0
    """0 means no delay between tokens."""
    tts_first_byte_seconds: float = 0.0


@dataclass
class Answers:
    transcript: str = DEFAULT_TRANSCRIPT
    question: str = DEFAULT_QUESTION
    """What chat completions / messages answer when no structured output is asked for."""
    evaluation: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULT_EVALUATION))
    report: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULT_REPORT))
    seconds_per_char: float = 0.02
    live_transcripts: list[str] = field(default_factory=list)
    """Realtime transcription sessions: the text of each committed item in turn (empty: `transcript`)."""
    """Length of synthesized audio per character of input text."""


@dataclass
class LoggedRequest:
    route: RouteName
    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, str]
    json: Any = None
    form: dict[str, Any] = field(default_factory=dict)
    file_bytes: int | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    """Realtime: the client events received on the socket."""
    vendor: Literal["openai", "anthropic"] = "openai"


class FakeAIServer:
    """See the module docstring. Safe to script from the test's thread while it serves."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency: Latency | None = None) -> None:
        self.host = host
        self.port = port
        self.latency = latency or Latency()
        self.answers = Answers()
        self.requests: list[LoggedRequest] = []
        self._faults: dict[str, collections.deque[Fault]] = {r: collections.deque() for r in ROUTES}
        self._live_deltas_sent = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.app = self._build_app()

    # --- scripting -----------------------------------------------------------------------

    def fail(self, route: RouteName, *faults: Fault) -> None:
        """Queue faults for the next requests to `route`, one per request, in order."""
        self._faults[route].extend(faults)

    def pending_faults(self, route: RouteName) -> int:
        return len(self._faults[route])

    def requests_to(self, route: RouteName) -> list[LoggedRequest]:
        return [r for r in self.requests if r.route == route]

    def reset(self) -> None:
        """Forget faults, requests, answers and latencies (between tests)."""
        for queue in self._faults.values():
            queue.clear()
        self.requests.clear()
        self.answers = Answers()
        self.latency = Latency()
        self._live_deltas_sent = 0

    # --- lifecycle -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.base_url}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.base_url

    def settings_overrides(self) -> dict[str, Any]:
        """Keyword arguments for `Settings(...)` that point both SDKs here."""
        return {
            "openai_api_key": "sk-fake-openai",
            "openai_base_url": self.openai_base_url,
            "anthropic_api_key": "sk-ant-fake",
            "anthropic_base_url": self.anthropic_base_url,
        }

    async def start(self) -> str:
        """Serve in a background thread; returns the base URL once it accepts connections."""
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="fake-ai-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake AI server did not start")
            await asyncio.sleep(0.005)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self.base_url

    def stop(self) -> None:
        """Stop serving and wait for the thread (a second at most for open streams)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    async def __aenter__(self) -> FakeAIServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop()

    # --- the app -------------------------------------------------------------------------

    def _build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/audio/transcriptions", self._transcriptions, methods=["POST"]),
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/audio/speech", self._speech, methods=["POST"]),
                WebSocketRoute("/v1/realtime", self._realtime),
                Route("/v1/messages", self._messages, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
                Route("/_fake/faults", self._control_faults, methods=["POST"]),
                Route("/_fake/latency", self._control_latency, methods=["POST"]),
                Route("/_fake/answers", self._control_answers, methods=["POST"]),
                Route("/_fake/reset", self._control_reset, methods=["POST"]),
                Route("/_fake/requests", self._control_requests, methods=["GET"]),
            ]
        )

    def _take_fault(self, route: RouteName) -> Fault | None:
        try:
            return self._faults[route].popleft()
        except IndexError:
            return None

    def _log(self, route: RouteName, request: Request, **extra: Any) -> LoggedRequest:
        vendor: Literal["openai", "anthropic"] = (
            "anthropic" if "anthropic-version" in request.headers else "openai"
        )
        entry = LoggedRequest(
            route,
            request.method,
            request.url.path,
            dict(request.headers),
            dict(request.query_params),
            vendor=vendor,
            **extra,
        )
        self.requests.append(entry)
        return entry

    async def _before(self, fault: Fault | None, vendor: str) -> Response | None:
        """Apply a fault that happens before the answer; a response to send instead, or None."""
        if fault is None:
            return None
        if fault.kind == "slow":
            await asyncio.sleep(fault.seconds)
            return None
        if fault.kind == "http":
            headers = {"retry-after": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            return JSONResponse(_error_body(vendor, fault.status), status_code=fault.status, headers=headers)
        if fault.kind == "malformed_body":
            return Response(b'{"id": "broken", "choices": [', media_type="application/json")
        return None

    # --- OpenAI ---------------------------------------------------------------------------

    async def _transcriptions(self, request: Request) -> Response:
        form = await request.form()
        upload = form.get("file")
        data = await upload.read() if upload is not None and not isinstance(upload, str) else b""
        fields = {k: form.getlist(k) if k.endswith("[]") else v for k, v in form.items() if k != "file"}
        await form.close()
        self._log("transcriptions", request, form=fields, file_bytes=len(data))
        fault = self._take_fault("transcriptions")
        if (early := await self._before(fault, "openai")) is not None:
            return early
        await asyncio.sleep(self.latency.stt_seconds)
        model = str(form.get("model", ""))
        fmt = str(form.get("response_format", "json"))
        text = self.answers.transcript
        if fmt == "text":
            return PlainTextResponse(text)
        if fmt == "verbose_json":
            if model == "gpt-transcribe":  # text-only model, as documented
                return JSONResponse(_error_body("openai", 400, "verbose_json is not supported"), 400)
            granularities = form.getlist("timestamp_granularities[]")
            return JSONResponse(_verbose_transcript(text, "word" in granularities))
        return JSONResponse({"text": text, "usage": {"type": "duration", "seconds": 3}})

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        self._log("chat", request, json=body)
        fault = self._take_fault("chat")
        if (early := await self._before(fault, "openai")) is not None:
            return early
        content = self._chat_content(body, fault)
        model = body.get("model", "")
        if body.get("stream"):
            return _sse(self._chat_chunks(model, content, fault))
        await asyncio.sleep(self._generation_seconds(content))
        return JSONResponse(
            {
                "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
            }
        )

    def _chat_content(self, body: dict[str, Any], fault: Fault | None) -> str:
        response_format = body.get("response_format") or {}
        if response_format.get("type") != "json_schema":
            return self.answers.question
        spec = response_format.get("json_schema", {})
        if fault is not None and fault.kind == "malformed_output":
            return '{"technical": 7, "clarity": '
        return json.dumps(self._structured(spec.get("name", ""), spec.get("schema", {})))

    def _structured(self, name: str, schema: dict[str, Any]) -> Any:
        properties = schema.get("properties", {})
        if name == "evaluation" or "technical" in properties:
            return self.answers.evaluation
        if name == "report" or "strengths" in properties:
            return self.answers.report
        return _example(schema)

    async def _chat_chunks(self, model: str, content: str, fault: Fault | None) -> AsyncIterator[bytes]:
        ident = f"chatcmpl-{uuid.uuid4().hex[:12]}"

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            payload = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            }
            return f"data: {json.dumps(payload)}\n\n".encode()

        await asyncio.sleep(self.latency.first_token_seconds)
        yield chunk({"role": "assistant", "content": ""})
        for index, token in enumerate(_tokens(content)):
            if _stream_stops(fault, index):
                return
            if index and self.latency.tokens_per_second:
                await asyncio.sleep(1 / self.latency.tokens_per_second)
            yield chunk({"content": token})
        yield chunk({}, "stop")
        yield b"data: [DONE]\n\n"

    def _generation_seconds(self, content: str) -> float:
        tps = self.latency.tokens_per_second
        return self.latency.first_token_seconds + (len(_tokens(content)) / tps if tps else 0.0)

    async def _speech(self, request: Request) -> Response:
        body = await request.json()
        self._log("speech", request, json=body)
        fault = self._take_fault("speech")
        if (early := await self._before(fault, "openai")) is not None:
            return early
        await asyncio.sleep(self.latency.tts_first_byte_seconds)
        fmt = body.get("response_format", "mp3")
        pcm = _tone(self._speech_seconds(body.get("input", "")), REALTIME_RATE)
        return Response(_encode(pcm, REALTIME_RATE, fmt), media_type=_SPEECH_MIME.get(fmt, "audio/mpeg"))

    def _speech_seconds(self, text: str) -> float:
        return min(10.0, max(0.3, len(text) * self.answers.seconds_per_char))

    async def _realtime(self, websocket: WebSocket) -> None:
        entry = LoggedRequest(
            "realtime", "GET", websocket.url.path, dict(websocket.headers), dict(websocket.query_params)
        )
        self.requests.append(entry)
        fault = self._take_fault("realtime")
        if fault is not None and fault.kind == "http":
            headers = {"retry-after": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            await websocket.send_denial_response(
                JSONResponse(_error_body("openai", fault.status), fault.status, headers=headers)
            )
            return
        await websocket.accept()
        self._live_deltas_sent = 0  # break_stream counts the deltas of this session
        model = websocket.query_params.get("model", "")
        session: dict[str, Any] = {"type": "realtime", "model": model, "id": f"sess_{uuid.uuid4().hex[:8]}"}
        await _send(websocket, {"type": "session.created", "session": session})
        text = ""
        buffered = 0
        previous: str | None = None
        commits = 0
        try:
            while True:
                event = json.loads(await websocket.receive_text())
                entry.events.append(event)
                kind = event.get("type")
                if kind == "input_audio_buffer.append":
                    # Keep the log small: the length of the audio, not the audio.
                    audio = base64.b64decode(event.get("audio", ""))
                    entry.events[-1] = {"type": kind, "audio_bytes": len(audio)}
                    buffered += len(audio)
                elif kind == "input_audio_buffer.commit":
                    previous, buffered = await self._realtime_commit(
                        websocket, buffered, previous, commits, fault
                    )
                    commits += 1
                    if fault is not None and fault.kind == "ws_error":
                        fault = None
                elif kind == "session.update":
                    session.update(event.get("session", {}))
                    await _send(websocket, {"type": "session.updated", "session": session})
                elif kind == "conversation.item.create":
                    item = event.get("item", {})
                    text = " ".join(c.get("text", "") for c in item.get("content", []))
                    item = {**item, "id": f"item_{uuid.uuid4().hex[:8]}", "status": "completed"}
                    await _send(websocket, {"type": "conversation.item.added", "item": item})
                    await _send(websocket, {"type": "conversation.item.done", "item": item})
                elif kind == "response.create":
                    await self._realtime_response(websocket, text, fault)
                    fault = None
        except WebSocketDisconnect:
            return

    async def _realtime_commit(
        self, websocket: WebSocket, buffered: int, previous: str | None, index: int, fault: Fault | None
    ) -> tuple[str | None, int]:
        """A transcription session's commit: the item, its text in word deltas, then completed."""
        if buffered < REALTIME_RATE // 10 * 2:
            error = {
                "type": "invalid_request_error",
                "code": "input_audio_buffer_commit_empty",
                "message": "buffer too small: at least 100ms of audio is needed",
            }
            await _send(websocket, {"type": "error", "error": error})
            return previous, buffered
        if fault is not None and fault.kind == "ws_error":
            error = {"type": "server_error", "code": fault.code, "message": f"fake {fault.code}"}
            await _send(websocket, {"type": "error", "error": error})
            return previous, 0
        item_id = f"item_{uuid.uuid4().hex[:8]}"
        await _send(
            websocket,
            {"type": "input_audio_buffer.committed", "item_id": item_id, "previous_item_id": previous},
        )
        await asyncio.sleep(self.latency.stt_seconds)
        texts = self.answers.live_transcripts
        text = texts[index % len(texts)] if texts else self.answers.transcript
        for token in _tokens(text):
            if (
                fault is not None
                and fault.kind == "break_stream"
                and self._live_deltas_sent >= fault.after_chunks
            ):
                await websocket.close(code=1011)
                raise WebSocketDisconnect(1011)
            self._live_deltas_sent += 1
            await _send(
                websocket,
                {
                    "type": "conversation.item.input_audio_transcription.delta",
                    "item_id": item_id,
                    "content_index": 0,
                    "delta": token,
                },
            )
        await _send(
            websocket,
            {
                "type": "conversation.item.input_audio_transcription.completed",
                "item_id": item_id,
                "content_index": 0,
                "transcript": text,
                "usage": {"type": "duration", "seconds": round(buffered / 2 / REALTIME_RATE, 2)},
            },
        )
        return item_id, 0

    async def _realtime_response(self, websocket: WebSocket, text: str, fault: Fault | None) -> None:
        response_id = f"resp_{uuid.uuid4().hex[:8]}"
        response: dict[str, Any] = {"id": response_id, "object": "realtime.response", "status": "in_progress"}
        await _send(websocket, {"type": "response.created", "response": response})
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.seconds)
        if fault is not None and fault.kind == "ws_error":
            error = {"type": "server_error", "code": fault.code, "message": f"fake {fault.code}"}
            await _send(websocket, {"type": "error", "error": error})
            return
        await asyncio.sleep(self.latency.tts_first_byte_seconds)
        pcm = _tone(self._speech_seconds(text), REALTIME_RATE)
        item_id = f"item_{uuid.uuid4().hex[:8]}"
        step = REALTIME_RATE // 10 * 2  # 100 ms of int16 per delta
        for index, start in enumerate(range(0, len(pcm), step)):
            if fault is not None and fault.kind == "break_stream" and index >= fault.after_chunks:
                await websocket.close(code=1011)
                raise WebSocketDisconnect(1011)
            delta = base64.b64encode(pcm[start : start + step]).decode()
            await _send(
                websocket,
                {
                    "type": "response.output_audio.delta",
                    "response_id": response_id,
                    "item_id": item_id,
                    "output_index": 0,
                    "content_index": 0,
                    "delta": delta,
                },
            )
        await _send(
            websocket,
            {
                "type": "response.output_audio.done",
                "response_id": response_id,
                "item_id": item_id,
                "output_index": 0,
                "content_index": 0,
            },
        )
        done = {**response, "status": "completed", "output": [], "usage": {"total_tokens": 10}}
        await _send(websocket, {"type": "response.done", "response": done})

    # --- Anthropic ------------------------------------------------------------------------

    async def _messages(self, request: Request) -> Response:
        body = await request.json()
        self._log("messages", request, json=body)
        fault = self._take_fault("messages")
        if (early := await self._before(fault, "anthropic")) is not None:
            return early
        model = body.get("model", "")
        content = self._anthropic_content(body, fault)
        if body.get("stream"):
            return _sse(self._anthropic_events(model, content, fault))
        text = "".join(block.get("text", "") for block in content)
        await asyncio.sleep(self._generation_seconds(text))
        stop = "tool_use" if any(block["type"] == "tool_use" for block in content) else "end_turn"
        return JSONResponse(_anthropic_message(model, content, stop, len(_tokens(text))))

    def _anthropic_content(self, body: dict[str, Any], fault: Fault | None) -> list[dict[str, Any]]:
        malformed = fault is not None and fault.kind == "malformed_output"
        choice = body.get("tool_choice") or {}
        if body.get("tools") and choice.get("type") == "tool":
            tool = next(t for t in body["tools"] if t.get("name") == choice.get("name"))
            value = self._structured(tool["name"], tool.get("input_schema", {}))
            return [
                {
                    "type": "tool_use",
                    "id": f"toolu_{uuid.uuid4().hex[:8]}",
                    "name": tool["name"],
                    "input": {} if malformed else value,
                }
            ]
        output_format = (body.get("output_config") or {}).get("format") or {}
        if output_format.get("type") == "json_schema":
            text = (
                '{"technical": 7, "clarity": '
                if malformed
                else json.dumps(self._structured("", output_format.get("schema", {})))
            )
            return [{"type": "text", "text": text}]
        return [{"type": "text", "text": self.answers.question}]

    async def _anthropic_events(
        self, model: str, content: list[dict[str, Any]], fault: Fault | None
    ) -> AsyncIterator[bytes]:
        text = "".join(block.get("text", "") for block in content)
        start = _anthropic_message(model, [], None, 1)
        yield _event("message_start", {"type": "message_start", "message": start})
        await asyncio.sleep(self.latency.first_token_seconds)
        yield _event(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        )
        yield _event("ping", {"type": "ping"})
        tokens = _tokens(text)
        for index, token in enumerate(tokens):
            if _stream_stops(fault, index):
                return
            if index and self.latency.tokens_per_second:
                await asyncio.sleep(1 / self.latency.tokens_per_second)
            delta = {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": token},
            }
            yield _event("content_block_delta", delta)
        yield _event("content_block_stop", {"type": "content_block_stop", "index": 0})
        yield _event(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": len(tokens)},
            },
        )
        yield _event("message_stop", {"type": "message_stop"})

    # --- both -----------------------------------------------------------------------------

    async def _models(self, request: Request) -> Response:
        entry = self._log("models", request)
        fault = self._take_fault("models")
        if (early := await self._before(fault, entry.vendor)) is not None:
            return early
        if entry.vendor == "anthropic":
            data = [
                {
                    "type": "model",
                    "id": "claude-haiku-5-5",
                    "display_name": "Claude Haiku 5.5",
                    "created_at": "2026-10-07T00:00:00Z",
                }
            ]
            return JSONResponse(
                {"data": data, "has_more": False, "first_id": data[0]["id"], "last_id": data[0]["id"]}
            )
        models = [{"id": "gpt-6-luna", "object": "model", "created": 1758499200, "owned_by": "openai"}]
        return JSONResponse({"object": "list", "data": models})

    # --- control (for other processes) ---------------------------------------------------

    async def _control_faults(self, request: Request) -> Response:
        body = await request.json()
        self.fail(body["route"], *(Fault(**f) for f in body.get("faults", [])))
        return JSONResponse({"pending": self.pending_faults(body["route"])})

    async def _control_latency(self, request: Request) -> Response:
        self.latency = Latency(**{**asdict(self.latency), **(await request.json())})
        return JSONResponse(asdict(self.latency))

    async def _control_answers(self, request: Request) -> Response:
        self.answers = Answers(**{**asdict(self.answers), **(await request.json())})
        return JSONResponse({"ok": True})

    async def _control_reset(self, request: Request) -> Response:
        self.reset()
        return JSONResponse({"ok": True})

    async def _control_requests(self, request: Request) -> Response:
        return JSONResponse([asdict(r) for r in self.requests])


# --- wire helpers ----------------------------------------------------------------------------

_SPEECH_MIME = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}
_TOKEN = re.compile(r"\s*\S+|\s+")


def _tokens(text: str) -> list[str]:
    """Word-sized pieces (leading whitespace kept) that join back into `text`."""
    return _TOKEN.findall(text)


def _stream_stops(fault: Fault | None, index: int) -> bool:
    """True to end a stream cleanly here (cut_stream); raises to drop the connection (break_stream)."""
    if fault is None or fault.kind not in ("break_stream", "cut_stream") or index < fault.after_chunks:
        return False
    if fault.kind == "break_stream":
        raise ConnectionAbortedError("fake: stream broken on purpose")
    return True


def _sse(body: AsyncIterator[bytes]) -> StreamingResponse:
    return StreamingResponse(body, media_type="text/event-stream", headers={"cache-control": "no-cache"})


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


async def _send(websocket: WebSocket, event: dict[str, Any]) -> None:
    await websocket.send_text(json.dumps({"event_id": f"event_{uuid.uuid4().hex[:10]}", **event}))


def _error_body(vendor: str, status: int, message: str | None = None) -> dict[str, Any]:
    if vendor == "anthropic":
        kind = {
            429: "rate_limit_error",
            529: "overloaded_error",
            400: "invalid_request_error",
            401: "authentication_error",
        }.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message or f"fake {status}"}}
    kind = {429: "rate_limit_exceeded", 400: "invalid_request_error"}.get(status, "server_error")
    return {"error": {"message": message or f"fake {status}", "type": kind, "param": None, "code": kind}}


def _anthropic_message(
    model: str, content: list[dict[str, Any]], stop: str | None, out: int
) -> dict[str, Any]:
    return {
        "id": f"msg_{uuid.uuid4().hex[:12]}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 100, "output_tokens": out},
    }


def _verbose_transcript(text: str, with_words: bool) -> dict[str, Any]:
    words = text.split()
    spacing = 0.4
    duration = round(len(words) * spacing, 2)
    result: dict[str, Any] = {
        "task": "transcribe",
        "language": "english",
        "duration": duration,
        "text": text,
        "segments": [
            {
                "id": 0,
                "seek": 0,
                "start": 0.0,
                "end": duration,
                "text": text,
                "tokens": [1, 2, 3],
                "temperature": 0.0,
                "avg_logprob": -0.2,
                "compression_ratio": 1.2,
                "no_speech_prob": 0.01,
            }
        ],
    }
    if with_words:
        result["words"] = [
            {"word": word, "start": round(i * spacing, 2), "end": round(i * spacing + spacing * 0.8, 2)}
            for i, word in enumerate(words)
        ]
    return result


def _example(schema: dict[str, Any]) -> Any:
    """A value valid for a (closed, strict) JSON schema, for outputs nobody scripted."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: _example(sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [_example(schema.get("items", {}))]
    if kind in ("number", "integer"):
        return 7
    if kind == "boolean":
        return True
    return "example"


def _tone(seconds: float, rate: int) -> bytes:
    """A 220 Hz sine as int16 little-endian PCM: real, decodable audio."""
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * 220 * t) * 8000).astype("<i2").tobytes()


def _encode(pcm: bytes, rate: int, fmt: str) -> bytes:
    if fmt == "pcm":
        return pcm
    if fmt == "wav":
        out = io.BytesIO()
        with wave.open(out, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            wav.writeframes(pcm)
        return out.getvalue()
    container_name, codec, codec_rate = {
        "mp3": ("mp3", "libmp3lame", rate),
        "opus": ("ogg", "libopus", rate),
        "aac": ("adts", "aac", rate),
        "flac": ("flac", "flac", rate),
    }[fmt]
    samples = np.frombuffer(pcm, dtype="<i2").reshape(1, -1)
    out = io.BytesIO()
    with av.open(out, mode="w", format=container_name) as container:
        stream = container.add_stream(codec, rate=codec_rate, layout="mono")
        assert isinstance(stream, av.AudioStream)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = rate
        frame.pts = 0
        frame.time_base = Fraction(1, rate)
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


# --- command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake OpenAI + Anthropic server for tests and benchmarks.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on start)")
    parser.add_argument("--stt-latency", type=float, default=0.0, help="seconds per transcription")
    parser.add_argument("--first-token", type=float, default=0.0, help="seconds before the first token")
    parser.add_argument("--tokens-per-second", type=float, default=0.0, help="0 = no delay between tokens")
    parser.add_argument("--tts-first-byte", type=float, default=0.0, help="seconds before the first audio")
    parser.add_argument("--transcript", default=DEFAULT_TRANSCRIPT)
    parser.add_argument("--question", default=DEFAULT_QUESTION)
    args = parser.parse_args(argv)
    server = FakeAIServer(
        args.host,
        args.port,
        Latency(args.stt_latency, args.first_token, args.tokens_per_second, args.tts_first_byte),
    )
    server.answers.transcript = args.transcript
    server.answers.question = args.question

    async def serve() -> None:
        config = uvicorn.Config(
            server.app, host=args.host, port=args.port, log_level="warning", lifespan="off"
        )
        uv = uvicorn.Server(config)
        task = asyncio.create_task(uv.serve())
        while not uv.started:
            if task.done():
                await task
                return
            await asyncio.sleep(0.01)
        server.port = uv.servers[0].sockets[0].getsockname()[1]
        print(f"fake AI server listening on {server.base_url}", flush=True)
        await task

    asyncio.run(serve())


if __name__ == "__main__":
    main()
