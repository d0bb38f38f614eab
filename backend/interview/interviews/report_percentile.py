"""Where a report stands among the completed interviews of the same type.

Computed when read, not stored: a stored rank would go stale with every interview completed after
it, and the SQL below costs one indexed count per report, batched for a whole page by a DataLoader.
Every row of `reports` is a completed interview (only endInterview writes reports), so the reports
table is the population.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from interview.db.tables import Report

MIN_SAMPLE = 10
"""The contract's minimum: no rank until at least this many other interviews can be compared."""

_PERCENTILE_SQL = """
SELECT r.id, r.overall_score, c.compared, c.lower
FROM reports r
CROSS JOIN LATERAL (
    SELECT count(*) AS compared,
           count(*) FILTER (WHERE o.overall_score < r.overall_score) AS lower
    FROM reports o
    WHERE o.interview_type = r.interview_type AND o.overall_score IS NOT NULL AND o.id <> r.id
) c
WHERE r.id = ANY({}::uuid[])
"""


@dataclass(frozen=True)
class Percentile:
    rank: int | None
    """0..100, or None (too few to compare with, or this interview has no score)."""
    compared_to: int
    """How many other scored, completed interviews of the same type it was compared with."""


def percentile_rank(lower: int, compared_to: int, has_score: bool) -> int | None:
    """The share, in whole percent, of the compared interviews with a strictly lower overall score.

    Strictly lower (not "lower or equal") so that a tie with everyone ranks 0, and the best score
    alone ranks 100 only when every other one is below it: "you did better than N% of candidates".
    The candidate's own interview is not part of the comparison. Below MIN_SAMPLE others the number
    would swing wildly with each new interview, so the contract asks for null.
    """
    if not has_score or compared_to < MIN_SAMPLE:
        return None
    return round(100 * lower / compared_to)


async def percentiles(report_ids: Sequence[UUID]) -> list[Percentile]:
    """The percentile of each report, in the order asked, in one query (a DataLoader batch)."""
    rows: list[dict[str, Any]] = await Report.raw(_PERCENTILE_SQL, list(report_ids))
    by_id = {
        row["id"]: Percentile(
            rank=percentile_rank(int(row["lower"]), int(row["compared"]), row["overall_score"] is not None),
            compared_to=int(row["compared"]),
        )
        for row in rows
    }
    return [by_id.get(report_id, Percentile(rank=None, compared_to=0)) for report_id in report_ids]
