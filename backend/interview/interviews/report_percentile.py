"""Where a report stands among the completed interviews of the same type.

Computed when read, not stored: a stored rank would go stale with every interview completed after
it. The SQL ranks the scored reports of the types asked for in one pass (rank() - 1 is how many
score strictly lower), batched for a whole page by a DataLoader: one sort of ~10k rows, rather
than one count per report.
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
WITH wanted AS (
    SELECT id, interview_type, overall_score FROM reports WHERE id = ANY({}::uuid[])
), scored AS (
    SELECT id, interview_type,
           rank() OVER (PARTITION BY interview_type ORDER BY overall_score) - 1 AS lower,
           count(*) OVER (PARTITION BY interview_type) AS of_type
    FROM reports
    WHERE overall_score IS NOT NULL AND interview_type IN (SELECT interview_type FROM wanted)
), per_type AS (
    SELECT interview_type, max(of_type) AS of_type FROM scored GROUP BY interview_type
)
SELECT w.id, w.overall_score, coalesce(s.lower, 0) AS lower,
       coalesce(t.of_type, 0) - (CASE WHEN w.overall_score IS NULL THEN 0 ELSE 1 END) AS compared
FROM wanted w
LEFT JOIN scored s ON s.id = w.id
LEFT JOIN per_type t ON t.interview_type = w.interview_type
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
