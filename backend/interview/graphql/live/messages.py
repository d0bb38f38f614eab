"""Bus messages back into GraphQL events.

The domain publishes rows made JSON-safe (datetimes as ISO strings, UUIDs as strings, see
`interview.interviews.events`). Here they are revived with the table's own column types, so the
same `from_row` builders serve queries and subscriptions alike.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import strawberry
import structlog
from piccolo.columns import UUID as UUIDColumn
from piccolo.columns import ForeignKey, Timestamptz
from piccolo.table import Table

from interview.db.rows import Row
from interview.db.tables import Feedback as FeedbackTable
from interview.db.tables import LiveMetrics as LiveMetricsTable
from interview.db.tables import Question as QuestionTable
from interview.db.tables import Report as ReportTable
from interview.db.tables import Transcript as TranscriptTable
from interview.graphql.enums import SessionStatus
from interview.graphql.interviews.types import Feedback, LiveMetrics, Question, SpeechAudio, Transcript
from interview.graphql.live import types as events
from interview.graphql.reports.types import Report

log = structlog.get_logger(__name__)

Message = dict[str, Any]

FINAL_STATUSES = frozenset({"COMPLETED", "CANCELLED"})
"""After a SessionStatusChanged to one of these, `interviewEvents` completes."""


def revive_row(table: type[Table], row: Row) -> Row:
    """A published row with its timestamps and ids turned back into datetimes and UUIDs."""
    revived = dict(row)
    for column in table._meta.columns:
        name = column._meta.name
        value = revived.get(name)
        if not isinstance(value, str):
            continue
        if isinstance(column, Timestamptz):
            revived[name] = datetime.fromisoformat(value)
        elif isinstance(column, (UUIDColumn, ForeignKey)):
            revived[name] = UUID(value)
    return revived


def _base(message: Message) -> dict[str, Any]:
    return {"session_id": strawberry.ID(message["sessionId"]), "at": datetime.fromisoformat(message["at"])}


def _transcript_ready(message: Message) -> events.InterviewEvent:
    row = revive_row(TranscriptTable, message["transcript"])
    return events.TranscriptReady(**_base(message), transcript=Transcript.from_row(row))


def _answer_evaluated(message: Message) -> events.InterviewEvent:
    row = revive_row(FeedbackTable, message["feedback"])
    return events.AnswerEvaluated(
        **_base(message),
        transcript_id=strawberry.ID(message["transcriptId"]),
        feedback=Feedback.from_row(row),
    )


def _speech_audio(audio: Any) -> SpeechAudio | None:
    if not audio:
        return None
    return SpeechAudio(
        mime_type=audio["mimeType"], base64=audio["base64"], duration_ms=int(audio["durationMs"])
    )


def _interviewer_speech(message: Message) -> events.InterviewEvent:
    return events.InterviewerSpeech(
        **_base(message),
        question_id=strawberry.ID(str(message["questionId"])),
        chunk_index=int(message["chunkIndex"]),
        text_delta=message.get("textDelta") or "",
        audio=_speech_audio(message.get("audio")),
        final=bool(message.get("final")),
    )


def _question_asked(message: Message) -> events.InterviewEvent:
    row = revive_row(QuestionTable, message["question"])
    return events.QuestionAsked(**_base(message), question=Question.from_row(row))


def _live_metrics_updated(message: Message) -> events.InterviewEvent:
    return events.LiveMetricsUpdated(**_base(message), metrics=metrics_of(message))


def _session_status_changed(message: Message) -> events.InterviewEvent:
    return events.SessionStatusChanged(**_base(message), status=SessionStatus(message["status"]))


def _report_ready(message: Message) -> events.InterviewEvent:
    row = revive_row(ReportTable, message["report"])
    return events.ReportReady(**_base(message), report=Report.from_row(row))


def _turn_failed(message: Message) -> events.InterviewEvent:
    return events.TurnFailed(
        **_base(message),
        sequence_number=int(message["sequenceNumber"]),
        code=str(message["code"]),
        message=str(message["message"]),
    )


_BUILDERS: dict[str, Callable[[Message], events.InterviewEvent]] = {
    "TranscriptReady": _transcript_ready,
    "AnswerEvaluated": _answer_evaluated,
    "InterviewerSpeech": _interviewer_speech,
    "QuestionAsked": _question_asked,
    "LiveMetricsUpdated": _live_metrics_updated,
    "SessionStatusChanged": _session_status_changed,
    "ReportReady": _report_ready,
    "TurnFailed": _turn_failed,
}


def register_event(event_type: str, builder: Callable[[Message], events.InterviewEvent]) -> None:
    """Teach the subscriptions a new event type (additive: e.g. InterviewerAcknowledged)."""
    _BUILDERS[event_type] = builder


def event_of(message: Message) -> events.InterviewEvent | None:
    """The GraphQL event of a bus message; None (logged) for a type or shape we do not know.

    A malformed message is skipped rather than ending every subscriber's stream.
    """
    builder = _BUILDERS.get(str(message.get("type")))
    if builder is None:
        builder = _generic_builder(str(message.get("type")))
    if builder is None:
        log.warning("skipped a bus message of unknown type", type=message.get("type"))
        return None
    try:
        return builder(message)
    except (KeyError, TypeError, ValueError) as error:
        log.warning("skipped a malformed bus message", type=message.get("type"), error=str(error))
        return None


class EventCache:
    """The GraphQL event of each recent bus message, built once for all its local subscribers.

    A broker hands the same message object to every subscriber of a channel in this process
    (see `events.fanout`), so at 500 subscribers of one session the conversion runs once, not 500
    times. Keyed by the message's identity; the message itself is kept so its id is not reused.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._events: OrderedDict[int, tuple[Message, events.InterviewEvent | None]] = OrderedDict()

    def event_of(self, message: Message) -> events.InterviewEvent | None:
        key = id(message)
        cached = self._events.get(key)
        if cached is not None and cached[0] is message:
            return cached[1]
        event = event_of(message)
        self._events[key] = (message, event)
        if len(self._events) > self._size:
            self._events.popitem(last=False)
        return event


