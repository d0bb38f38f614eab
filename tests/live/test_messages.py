"""Bus messages back into GraphQL events (no server: the conversion alone)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from interview.db.tables import LiveMetrics as LiveMetricsTable
from interview.graphql.live import types as events
from interview.graphql.live.messages import EventCache, event_of, revive_row
from interview.interviews.events import event_message


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
    message = event_message("LiveMetricsUpdated", session_id, metrics=row)
    assert isinstance(message["metrics"]["last_updated"], str)
    assert revive_row(LiveMetricsTable, message["metrics"]) == row
    event = event_of(message)
    assert isinstance(event, events.LiveMetricsUpdated)
    assert event.metrics.session_id == str(session_id)
    assert event.metrics.last_updated == row["last_updated"]


def test_unknown_or_malformed_messages_are_skipped_not_raised() -> None:
    session_id = uuid.uuid4()
    assert event_of(event_message("SomethingNew", session_id)) is None
    assert event_of(event_message("QuestionAsked", session_id, question={"id": "x"})) is None
    assert event_of({"type": "TurnFailed"}) is None


def test_an_added_event_type_of_plain_fields_flows_without_its_own_builder() -> None:
    session_id = uuid.uuid4()
    audio = {"mimeType": "audio/ogg", "base64": "AAAA", "durationMs": 900}
    event = event_of(event_message("InterviewerAcknowledged", session_id, text="Thanks.", audio=audio))
    assert isinstance(event, events.InterviewerAcknowledged)
    assert event.text == "Thanks."
    assert event.audio is not None and event.audio.duration_ms == 900


def test_the_cache_converts_a_shared_message_once() -> None:
    cache = EventCache(size=2)
    message = event_message("SessionStatusChanged", uuid.uuid4(), status="PAUSED")
    first = cache.event_of(message)
    assert first is not None and cache.event_of(message) is first
    equal_but_other = dict(message)
    assert cache.event_of(equal_but_other) is not first
