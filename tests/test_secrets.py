"""Secrets at rest: the key file, share tokens, access logs, shared reports, the container's user."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from pathlib import Path

import pytest
from interview.db.tables import Report, Transcript
from interview.logging import RedactShareTokens
from interview.settings import Settings
from pydantic import ValidationError

from tests.graphql_client import GraphQLClient
from tests.reports.factories import Answer, stored_interview

REPO = Path(__file__).resolve().parents[1]


def _settings(data_dir: Path, secret_key: str | None = None) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, secret_key=secret_key)  # type: ignore[call-arg]


def test_the_generated_key_is_private_from_the_start_and_read_once(tmp_path: Path) -> None:
    previous = os.umask(0)  # a permissive umask must not matter
    try:
        settings = _settings(tmp_path / "data")
        key = settings.resolved_secret_key()
    finally:
        os.umask(previous)
    path = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key.encode()) >= 32
    path.unlink()  # read once: the process keeps the key it read
    assert settings.resolved_secret_key() == key
    assert _settings(tmp_path / "data").resolved_secret_key() != key  # a new process makes a new one


def test_short_keys_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        _settings(tmp_path, secret_key="short but not a placeholder")
    (tmp_path / "secret_key").write_text("too-short")
    with pytest.raises(ValueError, match="under 32 bytes"):
        _settings(tmp_path).resolved_secret_key()


async def test_share_tokens_are_hashed_at_rest_and_reports_shared_anonymously(client: GraphQLClient) -> None:
    owner = await client.register("Grace Hopper")
    stored = await stored_interview(owner.user_id, [Answer()])
    await Transcript.update({Transcript.speaker_name: "Grace Hopper"}).where(  # as a real answer is stored
        (Transcript.session == stored.session_id) & (Transcript.speaker == "USER")
    )
    report = (
        await client.data(
            "mutation($s: ID!) { endInterview(sessionId: $s) { id } }",
            {"s": str(stored.session_id)},
            owner.token,
        )
    )["endInterview"]
    share = "mutation($r: ID!) { shareReport(reportId: $r) { token } }"
    token = (await client.data(share, {"r": report["id"]}, owner.token))["shareReport"]["token"]
    row = await Report.select(Report.share_token).where(Report.id == report["id"]).first()
    assert row is not None and row["share_token"] != token
    assert row["share_token"] == hashlib.sha256(token.encode()).hexdigest()
    # the owner is shown the same live link again
    assert (await client.data(share, {"r": report["id"]}, owner.token))["shareReport"]["token"] == token
    transcripts = "transcripts { speaker speakerName }"
    names = "{ session { " + transcripts + " } }"
    shared = await client.data(
        f"query($t: String!) {{ reportByShareToken(token: $t) {names} }}", {"t": token}
    )
    spoken = {t["speaker"]: t["speakerName"] for t in shared["reportByShareToken"]["session"]["transcripts"]}
    assert spoken["USER"] == "Candidate"
    own = await client.data(
        "query($s: ID!) { session(id: $s) { " + transcripts + " } }",
        {"s": str(stored.session_id)},
        owner.token,
    )
    assert {t["speakerName"] for t in own["session"]["transcripts"] if t["speaker"] == "USER"} == {
        "Grace Hopper"
    }


def test_share_tokens_are_kept_out_of_access_logs() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/share/SeCrEt-ToKeN/download", "1.1", 200),
        None,
    )
    assert RedactShareTokens().filter(record)
    assert "SeCrEt" not in record.getMessage() and "/share/***/download" in record.getMessage()


def test_the_container_runs_as_a_user() -> None:
    lines = [
        line.split() for line in (REPO / "Dockerfile").read_text().splitlines() if line.startswith("USER ")
    ]
    assert lines and lines[-1][1] not in ("root", "0")
