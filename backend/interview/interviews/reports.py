"""Ending an interview with its report, and sharing a report by a read-only link.

endInterview is idempotent, also when two calls race:
1. The session moves to COMPLETED with one conditional UPDATE (ACTIVE/PAUSED -> COMPLETED), which
   PostgreSQL serialises on the row: from then on no answer is accepted (the answer turn requires
   ACTIVE). This is committed first, before the slow part (habit 6: state first).
2. If the session already has a report, that report is the answer.
3. Otherwise, once any answer a live turn is still working on has landed, the report is built
   (aggregates in SQL, narrative from the report-writer chain) and inserted with ON CONFLICT
   (session) DO NOTHING, then re-read: when two calls race, both may build, exactly one row
   lands, and both return it. A call that flipped the status but died
   before inserting leaves a COMPLETED session without a report; the next endInterview builds it.
4. The call whose insert landed publishes ReportReady then SessionStatusChanged(COMPLETED), after
   the commit, so a subscriber that hears ReportReady can read the report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import structlog

from interview.accounts.tokens import hash_token, new_share_nonce, share_token_for
from interview.ai.base import ReportWriter
from interview.db.tables import InterviewSession, Report, Transcript
from interview.errors import Conflict
from interview.events.bus import Broker
from interview.interviews.events import ReportReady, SessionStatusChanged, publish
from interview.interviews.lifecycle import owned_session
from interview.interviews.report_aggregates import report_aggregates
from interview.interviews.report_changes import publish_reports_changed
from interview.interviews.report_json import report_document
from interview.interviews.report_queries import owned_report
from interview.interviews.report_record import load_record, report_input
from interview.interviews.turn.answers import UNFINISHED
from interview.interviews.turn.lock import TurnBusy, TurnLocks

log = structlog.get_logger(__name__)


async def end_interview(
    user_id: UUID,
    session_id: str,
    writer: ReportWriter,
    broker: Broker,
    turn_locks: TurnLocks | None = None,
) -> dict[str, Any]:
    """End the user's interview and return its report (the existing one if it was ended before).

    With `turn_locks`, answers still being processed by a live turn are waited for (see
    `_wait_for_turns_in_flight`), so the report includes the answer given just before ending.
    """
    session = await owned_session(user_id, session_id)
    await _complete(session["id"])
    existing = await Report.select().where(Report.session == session["id"]).first()
    if existing is not None:
        return existing
    if turn_locks is not None:
        await _wait_for_turns_in_flight(turn_locks, session["id"])
    report, created = await _build_report(session["id"], user_id, writer)
    if created:
        await publish(broker, ReportReady(session_id=session["id"], report=report))
        await publish_reports_changed(broker, user_id)
        await publish(broker, SessionStatusChanged(session_id=session["id"], status="COMPLETED"))
    return report


async def _complete(session_id: UUID) -> None:
    """ACTIVE or PAUSED -> COMPLETED (with end_time); COMPLETED stays; CANCELLED is a CONFLICT."""
    updated = (
        await InterviewSession.update(
            {InterviewSession.status: "COMPLETED", InterviewSession.end_time: datetime.now(UTC)}
        )
        .where((InterviewSession.id == session_id) & InterviewSession.status.is_in(["ACTIVE", "PAUSED"]))
        .returning(InterviewSession.id)
    )
    if updated:
        return
    current = (
        await InterviewSession.select(InterviewSession.status)
        .where(InterviewSession.id == session_id)
        .first()
    )
    status = current["status"] if current else "CANCELLED"
    if status != "COMPLETED":
        raise Conflict(f"Cannot end an interview that is {status}.", status=status)


IN_FLIGHT_WAIT_SECONDS = 30.0
"""How long ending waits for answers a live turn is still transcribing and scoring."""


async def _wait_for_turns_in_flight(locks: TurnLocks, session_id: UUID) -> None:
    """Wait (bounded) until no answer of the session is being processed by a live turn.

    An answer is stored (RECEIVED) before its slow work; ending right after answering must not
    leave it out. A turn holds its answer's advisory lock while it runs, so taking each unfinished
    answer's lock waits for exactly the turns still running; an answer whose lock is free was
    abandoned (its process died; recovery deals with it) and is not waited for. The session is
    COMPLETED by then, so no turn starts after this read.
    """
    deadline = time.monotonic() + IN_FLIGHT_WAIT_SECONDS
    unfinished = await Transcript.select(Transcript.id).where(
        (Transcript.session == session_id)
        & (Transcript.speaker == "USER")
        & Transcript.status.is_in(list(UNFINISHED))
    )
    try:
        for answer in unfinished:
            async with locks.hold(answer["id"], deadline - time.monotonic()):
                pass
    except TurnBusy:
        log.warning("report_without_answers_in_flight", session_id=str(session_id))


async def _build_report(session_id: UUID, user_id: UUID, writer: ReportWriter) -> tuple[dict[str, Any], bool]:
    """Insert the report unless another call did first; the stored row and whether we inserted it."""
    record = await load_record(session_id)
    aggregates = await report_aggregates(session_id, record.session["interview_type"])
    narrative = await writer.write(report_input(record, aggregates))
    document = report_document(record, aggregates, narrative)
    row = Report(
        session=session_id,
        user=user_id,
        interview_type=record.session["interview_type"],
        strengths=narrative.strengths,
        weaknesses=narrative.weaknesses,
        key_highlights=narrative.key_highlights,
        immediate_improvements=narrative.immediate_improvements,
        practice_areas=narrative.practice_areas,
        resources_recommended=narrative.resources,
        report_json=document,
        generator_model=narrative.model,
        **aggregates.columns(),
    )
    inserted = (
        await Report.insert(row).on_conflict(action="DO NOTHING", target=Report.session).returning(Report.id)
    )
    stored = await Report.select().where(Report.session == session_id).first()
    assert stored is not None, "the report was inserted or already existed"
    log.info("report_written", session_id=str(session_id), created=bool(inserted), model=narrative.model)
    return stored, bool(inserted)


@dataclass(frozen=True)
class ShareLink:
    token: str
    url: str
    created_at: datetime
    includes_video: bool = False


def share_url(base_url: str, token: str) -> str:
    """The SPA page that shows a shared report."""
    return f"{base_url.rstrip('/')}/share/{token}"


async def share_report(
    user_id: UUID,
    report_id: str,
    enabled: bool,
    base_url: str,
    secret_key: str,
    broker: Broker,
    include_video: bool = False,
) -> ShareLink | None:
    """The live share link (made if there is none); with enabled=False, revoke it and return None.

    The token is derived from a nonce with the secret key and only its hash is stored
    (accounts.tokens.share_token_for); a link stored before that (no nonce) is replaced by a new one.
    `include_video`: whether the link's readers may play the answers' videos; each call sets it
    (the link stays the same), so sharing again without it withdraws the videos at once."""
    report = await owned_report(user_id, report_id)
    try:
        return await _set_share(report, enabled, base_url, secret_key, include_video)
    finally:
        await publish_reports_changed(broker, user_id)


async def _set_share(
    report: dict[str, Any], enabled: bool, base_url: str, secret_key: str, include_video: bool
) -> ShareLink | None:
    if not enabled:
        await Report.update(
            {
                Report.share_token: None,
                Report.share_nonce: None,
                Report.share_created_at: None,
                Report.share_includes_video: False,
            }
        ).where(Report.id == report["id"])
        return None
    await Report.update({Report.share_includes_video: include_video}).where(Report.id == report["id"])
    # Only set a link where there is none, so two racing calls agree on one live link.
    nonce = new_share_nonce()
    live = Report.share_token.is_null() | Report.share_nonce.is_null()
    await Report.update(
        {
            Report.share_token: hash_token(share_token_for(report["id"], nonce, secret_key)),
            Report.share_nonce: nonce,
            Report.share_created_at: datetime.now(UTC),
        }
    ).where((Report.id == report["id"]) & live)
    row = (
        await Report.select(Report.share_nonce, Report.share_created_at, Report.share_includes_video)
        .where(Report.id == report["id"])
        .first()
    )
    assert row is not None and row["share_nonce"] is not None
    token = share_token_for(report["id"], row["share_nonce"], secret_key)
    return ShareLink(
        token=token,
        url=share_url(base_url, token),
        created_at=row["share_created_at"],
        includes_video=row["share_includes_video"],
    )
