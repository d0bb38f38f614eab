"""The interviewer's short acknowledgement while an answer is scored ("Thanks. Let me think about that.").

It fills the silence between the candidate's last word and the next question. Each persona says
one fixed phrase, synthesised once per process and voice and then served from memory, so it is
ready within milliseconds on every later turn (`SpokenPhrases`, in the process's services). It
is the additive event InterviewerAcknowledged, apart from InterviewerSpeech, so the question's
chunk numbering is untouched.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import structlog

from interview.ai.base import SynthesizedSpeech, TextToSpeech
from interview.events.bus import Broker
from interview.interviews.events import InterviewerAcknowledged, SpokenAudio, publish
from interview.interviews.personas import persona_profile
from interview.interviews.spoken_phrases import SpokenPhrases

log = structlog.get_logger(__name__)

DEFAULT_PHRASE = "Thanks. Let me think about that."
_PHRASES_BY_STYLE = (
    ("terse", "Noted."),
    ("mentor", "Thank you, that's helpful. Let me think about that."),
    ("probing", "Interesting. Let me think about that."),
    ("structured", "Thank you. Let me note that down."),
)


def acknowledgement_phrase(style: str) -> str:
    """The persona's phrase, chosen by a keyword of its style."""
    lowered = style.lower()
    return next((phrase for word, phrase in _PHRASES_BY_STYLE if word in lowered), DEFAULT_PHRASE)


async def acknowledge(
    broker: Broker, phrases: SpokenPhrases, tts: TextToSpeech, session_id: UUID, persona: dict[str, Any]
) -> None:
    """Publish InterviewerAcknowledged with the persona's phrase and its audio (null if TTS failed)."""
    profile = persona_profile(persona)
    phrase = acknowledgement_phrase(profile.style)
    speech: SynthesizedSpeech | None
    try:
        speech = await phrases.speech(tts, phrase, profile.voice)
    except Exception as error:
        log.warning("acknowledgement synthesis failed; sending its text alone", error=str(error))
        speech = None
    await publish(
        broker, InterviewerAcknowledged(session_id=session_id, text=phrase, audio=SpokenAudio.of(speech))
    )
