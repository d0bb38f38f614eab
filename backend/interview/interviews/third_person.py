"""Written feedback turned from "you" to "the candidate", for a report read through a share link.

The feedback and the report's narrative speak to the candidate. Someone the candidate shares the
report with is not the candidate: the shared report names no one and speaks of "the candidate"
(the SPA's `forReader` applies the same rules to the page). Quoted words ("you know" said by the
candidate) are left as said; the verb is made to agree where it follows "you" directly.
"""

from __future__ import annotations

import re

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\byou are\b|\byou're\b", "the candidate is"),
        (r"\byou were\b", "the candidate was"),
        (r"\byou have\b|\byou've\b", "the candidate has"),
        (r"\byou'd\b", "the candidate would"),
        (r"\byou'll\b", "the candidate will"),
        (r"\byourself\b", "themselves"),
        (r"\byours\b|\byour\b", "the candidate's"),
        (r"\byou\b", "the candidate"),
    )
)
_QUOTED = re.compile(r"(\"[^\"]*\"|“[^”]*”)")


def _third_person(text: str) -> str:
    for pattern, replacement in _RULES:
        capital = replacement[0].upper() + replacement[1:]
        text = pattern.sub(lambda match: capital if match.group(0)[0].isupper() else replacement, text)  # noqa: B023
    return text


def about_the_candidate(text: str) -> str:
    """`text` with "you" and "your" outside quotes turned into "the candidate" and "the candidate's"."""
    parts = _QUOTED.split(text)
    return "".join(part if index % 2 else _third_person(part) for index, part in enumerate(parts))
