"""The interviewer personas shipped with the platform, and their seeding."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from interview.ai.base import PersonaProfile
from interview.db.tables import Persona
from interview.speech.types import VoiceProfile

LOCAL_VOICE = "en_US-joe-medium"


@dataclass(frozen=True)
class PersonaSeed:
    slug: str
    name: str
    title: str
    style: str
    description: str
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
        voice_speed=0.95,
        voice_pitch=1.08,
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
        voice_speed=1.12,
        voice_pitch=0.88,
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
        voice_speed=1.0,
        voice_pitch=0.97,
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
        voice_speed=0.98,
        voice_pitch=1.02,
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
            await Persona(voice=LOCAL_VOICE, **values).save()
        else:
            await Persona.update(
                {getattr(Persona, k): v for k, v in values.items()} | {Persona.voice: LOCAL_VOICE}
            ).where(Persona.id == existing["id"])
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
