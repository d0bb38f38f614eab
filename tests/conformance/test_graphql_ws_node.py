"""The `graphql-ws` client in Node (outside the browser), as a mobile or server-side app would run it."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from tests.conformance.clients import candidate
from tests.live.processes import REPO, ApiProcess

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed"),
]

SCRIPT = Path(__file__).with_name("graphql_ws_client.mjs")


async def test_the_graphql_ws_node_client(api_server: ApiProcess) -> None:
    assert (REPO / "frontend" / "node_modules" / "graphql-ws").exists(), "run `npm ci` in frontend/"
    interview = await candidate(api_server)
    node = await asyncio.create_subprocess_exec(
        "node",
        str(SCRIPT),
        api_server.ws_url,
        api_server.http_url,
        interview.token,
        interview.session_id,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(node.communicate(), 120)
    assert node.returncode == 0, err.decode()
    report = json.loads(out.decode().strip().splitlines()[-1])

    owner = report["owner"]
    assert [event["__typename"] for event in owner["events"]] == [
        "LiveMetricsUpdated",
        "SessionStatusChanged",
    ]
    assert owner["events"][1]["status"] == "CANCELLED"
    assert owner["completed"] and owner["errors"] is None and "failure" not in owner

    assert report["unknownSession"]["errors"] == ["NOT_FOUND"]
    assert report["unknownSession"]["events"] == []

    assert report["badToken"]["failure"]["code"] == 4403
    assert report["badToken"]["events"] == []
