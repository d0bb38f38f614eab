"""What the report's video player needs of an answer: the video, its captions, its timeline.

Additive to the contract's Transcript. Through a share link these are null/empty unless the
owner ticked "include video" when sharing (and the URLs stop working when they untick it).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from interview.db.rows import Row
from interview.graphql.context import Info
from interview.graphql.media import media_url
from interview.interviews.video_media import answer_timeline
from interview.interviews.video_timeline import Marker


@strawberry.enum(description="What a timeline marker points at.")
class TimelineMarkerKind(Enum):
    FILLER = "FILLER"
    LONG_PAUSE = "LONG_PAUSE"
    QUOTE = "QUOTE"


@strawberry.type(description="A moment of an answer's video worth reviewing; seek to startMs.")
class TimelineMarker:
    kind: TimelineMarkerKind
    start_ms: int
    end_ms: int
    label: str = strawberry.field(
        description="The filler said, the pause's length, or the phrase the evaluator quoted."
    )

    @classmethod
    def from_marker(cls, marker: Marker) -> TimelineMarker:
        return cls(
            kind=TimelineMarkerKind(marker.kind),
            start_ms=marker.start_ms,
            end_ms=marker.end_ms,
            label=marker.label,
        )


async def answer_video(info: Info, transcript: Row) -> dict[str, Any] | None:
    """The published video of a USER transcript, if the caller may see it."""
    if transcript["speaker"] != "USER":
        return None
    session_id = transcript["session"]
    loaders = info.context.loaders
    video: dict[str, Any] | None = await loaders.answer_video.load(
        (session_id, transcript["sequence_number"])
    )
    if video is None:
        return None
    if session_id in info.context.shared_sessions:
        report = await loaders.report_by_session.load(session_id)
        if report is None or not report["share_includes_video"]:
            return None
    return video


async def video_url(info: Info, transcript: Row, kind: str) -> str | None:
    video = await answer_video(info, transcript)
    return None if video is None else media_url(info, kind, video["id"], transcript["session"])


async def timeline_markers(info: Info, transcript: Row) -> list[TimelineMarker]:
    video = await answer_video(info, transcript)
    if video is None:
        return []
    feedback = await info.context.loaders.feedback_by_transcript.load(transcript["id"])
    return [TimelineMarker.from_marker(m) for m in answer_timeline(video, transcript, feedback)]
