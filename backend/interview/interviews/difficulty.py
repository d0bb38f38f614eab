"""How the interview's difficulty moves with the candidate's answers.

The domain calls `next_difficulty` after each answer and stores the result as the session's
current difficulty; every interviewer (local or cloud) then receives it in InterviewContext.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview.ai.base import Difficulty

LEVELS: tuple[Difficulty, ...] = ("EASY", "MEDIUM", "HARD")

RAISE_AT = 8.0
"""An overall score at or above this is a strong answer: the next question is one level harder."""
LOWER_AT = 4.0
"""An overall score at or below this is a weak answer: the next question is one level easier."""
STEADY_HIGH = 7.0
STEADY_LOW = 5.0
"""Two answers in a row at or above STEADY_HIGH (or at or below STEADY_LOW) also move one level."""


def next_difficulty(
    current: Difficulty,
    last_overall: float | None,
    history: Sequence[float | None] = (),
    *,
    skipped: bool = False,
) -> Difficulty:
    """The difficulty of the next question, at most one level from `current`.

    - A skipped answer lowers it: the question was probably too hard to attempt.
    - No score (the evaluation failed or was not run) keeps it: there is nothing to go on.
    - A strong answer (overall >= 8) raises it; a weak one (<= 4) lowers it.
    - Two good answers in a row (>= 7) raise it and two poor ones (<= 5) lower it, so steady
      performance moves the level too. The earlier answer of the pair only counts when it did not
      already move the level on its own (between 4 and 8 exclusive), so one answer moves it once.

    `history` holds the earlier overall scores, oldest first (None for skipped or unscored ones),
    not including `last_overall`. One step at a time keeps the interview from swinging.
    """
    index = LEVELS.index(current)
    step = _step(last_overall, history[-1] if history else None, skipped)
    return LEVELS[max(0, min(len(LEVELS) - 1, index + step))]


def _step(last: float | None, previous: float | None, skipped: bool) -> int:
    if skipped:
        return -1
    if last is None:
        return 0
    if last >= RAISE_AT:
        return 1
    if last <= LOWER_AT:
        return -1
    if previous is None or not (LOWER_AT < previous < RAISE_AT):
        return 0
    if last >= STEADY_HIGH and previous >= STEADY_HIGH:
        return 1
    if last <= STEADY_LOW and previous <= STEADY_LOW:
        return -1
    return 0
