"""Event templates render exactly what executing the subscription's selection gives, or give up;
and executing a subscription's events one after another keeps nothing per event.

Every comparison is of the encoded JSON text, so the order of the keys counts too.
"""

from __future__ import annotations

import gc
import tracemalloc
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
import strawberry
from graphql import ExecutionResult, execute_subscription_event, parse
from interview.graphql.enums import SessionStatus
from interview.graphql.execution import FastFieldExecutor
from interview.graphql.interviews.types import LiveMetrics, SpeechAudio
from interview.graphql.live import types as gql
from interview.graphql.live.event_templates import event_template
from interview.graphql.schema import schema

from tests.live.ws import EVENTS, METRICS

AT = datetime(2026, 12, 4, 3, 30, tzinfo=UTC)
SESSION = strawberry.ID("5f0c8a52-5f6e-4a43-9a34-2d1a3f6c1e11")

ALIASED = """
subscription($id: ID!, $withCode: Boolean!) {
  feed: interviewEvents(sessionId: $id) {
    kind: __typename
    ...Failure
    ... on InterviewerSpeech { chunk: chunkIndex sound: audio { type: mimeType ms: durationMs } final }
    ... on TurnFailed { message why: message }
  }
}
fragment Failure on TurnFailed { code @include(if: $withCode) number: sequenceNumber }
"""

EVENTS_OF_EACH_KIND: list[object] = [
    gql.TurnFailed(session_id=SESSION, at=AT, sequence_number=2, code="STT_FAILED", message="Say it again"),
    gql.SessionStatusChanged(session_id=SESSION, at=AT, status=SessionStatus.COMPLETED),
    gql.PartialTranscript(session_id=SESSION, at=AT, sequence_number=3, text="so I — “think”"),
    gql.InterviewerSpeech(
        session_id=SESSION,
        at=AT,
        question_id=strawberry.ID("q1"),
        chunk_index=0,
        text_delta="Tell me",
        audio=SpeechAudio(mime_type="audio/ogg", base64="T2dnUw==", duration_ms=1200),
        final=False,
        restarted=False,
    ),
    gql.InterviewerSpeech(
        session_id=SESSION,
        at=AT,
        question_id=strawberry.ID("q1"),
        chunk_index=1,
        text_delta="",
        audio=None,
        final=True,
        restarted=True,
    ),
]


def _executor(query: str, variables: dict[str, Any]) -> FastFieldExecutor:
    executor = FastFieldExecutor.build(schema._schema, parse(query), raw_variable_values=variables)
    assert isinstance(executor, FastFieldExecutor), executor
    return executor


def _stock(executor: FastFieldExecutor, event: object) -> ExecutionResult:
    result = execute_subscription_event(executor.build_per_event_executor(event))
    assert isinstance(result, ExecutionResult)
    return result


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (EVENTS, {"id": SESSION}),
        (ALIASED, {"id": SESSION, "withCode": True}),
        (ALIASED, {"id": SESSION, "withCode": False}),
    ],
)
@pytest.mark.parametrize("event", EVENTS_OF_EACH_KIND, ids=lambda event: type(event).__name__)
def test_a_template_renders_what_execution_gives(
    query: str, variables: dict[str, Any], event: object
) -> None:
    executor = _executor(query, variables)
    template = event_template(executor, type(event))
    assert template is not None
    stock = _stock(executor, event)
    assert not stock.errors
    assert orjson.dumps(template.render(event)) == orjson.dumps(stock.data)


def test_live_metrics_render_with_their_datetimes() -> None:
    metrics = LiveMetrics(
        session_id=SESSION,
        current_question_number=2,
        questions_completed=1,
        rolling_technical_avg=7.5,
        rolling_clarity_avg=None,
        rolling_confidence_avg=None,
        rolling_behavioral_avg=None,
        current_speech_pace=131.5,
        current_volume=0.25,
        silence_duration_ms=None,
        estimated_time_remaining=300,
        last_updated=AT,
    )
    executor = _executor(METRICS, {"id": SESSION})
    template = event_template(executor, LiveMetrics)
    assert template is not None
    assert orjson.dumps(template.render(metrics)) == orjson.dumps(_stock(executor, metrics).data)


def test_a_value_execution_refuses_is_left_to_execution() -> None:
    """An Int beyond 32 bits is an error for graphql-core: the template renders nothing."""
    executor = _executor(ALIASED, {"id": SESSION, "withCode": True})
    event = gql.TurnFailed(session_id=SESSION, at=AT, sequence_number=2**40, code="X", message="m")
    template = event_template(executor, gql.TurnFailed)
    assert template is not None
    assert template.render(event) is None
    assert _stock(executor, event).errors


def test_fields_with_resolvers_are_not_templated() -> None:
    """A transcript's speaker name comes from a resolver: such a selection is always executed."""
    with_resolver = _executor(
        "subscription($id: ID!) { interviewEvents(sessionId: $id) {"
        " ... on TranscriptReady { transcript { id speakerName } } } }",
        {"id": SESSION},
    )
    assert event_template(with_resolver, gql.TranscriptReady) is None
    plain = _executor(
        "subscription($id: ID!) { interviewEvents(sessionId: $id) {"
        " ... on TranscriptReady { transcript { id text } } } }",
        {"id": SESSION},
    )
    assert event_template(plain, gql.TranscriptReady) is not None


def test_executing_many_events_keeps_no_memory_per_event() -> None:
    """Per-event executors once shared the subscription's memo tables, keyed by field groups that
    each event collects anew: about 1 KB more per event for as long as the subscription lived."""
    executor = _executor(EVENTS, {"id": SESSION})

    def run(count: int) -> None:
        for number in range(count):
            event = gql.TurnFailed(session_id=SESSION, at=AT, sequence_number=number, code="X", message="m")
            assert not _stock(executor, event).errors

    run(10)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        run(1000)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 50_000, f"{grown:,} bytes more after 1,000 events"
