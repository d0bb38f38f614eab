"""The job posting as the cloud models see it: tidied and trimmed to a token budget.

A posting can be 20,000 characters (about 5,000 tokens), mostly company story, benefits and legal
text. Sent whole with every question and every evaluation it would cost more than the interview
itself, so the prompt carries at most `budget` tokens of it: the lines about the role first (in
their order), then the rest while room is left.
"""

from __future__ import annotations

import math
import re

CHARS_PER_TOKEN = 4
"""OpenAI's and Anthropic's rule of thumb for English text (about 4 characters per token); a budget
is a cost ceiling, so an estimate is enough and no vendor tokenizer is needed here."""

TRIMMED_MARK = "[... the rest of the posting is left out ...]"

_AWAY_FROM_THE_ROLE = re.compile(
    r"\b(benefits?|perks|equal opportunit\w*|e\.?e\.?o\.?|salary|compensation|pay range|401\(?k\)?|"
    r"pension|holidays?|parental leave|visa|diversity|accommodations?|privacy (notice|policy)|"
    r"about (us|the company))\b",
    re.IGNORECASE,
)
"""Lines about the employer rather than the job: they are the first to go when the budget is short."""


def estimated_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def trimmed_posting(posting: str, budget: int) -> str:
    """The posting's lines, whitespace tidied, cut to about `budget` tokens (empty for no posting)."""
    lines = [" ".join(line.split()) for line in posting.splitlines()]
    lines = [line for line in lines if line]
    if not lines or budget <= 0:
        return ""
    whole = "\n".join(lines)
    if estimated_tokens(whole) <= budget:
        return whole
    room = budget * CHARS_PER_TOKEN - len(TRIMMED_MARK) - 1
    role_first = sorted(range(len(lines)), key=lambda i: bool(_AWAY_FROM_THE_ROLE.search(lines[i])))
    kept: set[int] = set()
    for i in role_first:
        cost = len(lines[i]) + 1
        if cost <= room:
            kept.add(i)
            room -= cost
        elif not kept:
            # One enormous line (a posting pasted without line breaks): keep its head.
            return lines[i][: max(room, 0)].rsplit(" ", 1)[0] + "\n" + TRIMMED_MARK
    return "\n".join(lines[i] for i in sorted(kept)) + "\n" + TRIMMED_MARK