shared_events = EventCache()
"""The process's cache (the event loop is single-threaded, so no lock is needed)."""

NEEDS_FRESH_LOADERS = frozenset({"TranscriptReady", "ReportReady"})
"""Events with fields resolved through DataLoaders (a transcript's feedback, a report's answers)."""


def _generic_builder(event_type: str) -> Callable[[Message], events.InterviewEvent] | None:
    """An event type added to graphql/live/types.py whose fields are all plain scalars.

    Its message keys are the camelCase names of the fields (an `audio` field takes the
    {"mimeType", "base64", "durationMs"} shape); this keeps a new simple event (like
    InterviewerAcknowledged) flowing without a builder here.
    """
    cls = getattr(events, event_type, None)
    if not (isinstance(cls, type) and issubclass(cls, events.InterviewEvent)):
        return None

    def build(message: Message) -> events.InterviewEvent:
        fields = getattr(cls, "__dataclass_fields__", {})
        values: dict[str, Any] = _base(message)
        for name in fields:
            if name in values:
                continue
            key = _camel(name)
            if key in message:
                values[name] = _speech_audio(message[key]) if name == "audio" else message[key]
        return cls(**values)

    return build


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def metrics_of(message: Message) -> LiveMetrics:
    """The LiveMetrics of a LiveMetricsUpdated message."""
    return LiveMetrics.from_row(revive_row(LiveMetricsTable, message["metrics"]))


def is_final_status(message: Message) -> bool:
    """True for SessionStatusChanged to COMPLETED or CANCELLED: the session's stream ends."""
    return message.get("type") == "SessionStatusChanged" and message.get("status") in FINAL_STATUSES
