"""The interview's events: what the domain publishes on a session's channel, after the database commits.

Each event is a frozen dataclass, defined once here. `encode` and `decode` are the one pair that
turns them into broker messages and back; every publisher goes through `publish` and every
subscriber through `decode`. The wire format is plain JSON:

    {"type": "TranscriptReady", "sessionId": "...", "at": "2026-...", "transcript": {...row...}}

with the fields' names in camelCase, rows as their columns (datetimes as ISO strings, UUIDs as
strings) and audio as {"mimeType", "base64", "durationMs"}. A message this process cannot read (an
unknown type from a newer process, a malformed one from an older one) is logged and skipped by
`decode`, never raised into a subscriber's stream.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Annotated, Any, get_args, get_origin, get_type_hints
from uuid import UUID

import structlog
from piccolo.columns import UUID as UUIDColumn
from piccolo.columns import ForeignKey, Timestamptz
from piccolo.table import Table

from interview.ai.base import SynthesizedSpeech
from interview.db.rows import Row
from interview.db.tables import Feedback, LiveMetrics, Question, Report, Transcript
from interview.events.bus import Broker, Message, session_channel

log = structlog.get_logger(__name__)

FINAL_STATUSES = frozenset({"COMPLETED", "CANCELLED"})
"""A session in one of these states has no more events."""


@dataclass(frozen=True)
class SpokenAudio:
    """A clip as events carry it: base64 once, at the publisher, not once per subscriber."""

    mime_type: str
    base64: str
    duration_ms: int

    @classmethod
    def of(cls, speech: SynthesizedSpeech | None) -> SpokenAudio | None:
        if speech is None:
            return None
        return cls(speech.mime_type, base64.b64encode(speech.audio).decode(), speech.duration_ms)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class InterviewEvent:
    """Something that happened in one session, in publish order."""

    session_id: UUID
    at: datetime = field(default_factory=_now)

    @property
    def ends_interview(self) -> bool:
        """True for the session's last event: subscriptions end after it."""
        return False


@dataclass(frozen=True, kw_only=True)
class TranscriptReady(InterviewEvent):
    transcript: Annotated[Row, Transcript]
    """The answer's USER transcript row, TRANSCRIBED."""


@dataclass(frozen=True, kw_only=True)
class InterviewerAcknowledged(InterviewEvent):
    """The interviewer's short phrase while the answer is scored."""

    text: str
    audio: SpokenAudio | None


@dataclass(frozen=True, kw_only=True)
class AnswerEvaluated(InterviewEvent):
    transcript_id: UUID
    feedback: Annotated[Row, Feedback]


@dataclass(frozen=True, kw_only=True)
class InterviewerSpeech(InterviewEvent):
    """One sentence of the next question, in order; the last one has `final`."""

    question_id: UUID
    chunk_index: int
    text_delta: str
    audio: SpokenAudio | None
    final: bool


@dataclass(frozen=True, kw_only=True)
class QuestionAsked(InterviewEvent):
    question: Annotated[Row, Question]


@dataclass(frozen=True, kw_only=True)
class LiveMetricsUpdated(InterviewEvent):
    metrics: Annotated[Row, LiveMetrics]


@dataclass(frozen=True, kw_only=True)
class SessionStatusChanged(InterviewEvent):
    status: str

    @property
    def ends_interview(self) -> bool:
        return self.status in FINAL_STATUSES


@dataclass(frozen=True, kw_only=True)
class ReportReady(InterviewEvent):
    report: Annotated[Row, Report]


@dataclass(frozen=True, kw_only=True)
class TurnFailed(InterviewEvent):
    sequence_number: int
    code: str
    message: str


EVENT_TYPES: tuple[type[InterviewEvent], ...] = (
    TranscriptReady,
    InterviewerAcknowledged,
    AnswerEvaluated,
    InterviewerSpeech,
    QuestionAsked,
    LiveMetricsUpdated,
    SessionStatusChanged,
    ReportReady,
    TurnFailed,
)


# -- the wire format ------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, SpokenAudio):
        return {"mimeType": value.mime_type, "base64": value.base64, "durationMs": value.duration_ms}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _revive_row(table: type[Table], value: Any) -> Row:
    """A published row with its timestamps and ids turned back into datetimes and UUIDs."""
    if not isinstance(value, dict):
        raise TypeError(f"a {table.__name__} row must be an object")
    revived = dict(value)
    for column in table._meta.columns:
        name = column._meta.name
        item = revived.get(name)
        if not isinstance(item, str):
            continue
        if isinstance(column, Timestamptz):
            revived[name] = datetime.fromisoformat(item)
        elif isinstance(column, (UUIDColumn, ForeignKey)):
            revived[name] = UUID(item)
    return revived


def _audio(value: Any) -> SpokenAudio | None:
    if not value:
        return None
    return SpokenAudio(str(value["mimeType"]), str(value["base64"]), int(value["durationMs"]))


def _reader(hint: Any) -> Callable[[Any], Any]:
    """How one field is read back from JSON, from its annotation."""
    if get_origin(hint) is Annotated:
        table = get_args(hint)[1]
        return lambda value: _revive_row(table, value)
    if hint is UUID:
        return lambda value: UUID(str(value))
    if hint is datetime:
        return lambda value: datetime.fromisoformat(str(value))
    if SpokenAudio in get_args(hint):
        return _audio
    if hint in (str, int, bool):
        return hint  # type: ignore[no-any-return]
    raise TypeError(f"no wire format for {hint!r}")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@dataclass(frozen=True)
class _Field:
    name: str
    key: str
    read: Callable[[Any], Any]


def _wire_fields(event_type: type[InterviewEvent]) -> tuple[_Field, ...]:
    hints = get_type_hints(event_type, include_extras=True)
    keys = {"session_id": "sessionId"}
    return tuple(
        _Field(f.name, keys.get(f.name, _camel(f.name)), _reader(hints[f.name])) for f in fields(event_type)
    )


_WIRE: dict[str, tuple[type[InterviewEvent], tuple[_Field, ...]]] = {
    event_type.__name__: (event_type, _wire_fields(event_type)) for event_type in EVENT_TYPES
}
"""Each event type's fields with their wire keys and readers, worked out once at import."""


def encode(event: InterviewEvent) -> Message:
    """The broker message of an event (JSON-safe; checked here, not in a subscriber)."""
    _, wire_fields = _WIRE[type(event).__name__]
    message: Message = {"type": type(event).__name__}
    for wire in wire_fields:
        message[wire.key] = _jsonable(getattr(event, wire.name))
    json.dumps(message)  # fail at the publisher if something is not serialisable
    return message


def decode(message: Message) -> InterviewEvent | None:
    """The event of a broker message; None (logged) for a type or shape this process cannot read."""
    known = _WIRE.get(str(message.get("type")))
    if known is None:
        log.warning("skipped a bus message of unknown type", type=message.get("type"))
        return None
    event_type, wire_fields = known
    try:
        return event_type(**{wire.name: wire.read(message[wire.key]) for wire in wire_fields})
    except (KeyError, TypeError, ValueError) as error:
        log.warning("skipped a malformed bus message", type=message.get("type"), error=str(error))
        return None


async def publish(broker: Broker, event: InterviewEvent) -> None:
    """Send an event to its session's subscribers (call after the commit it reports)."""
    await broker.publish(session_channel(str(event.session_id)), encode(event))
