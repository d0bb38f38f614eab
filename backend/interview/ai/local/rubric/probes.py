"""The rule-based follow-up questions ("probes"), each naming what the last answer was missing.

Each persona's tone has its own phrasing of every probe, true to what its description promises:
the warm mentor asks gently, the terse principal in a few words, the probing design lead in
"what happens when…" questions, the structured HR partner by STAR part. Shared by the interviewer
(which asks them) and the report writer (which recognises an answer to one as a follow-up answer,
judged against a shorter expected length).
"""

from __future__ import annotations

from typing import Literal

from interview.ai.local.rubric.text import normalise

Gap = Literal["story", "situation", "task", "action", "result", "numbers", "example", "depth", "missed"]
Tone = Literal["warm", "terse", "probing", "structured", "neutral"]

_POINT = "{point}"
"""Where a "missed" probe names the key point the evaluation found missing."""

STYLED_PROBES: dict[Tone, dict[Gap, str]] = {
    "neutral": {
        "story": "Walk me through one specific time: what was going on, what you did, and how it turned out?",
        "situation": "Can you set the scene: where were you working, and what was going on at the time?",
        "task": "What exactly were you responsible for there, and what did you have to achieve?",
        "action": "What did you personally do, step by step, as opposed to the team?",
        "result": "You didn't say how it turned out. What was the result, and how did you know?",
        "numbers": "Can you put numbers on that: how big, how fast, how much did it change?",
        "example": "Can you give me one concrete example from a system you actually worked on?",
        "depth": "Could you go one level deeper: what exactly would you do first, and why?",
        "missed": "You didn't cover {point}. How would you handle that part?",
    },
    "warm": {
        "story": "Could you walk me through one specific time it happened: what was going on, "
        "what you did, and how it turned out?",
        "situation": "Could you set the scene for me a little: where were you, and what was going on?",
        "task": "What was your part in it: what were you asked to achieve?",
        "action": "I'd love to hear what you personally did: what were your own steps?",
        "result": "How did it turn out in the end? What was the result, and how did you know?",
        "numbers": "Could you put a number or two on it, so I can picture the size of it?",
        "example": "Could you share one concrete example from something you worked on?",
        "depth": "Could you take it one level deeper for me: what would you do first, and why?",
        "missed": "I'd also love to hear about {point}. How would you approach that part?",
    },
    "terse": {
        "story": "One specific time. The situation, what you did, the outcome.",
        "situation": "Context first. Where, when, what was at stake?",
        "task": "Your goal. What were you accountable for?",
        "action": "What did you do? You, not the team.",
        "result": "Result? What changed, and by how much?",
        "numbers": "Numbers. How big, how fast, how much?",
        "example": "Concrete example. A real system you built.",
        "depth": "Trade-offs. What did you give up, and why?",
        "missed": "You skipped {point}. Address that, briefly.",
    },
    "probing": {
        "story": "Pick one real time and walk me through it: what happened when things went wrong, "
        "what you did, and how it ended?",
        "situation": "What was the system, and what was happening when this started?",
        "task": "What were you on the hook for when it started: what did you have to achieve?",
        "action": "What happens when I take the team out of the story: what did you do, step by step?",
        "result": "And what happened in the end? What was the result, and how did you measure it?",
        "numbers": "What happens when the load doubles? Put numbers on it: requests, data size, latency.",
        "example": "What happened when you actually ran something like this? Name one system you worked on.",
        "depth": "What happens when the first component fails? Walk me through what breaks and what you do.",
        "missed": "You haven't covered {point}. What happens to your design there?",
    },
    "structured": {
        "story": "Please describe one specific situation, your task, the actions you took and the result.",
        "situation": "Let's start with the situation: where were you working, and what was happening?",
        "task": "Then the task: what were you responsible for achieving?",
        "action": "Now the action: what steps did you personally take?",
        "result": "And the result: what was the outcome, and how was it measured?",
        "numbers": "Could you quantify that: what changed, and by how much?",
        "example": "Could you give me one specific example from your own work?",
        "depth": "Could you explain your reasoning in more detail: what would you do first, and why?",
        "missed": "I'd also like to hear about {point}. Could you address that part?",
    },
}

PROBES: dict[Gap, str] = STYLED_PROBES["neutral"]
"""The persona-neutral probes."""


def probe(tone: Tone, gap: Gap, point: str = "") -> str:
    """The follow-up asking for `gap` in this tone; a "missed" probe names `point`."""
    return STYLED_PROBES[tone][gap].replace(_POINT, point)


def _fixed_parts() -> tuple[str, ...]:
    """Every probe's text that is the same whatever it names (a "missed" probe after its point)."""
    parts = []
    for probes in STYLED_PROBES.values():
        for text in probes.values():
            fixed = text.split(_POINT, 1)[-1].lstrip(". ")
            parts.append(normalise(fixed))
    return tuple(parts)


_FIXED = _fixed_parts()


def is_probe(text: str) -> bool:
    """Whether a question (as asked, with any lead-in sentence) contains one of the probes."""
    normalised = normalise(text)
    return any(fixed in normalised for fixed in _FIXED)
