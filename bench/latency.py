"""Voice-to-voice latency of the answer turn, against the fake AI server's realistic delays.

The fake server (tests/fakes/fake_ai_server.py, the real openai SDK talks to it) is set to STT
2.5 s, first LLM token 0.6 s then 40 tokens/s, TTS first byte 0.5 s per request. One real API
process serves the turn; a real websocket subscriber on it times, from the end of the upload
(the moment submitAnswer's request has been handed to the socket), the first InterviewerSpeech
that carries audio. That is printed beside:

- the serial path: STT + evaluation + the whole question + its whole speech, one after another;
- the floor: STT + time to the question's first sentence + TTS first byte (nothing can speak
  sooner without guessing the question before the answer is heard).

Both come from the fake server's own timing functions for the texts it answers with, so they
carry none of our overhead, which the measured path does carry: the ratios are conservative.
The server runs with its defaults: the contract's relaxed order, each InterviewerSpeech chunk
published as soon as it is synthesised, whatever the evaluation is doing. The acknowledgement
(InterviewerAcknowledged) is timed separately; it is not the question's first audio. Medians of
several turns.

    .venv/bin/python bench/latency.py [--turns 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import bench_database, environment, migrate_and_seed
from tests.fakes.fake_ai_server import DEFAULT_QUESTION, FakeAIServer, Latency, _tokens
from tests.live.processes import ApiProcess, api_processes
from tests.live.recordings import live_recording
from tests.live.ws import GraphQLWebSocket

LATENCY = Latency(stt_seconds=2.5, first_token_seconds=0.6, tokens_per_second=40, tts_first_byte_seconds=0.5)
EVENTS = """
subscription($id: ID!) { interviewEvents(sessionId: $id) {
  __typename
  ... on InterviewerSpeech { chunkIndex final audio { durationMs } }
  ... on InterviewerAcknowledged { audio { durationMs } }
} }
"""
SUBMIT = (
    "mutation($s: ID!, $n: Int!, $audio: Upload!) {"
    " submitAnswer(sessionId: $s, sequenceNumber: $n, audio: $audio)"
    " { transcript { id } interviewerResponse { question { sequenceNumber } } } }"
)


async def _graphql(
    http: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any], token: str | None = None
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (await http.post(url, json={"query": query, "variables": variables}, headers=headers)).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


async def _session(http: httpx.AsyncClient, url: str) -> tuple[str, str]:
    token = (
        await _graphql(
            http,
            url,
            'mutation($e: String!) { register(email: $e, password: "correct horse battery",'
            ' displayName: "Lat") { token } }',
            {"e": f"latency.{uuid.uuid4().hex[:8]}@example.com"},
        )
    )["register"]["token"]
    persona = (await _graphql(http, url, "{ personas { id } }", {}))["personas"][0]["id"]
    session_id = (
        await _graphql(
            http,
            url,
            'mutation($p: ID!) { startInterview(input: {personaId: $p, jobTitle: "Backend Engineer", '
            "interviewType: TECHNICAL, difficulty: MEDIUM}) { id } }",
            {"p": persona},
            token,
        )
    )["startInterview"]["id"]
    ask = "mutation($id: ID!) { initialQuestion(sessionId: $id) { question { id } } }"
    await _graphql(http, url, ask, {"id": session_id}, token)
    return token, session_id


async def _turn(server: ApiProcess, audio: bytes) -> dict[str, float]:
    """One answer; seconds from the end of the upload to the first arrival of each kind of event."""
    url = f"{server.http_url}/graphql"
    async with httpx.AsyncClient(timeout=120) as http:
        token, session_id = await _session(http, url)
        async with GraphQLWebSocket.open(server.ws_url, token) as ws:
            operation = await ws.subscribe(EVENTS, {"id": session_id})
            await ws.event(operation)
            operations = {"query": SUBMIT, "variables": {"s": session_id, "n": 1, "audio": None}}
            request = http.build_request(
                "POST",
                url,
                data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.audio"]})},
                files={"0": ("answer.webm", audio, "audio/webm")},
                headers={"authorization": f"Bearer {token}"},
            )
            # A 70 KB body reaches a server on 127.0.0.1 in well under a millisecond: the clock starts
            # as the request is handed to the client, which is the end of the upload to within that.
            started = time.monotonic()
            submit = asyncio.create_task(http.send(request))
            seen: dict[str, float] = {}
            while "QuestionAsked" not in seen:
                event = await ws.event(operation, within=60)
                now = time.monotonic() - started
                kind = event["__typename"]
                if kind in ("InterviewerSpeech", "InterviewerAcknowledged") and event.get("audio"):
                    seen.setdefault(f"{kind} audio", now)
                seen.setdefault(kind, now)
            response = await submit
            assert not response.json().get("errors"), response.json()
    return seen


def _first_sentence(text: str) -> str:
    match = re.search(r"[.?!](\s|$)", text)
    return text[: match.end()] if match else text


def _model(fake: FakeAIServer) -> tuple[dict[str, float], dict[str, float]]:
    """The serial path and the floor, timed by the fake server's own formulas."""
    question = DEFAULT_QUESTION
    evaluation_json = json.dumps(fake.answers.evaluation)
    tps = LATENCY.tokens_per_second
    serial = {
        "STT": LATENCY.stt_seconds,
        "evaluation": fake._generation_seconds(evaluation_json),
        "whole question": fake._generation_seconds(question),
        "whole TTS": LATENCY.tts_first_byte_seconds,  # the fake streams the clip at once after its first byte
    }
    floor = {
        "STT": LATENCY.stt_seconds,
        "first sentence": LATENCY.first_token_seconds + len(_tokens(_first_sentence(question))) / tps,
        "TTS first byte": LATENCY.tts_first_byte_seconds,
    }
    return serial, floor


