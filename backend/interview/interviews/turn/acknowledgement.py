"""The interviewer's short acknowledgement while an answer is scored ("Thanks. Let me think about that.").

It fills the silence between the candidate's last word and the next question. Each persona says
one fixed phrase, synthesised once per process and voice and then served from memory, so it is
ready within milliseconds on every later turn. It is the additive event InterviewerAcknowledged,
apart from InterviewerSpeech, so the question's chunk numbering is untouched.
"""

from __future__ import annotations

import asyncio
from typing import Any

from interview.ai.base import SynthesizedSpeech, TextToSpeech
from interview.events.bus import Broker
from interview.interviews.events import publish_event
from interview.interviews.personas import persona_profile
from interview.interviews.questions import speak
from interview.interviews.turn.speaking import speech_payload
from interview.speech.types import VoiceProfile

DEFAULT_PHRASE = "Thanks. Let me think about that."
_PHRASES_BY_STYLE = (
    ("terse", "Noted."),
    ("mentor", "Thank you, that's helpful. Let me think about that."),
    ("probing", "Interesting. Let me think about that."),
    ("structured", "Thank you. Let me note that down."),
)

_cache: dict[tuple[str, str, VoiceProfile], asyncio.Task[SynthesizedSpeech | None]] = {}


def acknowledgement_phrase(style: str) -> str:
    """The persona's phrase, chosen by a keyword of its style."""
    lowered = style.lower()
    return next((phrase for word, phrase in _PHRASES_BY_STYLE if word in lowered), DEFAULT_PHRASE)


async def acknowledgement_speech(
    tts: TextToSpeech, phrase: str, voice: VoiceProfile
) -> SynthesizedSpeech | None:
    """The phrase spoken in the voice: synthesised once, then from memory; a failure is not kept."""
    key = (tts.name, phrase, voice)
    task = _cache.get(key)
    if (
        task is None
        or task.get_loop() is not asyncio.get_running_loop()
        or task.cancelled()
        or (task.done() and task.result() is None)
    ):
        task = asyncio.ensure_future(speak(tts, voice, phrase))
        _cache[key] = task
    return await asyncio.shield(task)


async def acknowledge(broker: Broker, tts: TextToSpeech, session_id: Any, persona: dict[str, Any]) -> None:
    """Publish InterviewerAcknowledged with the persona's phrase and its audio (null if TTS failed)."""
    profile = persona_profile(persona)
    phrase = acknowledgement_phrase(profile.style)
    speech = await acknowledgement_speech(tts, phrase, profile.voice)
    await publish_event(
        broker, session_id, "InterviewerAcknowledged", text=phrase, audio=speech_payload(speech)
    )
