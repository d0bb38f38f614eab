"""The report as a download: the PDF of `report_pdf`, served by signed URL (kind "report"; through a
share link, "shared-report")."""

from __future__ import annotations

from uuid import UUID

from interview.db.tables import Report
from interview.interviews.media import Media
from interview.interviews.report_pdf import render_report_pdf
from interview.interviews.report_percentile import percentiles


async def report_media(report_id: UUID) -> Media | None:
    """The report's PDF as its owner reads it, or None when there is no such report (any more)."""
    return await _report_pdf(report_id, shared=False)


async def shared_report_media(report_id: UUID) -> Media | None:
    """The report's PDF for a share link's reader: the written feedback speaks of "the candidate"."""
    return await _report_pdf(report_id, shared=True)


async def _report_pdf(report_id: UUID, *, shared: bool) -> Media | None:
    report = await Report.select().where(Report.id == report_id).first()
    if report is None:
        return None
    percentile = (await percentiles([report_id]))[0]
    day = report["created_at"].date().isoformat()
    return Media(
        session_id=report["session"],
        data=render_report_pdf(report, percentile, shared=shared),
        mime_type="application/pdf",
        filename=f"interview-report-{day}.pdf",
    )
