"""Finishing answers a crashed process left unfinished, from their stored audio.

An answer is stored (RECEIVED) before any AI call, so a process that dies mid-turn leaves a
RECEIVED or TRANSCRIBED row and its audio. Every process looks for such rows in the background,
at start-up and then every `turn_recovery_interval_seconds`. A row is taken only when it is older
than `turn_recovery_grace_seconds` (a live turn may be between storing and locking it) and its
advisory lock is free (no live process is running its turn); the turn then runs as usual and
publishes its events, so a candidate still listening sees the answer complete. An answer whose
turn already started `turn_max_attempts` times without ending (it kills its process: a poison
answer) is marked FAILED instead, with TurnFailed (run.py), so no process retries it forever.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import structlog

from interview.db.tables import InterviewSession, Transcript
from interview.interviews.turn.answers import UNFINISHED
from interview.interviews.turn.run import finish_answer
from interview.services import Services

log = structlog.get_logger(__name__)

_RECOVERABLE_SESSIONS = ("ACTIVE", "PAUSED")


async def recover_unfinished_answers(services: Services) -> int:
    """Finish every abandoned answer once; returns how many this process finished."""
    cutoff = datetime.now(UTC) - timedelta(seconds=services.settings.turn_recovery_grace_seconds)
    rows = (
        await Transcript.select()
        .where(
            (Transcript.speaker == "USER")
            & Transcript.status.is_in(list(UNFINISHED))
            & (Transcript.timestamp < cutoff)
        )
        .order_by(Transcript.timestamp)
        .output(load_json=True)
    )
    finished = 0
    for answer in rows:
        session = await InterviewSession.select().where(InterviewSession.id == answer["session"]).first()
        if session is None or session["status"] not in _RECOVERABLE_SESSIONS:
            continue
        try:
            outcome = await finish_answer(services, session, answer)
        except Exception as error:  # recorded on the answer (FAILED) by the turn itself
            log.warning("recovering an answer failed", answer_id=str(answer["id"]), error=str(error))
            continue
        if outcome is not None:
            finished += 1
            log.info("recovered an unfinished answer", answer_id=str(answer["id"]))
    return finished


async def run_recovery(services: Services) -> None:
    """Look for abandoned answers now and then periodically, until cancelled (the app's lifespan)."""
    while True:
        try:
            await recover_unfinished_answers(services)
        except Exception:
            log.exception("answer recovery pass failed")
        await asyncio.sleep(services.settings.turn_recovery_interval_seconds)
