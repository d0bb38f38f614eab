"""A short greeting in each persona's voice, so a candidate can hear an interviewer before choosing."""

from __future__ import annotations

from typing import Any

import structlog

from interview.ai.base import SynthesizedSpeech, TextToSpeech
from interview.db.tables import Persona
from interview.errors import NotFound, ProviderUnavailable
from interview.interviews.lifecycle import parse_id
from interview.interviews.personas import persona_profile
from interview.interviews.spoken_phrases import SpokenPhrases

log = structlog.get_logger(__name__)


def sample_text(persona: dict[str, Any]) -> str:
    """The persona introducing itself in its own words: first name and interviewing style."""
    first_name = persona["name"].split()[0]
    return f"Hi, I'm {first_name}, your {persona['style']} for today. Let's begin whenever you're ready."


async def voice_sample(phrases: SpokenPhrases, tts: TextToSpeech, persona_id: str) -> SynthesizedSpeech:
    """The persona's greeting, synthesised once per process and served from memory after that.

    The cache is keyed by the text and the voice, so a re-seeded persona with a new voice is heard
    afresh.
    """
    row = await Persona.select().where(Persona.id == parse_id(persona_id, "persona")).first()
    if row is None:
        raise NotFound(f"No persona with id {persona_id!r}.")
    try:
        return await phrases.speech(tts, sample_text(row), persona_profile(row).voice)
    except Exception as error:
        log.warning("voice sample synthesis failed", persona=row["slug"], error=str(error))
        raise ProviderUnavailable(
            "The voice sample could not be played right now; try again in a moment."
        ) from error
