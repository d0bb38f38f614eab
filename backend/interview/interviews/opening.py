"""The first question of an interview: asked and spoken once, the same one (and clip) when asked again."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from interview.ai.base import SynthesizedSpeech
from interview.errors import Conflict
from interview.events.bus import Broker
from interview.interviews.events import QuestionAsked, publish
from interview.interviews.lifecycle import owned_session, require_active
from interview.interviews.personas import persona_profile
from interview.interviews.question_audio import question_speech
from interview.interviews.questions import (
    generate_question,
    interview_context,
    persona_of,
    question_by_number,
    speak,
    store_question,
)
from interview.interviews.turn.lock import TurnBusy
from interview.services import Services


async def initial_question(
    services: Services, user_id: UUID, session_id: str
) -> tuple[dict[str, Any], SynthesizedSpeech | None]:
    """Question 1 and its audio; generated, spoken and stored (in one transaction) on the first call only.

    Later calls return the stored question and clip. Calls racing the first one, in any process,
    wait for it under the session's advisory lock, so the question is synthesised once.
    """
    session = await owned_session(user_id, session_id)
    existing = await question_by_number(session["id"], 1)
    if existing is not None:
        return existing, await question_speech(existing["id"])
    require_active(session)
    try:
        # The session's id keys its lock: only answers' ids key the others, so none collides.
        async with services.turn_locks.hold(session["id"], services.settings.turn_wait_seconds):
            existing = await question_by_number(session["id"], 1)
            if existing is not None:
                return existing, await question_speech(existing["id"])
            return await _ask_first(services, session)
    except TurnBusy:
        raise Conflict("The first question is still being prepared; try again in a moment.") from None


async def _ask_first(
    services: Services, session: dict[str, Any]
) -> tuple[dict[str, Any], SynthesizedSpeech | None]:
    persona = await persona_of(session)
    context = await interview_context(session, persona, question_number=1)
    question = await generate_question(services.providers.interviewer, context)
    # Everything the interviewer says (its lead-in, then the question), spoken before storing, so
    # the question and its clip are committed together.
    audio = await speak(services.providers.tts, persona_profile(persona).voice, question.text)
    stored = await store_question(session, persona, 1, question, audio=audio)
    if stored["question_text"] != question.question:  # stored by a call that did not take the lock
        return stored, await question_speech(stored["id"])
    await _announce(services.broker, session["id"], stored)
    return stored, audio


async def _announce(broker: Broker, session_id: UUID, question: dict[str, Any]) -> None:
    await publish(broker, QuestionAsked(session_id=session_id, question=question))
