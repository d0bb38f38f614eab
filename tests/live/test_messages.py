"""Bus messages back into events, and events into GraphQL types (no server: the conversion alone)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from interview.graphql.live import types as gql
from interview.graphql.live.messages import EventCache, event_of
from interview.interviews.events import (
    InterviewerAcknowledged,
    LiveMetricsUpdated,
    QuestionAsked,
    SessionStatusChanged,
    SpokenAudio,
    decode,
    encode,
)


def _metrics_row(session_id: uuid.UUID) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "session": session_id,
        "current_question_number": 2,
        "questions_completed": 1,
        "rolling_technical_avg": 7.0,
        "rolling_clarity_avg": None,
        "rolling_confidence_avg": None,
        "rolling_behavioral_avg": None,
        "current_speech_pace": 140.0,
        "current_volume": 0.6,
        "silence_duration_ms": 300,
        "estimated_time_remaining": None,
        "last_updated": datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
    }


def test_a_published_row_is_revived_with_its_column_types() -> None:
    session_id = uuid.uuid4()
    row = _metrics_row(session_id)
    message = encode(LiveMetricsUpdated(session_id=session_id, metrics=row))
    assert isinstance(message["metrics"]["last_updated"], str)
    decoded = decode(message)
    assert isinstance(decoded, LiveMetricsUpdated)
    assert decoded.metrics == row
    event = event_of(message)
    assert isinstance(event, gql.LiveMetricsUpdated)
    assert event.metrics.session_id == str(session_id)
    assert event.metrics.last_updated == row["last_updated"]


def test_unknown_or_malformed_messages_are_skipped_not_raised() -> None:
    session_id = str(uuid.uuid4())
    at = datetime.now(UTC).isoformat()
    assert event_of({"type": "SomethingNew", "sessionId": session_id, "at": at}) is None
    assert (
        event_of({"type": "QuestionAsked", "sessionId": session_id, "at": at, "question": {"id": "x"}})
        is None
    )
    assert event_of({"type": "TurnFailed"}) is None


def test_a_message_of_an_older_process_is_read() -> None:
    """The wire format is the one `publish_event` wrote before events were dataclasses."""
    session_id = uuid.uuid4()
    old = {
        "type": "SessionStatusChanged",
        "sessionId": str(session_id),
        "at": "2026-11-25T09:00:00+00:00",
        "status": "PAUSED",
    }
    assert decode(old) == SessionStatusChanged(
        session_id=session_id, at=datetime(2026, 11, 25, 9, 0, tzinfo=UTC), status="PAUSED"
    )
    assert (
        encode(
            SessionStatusChanged(
                session_id=session_id, at=datetime(2026, 11, 25, 9, 0, tzinfo=UTC), status="PAUSED"
            )
        )
        == old
    )


def test_every_event_survives_the_wire() -> None:
    session_id = uuid.uuid4()
    question = {
        "id": uuid.uuid4(),
        "session": session_id,
        "asked_at": datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
    }
    for event in (
        QuestionAsked(session_id=session_id, question=question),
        InterviewerAcknowledged(session_id=session_id, text="Thanks.", audio=None),
        SessionStatusChanged(session_id=session_id, status="COMPLETED"),
    ):
        assert decode(encode(event)) == event


def test_an_acknowledgement_flows_to_its_graphql_type() -> None:
    session_id = uuid.uuid4()
    audio = SpokenAudio(mime_type="audio/ogg", base64="AAAA", duration_ms=900)
    event = event_of(encode(InterviewerAcknowledged(session_id=session_id, text="Thanks.", audio=audio)))
    assert isinstance(event, gql.InterviewerAcknowledged)
    assert event.text == "Thanks."
    assert event.audio is not None and event.audio.duration_ms == 900


def test_the_cache_converts_a_shared_message_once() -> None:
    cache = EventCache(size=2)
    message = encode(SessionStatusChanged(session_id=uuid.uuid4(), status="PAUSED"))
    first = cache.event_of(message)
    assert first is not None and cache.event_of(message) is first
    equal_but_other = dict(message)
    assert cache.event_of(equal_but_other) is not first
