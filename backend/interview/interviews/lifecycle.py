"""An interview's life: start, ask the first question, pause, resume, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from interview.ai.base import Difficulty, InterviewType
from interview.db.tables import InterviewSession, LiveMetrics, Persona
from interview.db.transactions import in_transaction
from interview.errors import BadUserInput, Conflict, NotFound
from interview.events.bus import Broker
from interview.interviews.events import FINAL_STATUSES, SessionStatusChanged, publish

MAX_JOB_TITLE = 200
MAX_JOB_DESCRIPTION = 20_000
INTERVIEW_TYPES: tuple[InterviewType, ...] = ("TECHNICAL", "BEHAVIORAL", "SYSTEM_DESIGN")
DIFFICULTIES: tuple[Difficulty, ...] = ("EASY", "MEDIUM", "HARD")

# Which states each transition may start from.
_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "pause": (("ACTIVE",), "PAUSED"),
    "resume": (("PAUSED",), "ACTIVE"),
    "cancel": (("ACTIVE", "PAUSED"), "CANCELLED"),
}


@dataclass(frozen=True)
class NewInterview:
    persona_id: str
    job_title: str
    interview_type: InterviewType
    difficulty: Difficulty
    video_enabled: bool = True
    audio_enabled: bool = True
    job_description: str | None = None


def parse_id(value: str, what: str = "interview") -> UUID:
    """IDs are opaque to clients; one that is not ours is simply not found."""
    try:
        return UUID(str(value))
    except ValueError:
        raise NotFound(f"No {what} with id {value!r}.") from None


async def start_interview(user_id: UUID, new: NewInterview, planned_questions: int) -> dict[str, Any]:
    job_title = " ".join(new.job_title.split())
    if not 1 <= len(job_title) <= MAX_JOB_TITLE:
        raise BadUserInput(f"Job title must be 1 to {MAX_JOB_TITLE} characters.", field="jobTitle")
    job_description = _job_description(new.job_description)
    try:
        persona_id = UUID(new.persona_id)
    except ValueError:
        persona_id = None
    if persona_id is None or not await Persona.exists().where(Persona.id == persona_id):
        raise BadUserInput(
            "Unknown persona: pick one of the personas listed by `personas`.", field="personaId"
        )
    session = InterviewSession(
        user=user_id,
        persona=persona_id,
        job_title=job_title,
        interview_type=new.interview_type,
        difficulty=new.difficulty,
        current_difficulty=new.difficulty,
        status="ACTIVE",
        video_enabled=new.video_enabled,
        audio_enabled=new.audio_enabled,
        planned_questions=planned_questions,
        job_description=job_description,
    )

    async def write() -> None:
        await session.save()
        await LiveMetrics(session=session.id, current_question_number=0).save()

    await in_transaction(write)
    return await owned_session(user_id, session.id)


def _job_description(text: str | None) -> str | None:
    """The posting as pasted, trimmed; None when blank. Longer than the limit is refused, not cut,
    so the candidate knows which part of the posting the questions were drawn from."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if len(text) > MAX_JOB_DESCRIPTION:
        raise BadUserInput(
            f"The job posting is {len(text):,} characters; paste at most {MAX_JOB_DESCRIPTION:,} "
            "(the description of the role, its duties and requirements).",
            field="jobDescription",
        )
    return text


async def owned_session(user_id: UUID, session_id: UUID | str) -> dict[str, Any]:
    """The session if it belongs to this user; NOT_FOUND otherwise (never FORBIDDEN)."""
    sid = session_id if isinstance(session_id, UUID) else parse_id(session_id)
    row = (
        await InterviewSession.select()
        .where((InterviewSession.id == sid) & (InterviewSession.user == user_id))
        .first()
    )
    if row is None:
        raise NotFound(f"No interview with id {session_id!s}.")
    return row


async def transition(broker: Broker, user_id: UUID, session_id: str, action: str) -> dict[str, Any]:
    """Move a session to its next state, atomically, and publish SessionStatusChanged.

    CONFLICT if the current state does not allow it.
    """
    allowed_from, target = _TRANSITIONS[action]
    session = await owned_session(user_id, session_id)
    values: dict[Any, Any] = {InterviewSession.status: target}
    if target == "CANCELLED":
        values[InterviewSession.end_time] = datetime.now(UTC)
    updated = (
        await InterviewSession.update(values)
        .where((InterviewSession.id == session["id"]) & InterviewSession.status.is_in(list(allowed_from)))
        .returning(InterviewSession.id)
    )
    if not updated:
        current = await owned_session(user_id, session["id"])
        raise Conflict(
            f"Cannot {action} an interview that is {current['status']}.",
            status=current["status"],
        )
    changed = await owned_session(user_id, session["id"])
    await publish(broker, SessionStatusChanged(session_id=changed["id"], status=changed["status"]))
    return changed


async def is_finished(session_id: UUID) -> bool:
    """True when the session is over (COMPLETED or CANCELLED) or gone: it has no more events."""
    row = (
        await InterviewSession.select(InterviewSession.status)
        .where(InterviewSession.id == session_id)
        .first()
    )
    return row is None or row["status"] in FINAL_STATUSES


def require_active(session: dict[str, Any]) -> None:
    if session["status"] != "ACTIVE":
        hint = " Resume it first." if session["status"] == "PAUSED" else ""
        raise Conflict(f"The interview is {session['status']}, not ACTIVE.{hint}", status=session["status"])


def is_unique_violation(error: BaseException) -> bool:
    return isinstance(error, asyncpg.UniqueViolationError)