def _describe(parts: dict[str, float]) -> str:
    terms = " + ".join(f"{name} {seconds:.2f}" for name, seconds in parts.items())
    return f"{terms} = {sum(parts.values()):.2f} s"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=5)
    args = parser.parse_args()
    audio = live_recording().webm
    fake = FakeAIServer(latency=LATENCY)
    await fake.start()
    serial, floor = _model(fake)
    serial_s, floor_s = sum(serial.values()), sum(floor.values())
    print(f"serial path: {_describe(serial)}")
    print(f"floor:       {_describe(floor)}")
    print(
        f"best possible speed-up at the floor: {serial_s / floor_s:.2f}x "
        "(a >= 3x target needs a serial path three times the floor)"
    )
    try:
        async with bench_database() as database_url:
            cloud = {
                "OPENAI_API_KEY": "sk-fake-openai",
                "OPENAI_BASE_URL": fake.openai_base_url,
                "ANTHROPIC_API_KEY": "sk-ant-fake",
                "ANTHROPIC_BASE_URL": fake.anthropic_base_url,
            }
            migrate_and_seed(environment(database_url, cloud))
            async with api_processes(1, environment(database_url, cloud)) as (server,):
                await _turn(server, audio)  # warm-up: SDK clients, pools, first decode
                turns = [await _turn(server, audio) for _ in range(args.turns)]
            _print_turns(turns, serial_s, floor_s)
    finally:
        fake.stop()


def _median(turns: list[dict[str, float]], key: str) -> float:
    values = [t[key] for t in turns if key in t]
    return statistics.median(values) if values else float("nan")


def _print_turns(turns: list[dict[str, float]], serial_s: float, floor_s: float) -> None:
    first_audio = _median(turns, "InterviewerSpeech audio")
    print(f"\nrelaxed order (the default): medians of {len(turns)} turns, seconds after the upload")
    keys = (
        "TranscriptReady",
        "InterviewerAcknowledged audio",
        "AnswerEvaluated",
        "InterviewerSpeech",
        "InterviewerSpeech audio",
        "QuestionAsked",
    )
    for key in keys:
        print(f"  {key:32s} {_median(turns, key):6.2f}")
    speedup = serial_s / first_audio
    over_floor_ms = (first_audio - floor_s) * 1000
    print(
        f"  first question audio {first_audio:.2f} s: {speedup:.2f}x faster than serial "
        f"(target >= 3x: {'ok' if speedup >= 3 else 'MISSED'}); {over_floor_ms:+.0f} ms from the floor "
        f"(target <= 150 ms: {'ok' if over_floor_ms <= 150 else 'MISSED'})"
    )


if __name__ == "__main__":
    asyncio.run(main())
