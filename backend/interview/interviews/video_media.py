"""A published answer video and its captions, as the signed media URLs serve them (kinds "video"
and "captions" of interview.interviews.media); both go to a share link's reader only when the
owner ticked "include video" when sharing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from interview.db.tables import AnswerVideo, Report, Transcript
from interview.interviews.media import Media
from interview.interviews.stored import json_value
from interview.interviews.video import COMPLETE, MIME_TYPE
from interview.interviews.video_timeline import Marker, answer_words, captions_vtt, speech_stretches, timeline

Turn = tuple[UUID, int]

EVALUATOR_TEXT_COLUMNS = (
    "technical_feedback",
    "clarity_feedback",
    "confidence_feedback",
    "behavioral_feedback",
    "feedback_summary",
)


async def _complete_video(video_id: UUID) -> dict[str, Any] | None:
    return (
        await AnswerVideo.select()
        .where((AnswerVideo.id == video_id) & (AnswerVideo.status == COMPLETE))
        .first()
    )


async def video_media(video_id: UUID) -> Media | None:
    video = await _complete_video(video_id)
    if video is None or video["storage_key"] is None:
        return None
    return Media(
        session_id=video["session"],
        data=b"",
        mime_type=MIME_TYPE,
        storage_key=video["storage_key"],
        size=video["size_bytes"],
    )


async def captions_media(video_id: UUID) -> Media | None:
    video = await _complete_video(video_id)
    if video is None:
        return None
    answer = (
        await Transcript.select(Transcript.text, Transcript.word_timings)
        .where(
            (Transcript.session == video["session"])
            & (Transcript.sequence_number == video["sequence_number"])
            & (Transcript.speaker == "USER")
        )
        .first()
    )
    text = answer["text"] if answer is not None else ""
    timings = json_value(answer["word_timings"]) if answer is not None else None
    vtt = captions_vtt(answer_words(text, timings, speech_stretches(json_value(video["speech"]))))
    return Media(session_id=video["session"], data=vtt.encode(), mime_type="text/vtt; charset=utf-8")


async def share_includes_video(session_id: UUID) -> bool:
    row = await Report.select(Report.share_includes_video).where(Report.session == session_id).first()
    return bool(row and row["share_includes_video"])


async def videos_of_turns(turns: Sequence[Turn]) -> list[dict[str, Any] | None]:
    """The published video of each (session id, sequence number), batched for a DataLoader."""
    session_ids = list({session_id for session_id, _ in turns})
    if not session_ids:
        return []
    rows = await AnswerVideo.select().where(
        AnswerVideo.session.is_in(session_ids) & (AnswerVideo.status == COMPLETE)
    )
    by_turn = {(row["session"], row["sequence_number"]): row for row in rows}
    return [by_turn.get(turn) for turn in turns]


def answer_timeline(
    video: dict[str, Any], answer: dict[str, Any], feedback: dict[str, Any] | None
) -> list[Marker]:
    """The markers of one answer's video (`answer`: its transcripts row; see
    interview.interviews.video_timeline)."""
    texts = [str(feedback[column]) for column in EVALUATOR_TEXT_COLUMNS] if feedback else []
    speech = speech_stretches(json_value(video["speech"]))
    words = answer_words(answer["text"], json_value(answer.get("word_timings")), speech)
    return timeline(answer["text"], words, speech, texts)
