"""The rule-based follow-up questions ("probes"), each naming what the last answer was missing.

Shared by the interviewer (which asks them) and the report writer (which recognises an answer to
one as a follow-up answer, judged against a shorter expected length).
"""

from __future__ import annotations

from typing import Literal

from interview.ai.local.rubric.text import normalise

Gap = Literal["story", "situation", "action", "result", "numbers", "example", "depth"]

PROBES: dict[Gap, str] = {
    "story": "Walk me through one specific time: what was going on, what you did, and how it turned out?",
    "situation": "Can you set the scene: where were you working, and what was going on at the time?",
    "action": "What did you personally do, step by step, as opposed to the team?",
    "result": "You didn't say how it turned out. What was the result, and how did you know?",
    "numbers": "Can you put numbers on that: how big, how fast, how much did it change?",
    "example": "Can you give me one concrete example from a system you actually worked on?",
    "depth": "Could you go one level deeper: what exactly would you do first, and why?",
}
"""Rule-based follow-ups, each naming what the last answer was missing."""


def is_probe(text: str) -> bool:
    """Whether a question (as asked, with any lead-in sentence) contains one of the probes."""
    normalised = normalise(text)
    return any(normalise(probe) in normalised for probe in PROBES.values())
