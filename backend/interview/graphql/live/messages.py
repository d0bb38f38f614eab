"""The domain's events as GraphQL types: one small mapper per event, and a cache shared by subscribers.

Messages are decoded by the domain (`interview.interviews.events.decode`); here each decoded event
becomes its GraphQL type through the same `from_row` builders the queries use.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import strawberry
import structlog

from interview.graphql.enums import SessionStatus
from interview.graphql.interviews.types import Feedback, LiveMetrics, Question, SpeechAudio, Transcript
from interview.graphql.live import types as gql
from interview.graphql.reports.types import Report
from interview.interviews import events
from interview.interviews.events import SpokenAudio

log = structlog.get_logger(__name__)

Message = dict[str, Any]


def _base(event: events.InterviewEvent) -> dict[str, Any]:
    return {"session_id": strawberry.ID(str(event.session_id)), "at": event.at}


def _audio(audio: SpokenAudio | None) -> SpeechAudio | None:
    if audio is None:
        return None
    return SpeechAudio(mime_type=audio.mime_type, base64=audio.base64, duration_ms=audio.duration_ms)


def _transcript_ready(event: events.TranscriptReady) -> gql.TranscriptReady:
    return gql.TranscriptReady(**_base(event), transcript=Transcript.from_row(event.transcript))


def _interviewer_acknowledged(event: events.InterviewerAcknowledged) -> gql.InterviewerAcknowledged:
    return gql.InterviewerAcknowledged(**_base(event), text=event.text, audio=_audio(event.audio))


def _answer_evaluated(event: events.AnswerEvaluated) -> gql.AnswerEvaluated:
    return gql.AnswerEvaluated(
        **_base(event),
        transcript_id=strawberry.ID(str(event.transcript_id)),
        feedback=Feedback.from_row(event.feedback),
    )


def _interviewer_speech(event: events.InterviewerSpeech) -> gql.InterviewerSpeech:
    return gql.InterviewerSpeech(
        **_base(event),
        question_id=strawberry.ID(str(event.question_id)),
        chunk_index=event.chunk_index,
        text_delta=event.text_delta,
        audio=_audio(event.audio),
        final=event.final,
    )


def _question_asked(event: events.QuestionAsked) -> gql.QuestionAsked:
    return gql.QuestionAsked(**_base(event), question=Question.from_row(event.question))


def _live_metrics_updated(event: events.LiveMetricsUpdated) -> gql.LiveMetricsUpdated:
    return gql.LiveMetricsUpdated(**_base(event), metrics=LiveMetrics.from_row(event.metrics))


def _session_status_changed(event: events.SessionStatusChanged) -> gql.SessionStatusChanged:
    return gql.SessionStatusChanged(**_base(event), status=SessionStatus(event.status))


def _report_ready(event: events.ReportReady) -> gql.ReportReady:
    return gql.ReportReady(**_base(event), report=Report.from_row(event.report))


def _turn_failed(event: events.TurnFailed) -> gql.TurnFailed:
    return gql.TurnFailed(
        **_base(event), sequence_number=event.sequence_number, code=event.code, message=event.message
    )


_GRAPHQL_TYPES: dict[type[events.InterviewEvent], Callable[[Any], gql.InterviewEvent]] = {
    events.TranscriptReady: _transcript_ready,
    events.InterviewerAcknowledged: _interviewer_acknowledged,
    events.AnswerEvaluated: _answer_evaluated,
    events.InterviewerSpeech: _interviewer_speech,
    events.QuestionAsked: _question_asked,
    events.LiveMetricsUpdated: _live_metrics_updated,
    events.SessionStatusChanged: _session_status_changed,
    events.ReportReady: _report_ready,
    events.TurnFailed: _turn_failed,
}

NEEDS_FRESH_LOADERS: tuple[type[events.InterviewEvent], ...] = (events.TranscriptReady, events.ReportReady)
"""Events with fields resolved through DataLoaders (a transcript's feedback, a report's answers)."""


def graphql_event(event: events.InterviewEvent) -> gql.InterviewEvent | None:
    """The GraphQL type of a domain event; None (logged) when its rows do not fit the type."""
    try:
        return _GRAPHQL_TYPES[type(event)](event)
    except (KeyError, TypeError, ValueError) as error:
        log.warning("skipped an event GraphQL cannot show", type=type(event).__name__, error=str(error))
        return None


def event_of(message: Message) -> gql.InterviewEvent | None:
    """The GraphQL event of a bus message; None (logged) for one this process cannot read."""
    event = events.decode(message)
    return graphql_event(event) if event is not None else None


Delivery = tuple[events.InterviewEvent, gql.InterviewEvent | None]
"""A decoded event and its GraphQL type (None when it cannot be shown)."""


class EventCache:
    """Each recent bus message decoded and mapped once for all its local subscribers.

    A broker hands the same message object to every subscriber of a channel in this process
    (see `events.fanout`), so at 500 subscribers of one session the conversion runs once, not 500
    times. Keyed by the message's identity; the message itself is kept so its id is not reused.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._deliveries: OrderedDict[int, tuple[Message, Delivery | None]] = OrderedDict()

    def delivery_of(self, message: Message) -> Delivery | None:
        """The message's event and GraphQL type; None for a message that cannot be read."""
        key = id(message)
        cached = self._deliveries.get(key)
        if cached is not None and cached[0] is message:
            return cached[1]
        event = events.decode(message)
        delivery = (event, graphql_event(event)) if event is not None else None
        self._deliveries[key] = (message, delivery)
        if len(self._deliveries) > self._size:
            self._deliveries.popitem(last=False)
        return delivery

    def event_of(self, message: Message) -> gql.InterviewEvent | None:
        delivery = self.delivery_of(message)
        return delivery[1] if delivery is not None else None


shared_events = EventCache()
"""The process's cache (the event loop is single-threaded, so no lock is needed)."""
