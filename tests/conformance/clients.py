"""What the conformance tests share: accounts and interviews made over plain HTTP, and test audio.

Nothing here speaks graphql-transport-ws: each test uses the client it is about for that.
"""

from __future__ import annotations

import io
import math
import struct
import uuid
import wave
from dataclasses import dataclass
from typing import Any

import httpx

from tests.live.processes import ApiProcess


@dataclass(frozen=True)
class Candidate:
    token: str
    session_id: str


async def graphql(server: ApiProcess, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
    """The data of an operation that must succeed, POSTed as application/json."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            f"{server.http_url}/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


async def register(server: ApiProcess) -> str:
    data = await graphql(
        server,
        'mutation($e: String!) { register(email: $e, password: "correct horse battery", displayName: "C")'
        " { token } }",
        {"e": f"conformance.{uuid.uuid4().hex[:8]}@example.com"},
    )
    token: str = data["register"]["token"]
    return token


async def candidate(server: ApiProcess, token: str | None = None) -> Candidate:
    """A user (new unless `token` is given) with an interview just started."""
    token = token or await register(server)
    persona = (await graphql(server, "{ personas { id } }", {}))["personas"][0]["id"]
    started = await graphql(
        server,
        'mutation($p: ID!) { startInterview(input: {personaId: $p, jobTitle: "Backend Engineer",'
        " interviewType: TECHNICAL, difficulty: MEDIUM}) { id } }",
        {"p": persona},
        token,
    )
    return Candidate(token=token, session_id=started["startInterview"]["id"])


def tone_wav(seconds: float = 1.0, rate: int = 16_000) -> bytes:
    """A 220 Hz tone as 16-bit mono WAV: audio the server decodes, made without any model."""
    samples = (int(8000 * math.sin(2 * math.pi * 220 * n / rate)) for n in range(int(seconds * rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return buffer.getvalue()
