"""The first question of an interview: asked once, the same one when asked again."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from interview.ai.base import SynthesizedSpeech
from interview.events.bus import Broker
from interview.interviews.events import QuestionAsked, publish
from interview.interviews.lifecycle import owned_session, require_active
from interview.interviews.personas import persona_profile
from interview.interviews.questions import (
    generate_question,
    interview_context,
    persona_of,
    question_by_number,
    speak,
    spoken_text,
    store_question,
)
from interview.services import Services


async def initial_question(
    services: Services, user_id: UUID, session_id: str
) -> tuple[dict[str, Any], SynthesizedSpeech | None]:
    """Question 1 and its audio; generated and stored on the first call only."""
    session = await owned_session(user_id, session_id)
    persona = await persona_of(session)
    voice = persona_profile(persona).voice
    existing = await question_by_number(session["id"], 1)
    if existing is not None:
        return existing, await speak(services.providers.tts, voice, spoken_text(existing))
    require_active(session)
    context = await interview_context(session, persona, question_number=1)
    question = await generate_question(services.providers.interviewer, context)
    stored = await store_question(session, persona, 1, question)
    audio = await speak(services.providers.tts, voice, spoken_text(stored))
    if stored["question_text"] == question.question:
        await _announce(services.broker, session["id"], stored)
    return stored, audio


async def _announce(broker: Broker, session_id: UUID, question: dict[str, Any]) -> None:
    await publish(broker, QuestionAsked(session_id=session_id, question=question))
